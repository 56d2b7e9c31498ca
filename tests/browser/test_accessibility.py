"""Every public page type in every language: zero axe-core violations of the WCAG 2.0, 2.1 and
2.2 A and AA rules and no console errors at phone and desktop widths, no sideways scrolling
at phone, tablet and desktop widths (WCAG 1.4.10, reflow), and at a tablet's widths a compact
header, filters that show their whole value and cards of equal height in each row.

Each page is loaded once, at a phone's width, and then widened to a desktop's: axe runs at
both, and the other widths are measured by resizing the same load, which is what a reader
turning a tablet or widening a window does."""

import json

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import WIDTHS, BrowserPage, screenshot

# One xdist group per language: `make test` spreads them over the workers (each copies the demo
# back for its own live server: tests/browser/conftest.py).
# The widths measured for sideways scrolling, each after the load at the width named.
REFLOW_WIDTHS = {"phone": [375, 320], "desktop": [1280, 768]}

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}

PAGES = {
    "es": {
        "home": "/es/",
        "standard": "/es/acerca-de/",
        "member-states-index": "/es/estados-miembros/",
        "member-state": "/es/estados-miembros/peru/",
        "group-of-friends": "/es/grupo-de-amigos/",
        "organizations-index": "/es/organizaciones-internacionales/",
        "organization": "/es/organizaciones-internacionales/acnur/",
        "secretariat": "/es/secretaria-tecnica/",
        "rounds-index": "/es/rondas/",
        "round": "/es/rondas/v-ronda/",
        "thematic-areas-index": "/es/areas-tematicas/",
        "thematic-area": "/es/areas-tematicas/asilo-y-refugio/",
        "help": "/es/necesito-ayuda/",
        "help-filtered": "/es/necesito-ayuda/?country=PE&need=documents",
        "library": "/es/documentos/?type=joint_declaration",
        "calendar": "/es/calendario/",
        "news-index": "/es/noticias/",
        "search": "/es/buscar/?q=migrantes",
        "news-item": "/es/noticias/nace-el-proceso-de-quito-con-la-firma-de-la-declaracion-de-quito/",
        "meeting": "/es/calendario/plenaria-v-ronda/",
        "publication": "/es/documentos/declaracion-de-quito-sobre-movilidad-humana-de-ciudadanos-venezolanos-en-la-region/",
        "open-data": "/es/datos/",
        "not-found": "/es/no-existe/",
    },
    "en": {
        "home": "/en/",
        "standard": "/en/about/",
        "member-states-index": "/en/member-states/",
        "member-state": "/en/member-states/peru/",
        "group-of-friends": "/en/group-of-friends/",
        "organizations-index": "/en/international-organizations/",
        "organization": "/en/international-organizations/unhcr/",
        "secretariat": "/en/technical-secretariat/",
        "rounds-index": "/en/rounds/",
        "round": "/en/rounds/round-v/",
        "thematic-areas-index": "/en/thematic-areas/",
        "thematic-area": "/en/thematic-areas/asylum/",
        "help": "/en/i-need-help/",
        "help-filtered": "/en/i-need-help/?country=PE&need=education",
        "library": "/en/documents/?type=joint_declaration",
        "calendar": "/en/calendar/",
        "news-index": "/en/news/",
        "search": "/en/search/?q=refugees",
        "news-item": "/en/news/the-quito-process-begins-with-the-signing-of-the-declaration-of-quito/",
        "meeting": "/en/calendar/round-v-plenary/",
        "publication": "/en/documents/declaration-of-quito-on-human-mobility-of-venezuelan-citizens-in-the-region/",
        "open-data": "/en/data/",
        "not-found": "/en/does-not-exist/",
    },
    # Portuguese (launched for the browser tests: core/i18n/launch.py): the pages the demo writes
    # in Portuguese, and pages that fall back to Spanish text marked lang="es".
    "pt": {
        "home": "/pt/",
        "standard": "/pt/sobre/",
        "member-states-index": "/pt/estados-membros/",
        "member-state": "/pt/estados-membros/brasil/",
        "group-of-friends": "/pt/grupo-de-amigos/",
        "secretariat": "/pt/secretaria-tecnica/",
        "round": "/pt/rondas/v-rodada/",
        "news-item": "/pt/noticias/nace-el-proceso-de-quito-con-la-firma-de-la-declaracion-de-quito/",
        "search": "/pt/busca/?q=refugiados",
        "open-data": "/pt/dados/",
        "not-found": "/pt/nao-existe/",
    },
}


OVERFLOWING = """width => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 1)
    .slice(0, 3).map(e => e.tagName + '.' + e.className)"""


def overflow(page, width):
    """None when the page fits `width`, else its scroll width and the widest elements."""
    page.set_viewport_size({"width": width, "height": 900})
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width <= width:
        return None
    return scroll_width, page.evaluate(OVERFLOWING, width)


# At a tablet's width (768 px) the header holds the name, the search box, "I need help" and the
# languages on two rows and the menu's button on a third: about 180 px in every language (three
# rows of menu made it 280 px). At 1024 px the menu is open on one row: 142 px in English, 162 in
# Spanish, 210 in Portuguese, whose longer names wrap inside their items.
TABLET = 768
HEADER_AT_MOST = {1024: 220, TABLET: 200}

LAYOUT = """() => {
    const header = document.querySelector('.site-header').getBoundingClientRect().height;
    // A select is as wide as its longest option when nothing constrains it: measured on a copy.
    const clipped = [...document.querySelectorAll('form.filters select')].filter(select => {
        const copy = select.cloneNode(true);
        copy.style.cssText = 'position:absolute;visibility:hidden;width:auto;max-width:none';
        select.parentNode.appendChild(copy);
        const needed = copy.getBoundingClientRect().width;
        copy.remove();
        return select.getBoundingClientRect().width + 1 < needed;
    }).map(select => select.id);
    // Cards that share a row of a grid share its height.
    const uneven = [];
    document.querySelectorAll('.card-grid').forEach(grid => {
        const rows = {};
        [...grid.children].forEach(card => {
            const box = card.getBoundingClientRect();
            (rows[Math.round(box.top)] ||= []).push(Math.round(box.height));
        });
        Object.values(rows).filter(h => Math.max(...h) - Math.min(...h) > 1)
            .forEach(h => uneven.push(h));
    });
    return {header: Math.round(header), clipped, uneven};
}"""


def tablet_layout(page):
    """The header's height, the filters whose value is cut short and the card rows of unequal
    heights at a tablet's widths, landscape then upright (after the script followed the resize)."""
    seen = {}
    for width in (1024, TABLET):
        page.set_viewport_size({"width": width, "height": 900})
        page.evaluate(
            "new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
        )
        seen[width] = page.evaluate(LAYOUT)
    return seen


def axe_report(page, axe):
    """What axe found on the page as it is now (its script is injected once per load)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe.axe_script)
    return page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)


def check_page(page, axe, url, language, name):
    """Loads `url` once at a phone's width, then widens the window to a desktop's: at each
    width axe runs, a screenshot may be taken and sideways scrolling is measured. Returns
    {width name: what the tests read}."""
    page.set_viewport_size({"width": WIDTHS["phone"], "height": 900})
    page.errors.clear()
    response = page.goto(url)
    lang = page.locator("html").get_attribute("lang")
    seen = {}
    for width_name in WIDTHS:
        page.set_viewport_size({"width": WIDTHS[width_name], "height": 900})
        # Every rule of the tags runs; "resultTypes" only spares axe from naming every node that
        # passed (the rules that passed, were inapplicable or incomplete are still listed).
        report = axe_report(page, axe)
        errors = list(page.errors)
        page.errors.clear()
        if name == "not-found":  # the browser reports the page's own 404 status
            errors = [e for e in errors if "status of 404" not in e]
        screenshot(page, f"{language}-{width_name}-{name}")
        seen[width_name] = {
            "status": response.status,
            "lang": lang,
            "rules": {
                rule["id"]
                for kind in ("passes", "violations", "incomplete", "inapplicable")
                for rule in report[kind]
            },
            "violations": [
                {"rule": v["id"], "nodes": [n["target"] for n in v["nodes"]][:5], "help": v["help"]}
                for v in report["violations"]
            ],
            "console": errors,
            # Last: resizing changes the layout the checks above saw.
            "overflow": {width: overflow(page, width) for width in REFLOW_WIDTHS[width_name]},
        }
        if width_name == "desktop":  # a desktop's load narrowed to a tablet's, as turned upright
            seen[width_name]["tablet"] = tablet_layout(page)
    return seen


@pytest.fixture(scope="module")
def visits(demo_server, browser):
    """{(language, width name): {page name: what check_page saw}}, each language visited once
    by the first test that asks for it."""
    seen = {}

    def visit(language):
        if (language, "phone") not in seen:
            context = browser.new_context()
            page = BrowserPage(context.new_page())
            axe = Axe()
            try:
                for name, path in PAGES[language].items():
                    widths = check_page(page, axe, demo_server.url + path, language, name)
                    for width_name, result in widths.items():
                        seen.setdefault((language, width_name), {})[name] = result
            finally:
                context.close()
        return seen

    return visit


LANGUAGE_GROUPS = [
    pytest.param(code, marks=pytest.mark.xdist_group(f"browser_axe_{code}")) for code in PAGES
]


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("language", LANGUAGE_GROUPS)
def test_every_page_type_is_accessible_without_console_errors(visits, language, width):
    seen = visits(language)[language, width]
    problems, rules_run = {}, set()
    for name, result in seen.items():
        path = PAGES[language][name]
        assert result["status"] == (404 if name == "not-found" else 200), path
        assert result["lang"] == language, path
        rules_run |= result["rules"]
        if result["violations"] or result["console"]:
            problems[path] = {"violations": result["violations"], "console": result["console"]}
    assert not problems, json.dumps(problems, indent=2, ensure_ascii=False)
    print(f"axe: {len(rules_run)} WCAG A/AA rules run on {len(seen)} pages")
    assert len(rules_run) >= 50  # the WCAG A/AA rule set really ran


@pytest.mark.parametrize("language", LANGUAGE_GROUPS)
def test_no_page_scrolls_sideways_at_any_width(visits, language):
    seen = visits(language)
    overflowing = {
        f"{PAGES[language][name]} at {width}px": too_wide
        for width_name in WIDTHS
        for name, result in seen[language, width_name].items()
        for width, too_wide in result["overflow"].items()
        if too_wide
    }
    assert not overflowing, overflowing


@pytest.mark.parametrize("language", LANGUAGE_GROUPS)
def test_every_page_type_keeps_a_compact_header_whole_filters_and_even_cards_at_tablet_width(
    visits, language
):
    seen = visits(language)[language, "desktop"]
    problems = {
        f"{PAGES[language][name]} at {width}px": layout
        for name, result in seen.items()
        for width, layout in result["tablet"].items()
        if layout["header"] > HEADER_AT_MOST[width] or layout["clipped"] or layout["uneven"]
    }
    assert not problems, json.dumps(problems, indent=2)


@pytest.mark.xdist_group("browser_axe_es")
def test_the_desktop_menu_fits_on_one_row_in_every_language(demo_server, open_page):
    page = open_page("desktop")
    rows = {}
    for language, pages in PAGES.items():
        page.goto(demo_server.url + pages["home"])
        tops = page.eval_on_selector_all(
            "nav.main-nav li",
            "items => items.map(i => Math.round(i.getBoundingClientRect().top))",
        )
        assert len(tops) >= 7, language
        rows[language] = len(set(tops))
    assert rows == dict.fromkeys(PAGES, 1)
