"""Every page type, in every language, fits the screen: no horizontal scrolling at phone, tablet
and desktop widths (WCAG 1.4.10, reflow)."""

import pytest

from .test_accessibility import PAGES

WIDTHS = [320, 375, 768, 1280]


# One xdist group per width: `make test` spreads them over the workers.
@pytest.mark.parametrize(
    "width",
    [
        pytest.param(width, marks=pytest.mark.xdist_group(f"browser_layout_{width}"))
        for width in WIDTHS
    ],
)
def test_no_page_scrolls_sideways(demo_server, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    overflowing = {}
    try:
        for pages in PAGES.values():
            for path in pages.values():
                page.goto(demo_server.url + path)
                scroll_width = page.evaluate("document.documentElement.scrollWidth")
                if scroll_width > width:
                    widest = page.evaluate(
                        """(width) => [...document.querySelectorAll('body *')]
                            .filter(e => e.getBoundingClientRect().right > width + 1)
                            .slice(0, 3).map(e => e.tagName + '.' + e.className)""",
                        width,
                    )
                    overflowing[path] = (scroll_width, widest)
    finally:
        context.close()
    assert not overflowing, overflowing


@pytest.mark.xdist_group("browser_layout_1280")
def test_the_desktop_menu_fits_on_one_row_in_every_language(demo_server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        rows = {}
        for language, pages in PAGES.items():
            page.goto(demo_server.url + pages["home"])
            tops = page.eval_on_selector_all(
                "nav.main-nav li",
                "items => items.map(i => Math.round(i.getBoundingClientRect().top))",
            )
            assert len(tops) >= 7, language
            rows[language] = len(set(tops))
    finally:
        context.close()
    assert rows == dict.fromkeys(PAGES, 1)
