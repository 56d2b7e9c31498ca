"""Every public page type in every language, at phone and desktop widths: no console errors and
zero axe-core violations of the WCAG 2.0, 2.1 and 2.2 A and AA rules."""

import json

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import screenshot

# One xdist group per language: `make test` spreads them over the workers (each copies the demo
# back for its own live server: tests/browser/conftest.py).

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
    # Portuguese (launched for the browser tests: core/languages.py): the pages the demo writes
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


@pytest.mark.parametrize("width", ["phone", "desktop"])
@pytest.mark.parametrize(
    "language",
    [pytest.param(code, marks=pytest.mark.xdist_group(f"browser_axe_{code}")) for code in PAGES],
)
def test_every_page_type_is_accessible_without_console_errors(
    demo_server, open_page, language, width
):
    axe = Axe()
    problems, rules_run = {}, set()
    page = open_page(width)
    for name, path in PAGES[language].items():
        page.errors.clear()
        response = page.goto(demo_server.url + path)
        expected_status = 404 if name == "not-found" else 200
        assert response.status == expected_status, path
        assert page.locator("html").get_attribute("lang") == language
        # Every rule of the tags runs; "resultTypes" only spares axe from naming every node that
        # passed (the rules that passed, were inapplicable or incomplete are still listed).
        results = axe.run(page, options=AXE_OPTIONS)
        report = results.response
        rules_run |= {
            rule["id"]
            for kind in ("passes", "violations", "incomplete", "inapplicable")
            for rule in report[kind]
        }
        violations = [
            {"rule": v["id"], "nodes": [n["target"] for n in v["nodes"]][:5], "help": v["help"]}
            for v in report["violations"]
        ]
        errors = list(page.errors)
        if name == "not-found":  # the browser reports the page's own 404 status
            errors = [e for e in errors if "status of 404" not in e]
        if violations or errors:
            problems[path] = {"violations": violations, "console": errors}
        screenshot(page, f"{language}-{width}-{name}")
    assert not problems, json.dumps(problems, indent=2, ensure_ascii=False)
    print(f"axe: {len(rules_run)} WCAG A/AA rules run on {len(PAGES[language])} pages")
    assert len(rules_run) >= 50  # the WCAG A/AA rule set really ran
