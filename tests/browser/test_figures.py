"""A member state's figures over time in the browser: the chart and its table pass axe at phone
and desktop widths, nothing scrolls sideways, and the figures download as CSV from the page."""

import datetime
import json
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import screenshot
from .test_accessibility import AXE_OPTIONS

pytestmark = [pytest.mark.xdist_group("browser_figures")]

PATHS = {"es": "/es/estados-miembros/peru/", "en": "/en/member-states/peru/"}


@pytest.fixture(scope="module")
def charted_server(demo_server, django_db_blocker):
    """The demo with an earlier figure for Peru (the demo has one date per state, and a line
    needs two). The value is the test's own, not a published figure."""
    from figures.models import StateFigure
    from members.models import MemberStatePage

    with django_db_blocker.unblock():
        peru = MemberStatePage.objects.get(country="PE")
        StateFigure.objects.create(
            page=peru,
            value=1200000,
            as_of=datetime.date(2023, 3, 1),
            source_name="Test",
            sort_order=1,
        )
    return demo_server


@pytest.mark.parametrize("width", ["phone", "desktop"])
@pytest.mark.parametrize("language", ["es", "en"])
def test_the_chart_and_its_table_are_accessible(charted_server, open_page, language, width):
    page = open_page(width)
    assert page.goto(charted_server.url + PATHS[language]).status == 200
    assert page.locator("svg.figure-series__chart circle").count() == 2
    report = Axe().run(page, options=AXE_OPTIONS).response
    violations = [
        {"rule": v["id"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in report["violations"]
    ]
    assert not violations, json.dumps(violations, indent=2)
    assert not page.errors
    screenshot(page, f"{language}-{width}-member-state-figures")


@pytest.mark.parametrize("width", [320, 375])
def test_the_chart_fits_a_phone_and_its_labels_stay_readable(charted_server, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        page.goto(charted_server.url + PATHS["es"])
        widest = page.evaluate(
            """(width) => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > width + 1)
                .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + e.getBoundingClientRect().right)""",
            width,
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= width, widest
        chart = page.locator("svg.figure-series__chart").bounding_box()
        assert chart["width"] <= width
        # The SVG's 12-unit labels scale with the chart: still about 12 px or more on a phone.
        label = page.locator("svg.figure-series__chart text").first.bounding_box()
        assert label["height"] >= 10
    finally:
        context.close()


def test_the_figures_download_as_csv_from_the_state_page(charted_server, open_page):
    page = open_page("desktop")
    page.goto(charted_server.url + PATHS["en"])
    with page.expect_download() as download_info:
        page.locator(".download-data a", has_text="CSV").first.click()
    download = download_info.value
    assert download.suggested_filename == "quito-process-figures-en.csv"
    content = Path(download.path()).read_text(encoding="utf-8-sig")
    assert content.startswith("id,scope,country,area,measure")
    assert ",PE,Peru,hosted," in content and "2023-03-01" in content
