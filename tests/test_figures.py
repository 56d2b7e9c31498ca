"""Figures as dated records: a member state's figures over time, the region's latest figure."""

import datetime

import pytest
from wagtail.test.utils.form_data import inline_formset, streamfield

from figures.models import FigureSeries, Measure, StateFigure
from members.models import MemberStatePage

from .admin_forms import admin_post_data
from .factories import (
    MemberStatePageFactory,
    MemberStatesIndexPageFactory,
    regional_figure,
    state_figure,
)
from .html import parse, text

NOV_2025 = datetime.date(2025, 11, 1)
JUL_2024 = datetime.date(2024, 7, 1)
MAR_2023 = datetime.date(2023, 3, 1)


@pytest.fixture
def index(home):
    return MemberStatesIndexPageFactory(
        parent=home, slug_es="estados-miembros", slug_en="member-states"
    )


@pytest.fixture
def peru(index):
    return MemberStatePageFactory(
        parent=index,
        country="PE",
        figures=[
            # In the editor's order, not the dates': the page sorts by date.
            state_figure(1662889, NOV_2025, source_url="https://www.r4v.info/", sort_order=0),
            state_figure(1286464, MAR_2023, source_name="Migraciones", sort_order=1),
            state_figure(1542004, JUL_2024, sort_order=2),
        ],
    )


def figure_fact(response):
    return text(parse(response).select_one("dl.facts"))


def test_state_page_shows_its_latest_figure_with_date_and_source(client, peru):
    spanish = figure_fact(client.get("/es/estados-miembros/peru/"))
    english = figure_fact(client.get("/en/member-states/peru/"))
    assert "1 662 889" in spanish and "noviembre de 2025" in spanish and "Fuente: R4V" in spanish
    assert "1,662,889" in english and "November 2025" in english and "Source: R4V" in english


def test_state_page_table_lists_every_figure_newest_first_with_its_source(client, peru):
    table = parse(client.get("/en/member-states/peru/")).select_one("table.figure-series__table")
    rows = [[text(cell) for cell in row.select("th, td")] for row in table.tbody.select("tr")]
    assert rows == [
        ["November 2025", "1,662,889", "R4V"],
        ["July 2024", "1,542,004", "R4V"],
        ["March 2023", "1,286,464", "Migraciones"],
    ]


def test_state_page_draws_the_figures_over_time_as_svg_with_one_point_per_figure(client, peru):
    page = parse(client.get("/es/estados-miembros/peru/"))
    chart = page.select_one("svg.figure-series__chart")
    assert chart["role"] == "img"
    assert len(chart.select("circle")) == 3
    # Oldest on the left, latest on the right, larger values higher (smaller y).
    xs = [float(c["cx"]) for c in chart.select("circle")]
    ys = [float(c["cy"]) for c in chart.select("circle")]
    assert xs == sorted(xs)
    assert ys[0] > ys[1] > ys[2]
    assert "marzo de 2023" in text(chart) and "noviembre de 2025" in text(chart)


def test_the_chart_needs_no_inline_style(client, peru):
    section = parse(client.get("/es/estados-miembros/peru/")).select_one(".figure-series")
    assert not section.select("[style]")
    assert not section.select("style, script")


@pytest.mark.parametrize(
    ("language", "heading", "sentence"),
    [
        (
            "es",
            "Cifras",
            "Hasta ahora se ha publicado una sola cifra: 5 300, a julio de 2024.",
        ),
        ("en", "Figures", "Only one figure has been published so far: 5,300, as of July 2024."),
    ],
)
def test_a_single_figure_is_said_in_a_sentence_not_a_one_row_table(
    client, index, language, heading, sentence
):
    MemberStatePageFactory(parent=index, country="PY", figures=[state_figure(5300, JUL_2024)])
    path = {"es": "/es/estados-miembros/paraguay/", "en": "/en/member-states/paraguay/"}
    page = parse(client.get(path[language]))
    section = page.find(id="figures-heading").find_parent("section")
    assert text(page.find(id="figures-heading")) == heading  # not "Figures over time"
    assert text(section.select_one(".figure-series__single")).startswith(sentence)
    assert not page.select("table.figure-series__table")
    assert not page.select("svg.figure-series__chart")


def test_a_state_without_figures_shows_none(client, index):
    MemberStatePageFactory(parent=index, country="CW", status="observer", figures=[])
    page = parse(client.get("/en/member-states/curacao/"))
    assert not page.select("dl.facts")
    assert not page.select(".figure-series")


def test_the_state_page_links_its_figures_as_csv_in_each_language(client, peru):
    spanish = parse(client.get("/es/estados-miembros/peru/")).select_one(".download-data")
    english = parse(client.get("/en/member-states/peru/")).select_one(".download-data")
    assert "/es/datos/figures.csv" in [a["href"] for a in spanish.select("a")]
    assert "/en/data/figures.csv" in [a["href"] for a in english.select("a")]
    assert client.get("/en/data/figures.csv").status_code == 200


def test_the_index_chart_shows_each_states_latest_figure(client, peru, index):
    rows = parse(client.get("/en/member-states/")).select("ol.bar-chart > li")
    assert [text(row.select_one(".bar-chart__value")) for row in rows] == [
        "1,662,889 (November 2025)"
    ]


def test_the_home_page_shows_the_latest_regional_record_never_an_older_one(client, home):
    home.regional_figures = [
        regional_figure(6906690, NOV_2025, source_url="https://www.r4v.info/", sort_order=0),
        regional_figure(6590000, JUL_2024, source_url="https://www.r4v.info/", sort_order=1),
    ]
    home.save()
    facts = text(parse(client.get("/en/")).select_one("main dl.facts"))
    assert "6,906,690 As of November 2025" in facts
    assert "6,590,000" not in facts


def test_an_editor_adds_a_figure_and_the_earlier_ones_stay(admin_client, peru):
    earlier = [
        {
            "id": str(record.pk),
            "measure": record.measure,
            "value": str(record.value),
            "as_of": record.as_of.isoformat(),
            "as_of_precision": record.as_of_precision,
            "source_name": record.source_name,
            "source_url": record.source_url,
            "source_date": "",
            "source_date_precision": "day",
        }
        for record in peru.figures.all()
    ]
    new = {
        "measure": "hosted",
        "value": "1700000",
        "as_of": "2026-05-01",
        "as_of_precision": "month",
        "source_name": "R4V",
        "source_url": "https://www.r4v.info/",
        "source_date": "",
        "source_date_precision": "day",
    }
    data = admin_post_data(
        {
            "title_es": "Perú",
            "title_en": "Peru",
            "slug_es": "peru",
            "slug_en": "peru",
            "country": "PE",
            "status": "member",
            "body_es": streamfield([]),
            "body_en": streamfield([]),
            "related_links_es": streamfield([]),
            "related_links_en": streamfield([]),
            "focal_institutions": inline_formset([]),
            "figures": inline_formset([*earlier, new], initial=len(earlier)),
            "action-publish": "action-publish",
        }
    )
    response = admin_client.post(f"/admin/pages/{peru.pk}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    page = MemberStatePage.objects.get(pk=peru.pk)
    assert sorted(record.value for record in page.figures.all()) == [
        1286464,
        1542004,
        1662889,
        1700000,
    ]
    assert page.latest_figure.value == 1700000


def test_what_a_figure_counts_is_translated(client, index):
    MemberStatePageFactory(
        parent=index,
        country="CO",
        figures=[state_figure(600000, NOV_2025, measure=Measure.REGULARISATION_PERMITS)],
    )
    page = parse(client.get("/en/member-states/colombia/"))
    assert text(page.select_one(".figure-series figcaption")) == (
        "Residence and regularisation permits granted"
    )
    # Not the headline: that is the figure of people hosted, which Colombia's page lacks here.
    assert not page.select("dl.facts")


def test_the_chart_axis_ends_at_a_round_number_above_the_largest_figure():
    records = [
        StateFigure(value=1662889, as_of=NOV_2025, sort_order=0),
        StateFigure(value=1286464, as_of=MAR_2023, sort_order=1),
    ]
    assert FigureSeries(Measure.HOSTED, records).top_value == 2000000
