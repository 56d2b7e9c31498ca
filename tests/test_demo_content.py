import datetime
import gzip
import re
from io import StringIO
from urllib.parse import urlparse
from xml.etree import ElementTree

import feedparser
import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from wagtail.models import Page, Site

from core.pages.models import StandardPage
from demo_content.shared import load_facts
from home.models import HomePage
from members.models import GroupOfFriendsPage, MemberStatePage
from organizations.models import OrganizationPage
from secretariat.models import TechnicalSecretariatPage
from thematic_areas.models import ThematicAreaPage

from .conftest import launch_every_language
from .database_plugin import load_demo_content
from .html import alternates, parse, text

# The demo is put in once for the module (conftest's `demo_loaded`, a copy of what the loader
# made): `make test` keeps its tests on one worker.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo_content")]

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"


def load_demo():
    return load_demo_content()


def snapshot():
    return sorted(
        (page.pk, page.title_es, page.title_en, page.url_path_es, page.url_path_en)
        for page in Page.objects.all()
    )


@pytest.fixture
def demo_site(demo_loaded, db):
    pass


def test_builds_the_site_in_both_languages(demo_site, client):
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert text(parse(client.get("/es/")).h1) == "Proceso de Quito"
    assert text(parse(client.get("/en/")).h1) == "Quito Process"
    assert client.get("/es/acerca-de/").status_code == 200
    assert client.get("/en/about/").status_code == 200


def test_builds_every_section_from_the_facts(demo_site):
    assert MemberStatePage.objects.filter(status="member").count() == 14
    assert MemberStatePage.objects.filter(status="observer").count() == 1
    assert GroupOfFriendsPage.objects.get().friends.count() == 11
    assert OrganizationPage.objects.count() == 9
    secretariat = TechnicalSecretariatPage.objects.get()
    assert secretariat.team.count() == 4
    assert [c.organization.acronym_en for c in secretariat.coordinators.all()] == ["UNHCR", "IOM"]


def test_a_second_run_changes_nothing(demo_site):
    before = snapshot()
    output = load_demo()
    assert snapshot() == before
    assert "Done: 0 page(s) created." in output


def test_a_second_run_keeps_an_editors_title(demo_site):
    about = StandardPage.objects.get(slug_es="acerca-de")
    about.title_en = "About us"
    with translation.override("es"):
        about.save()
    load_demo()
    about.refresh_from_db()
    assert about.title_en == "About us"


def test_it_recreates_only_what_is_missing(demo_site):
    MemberStatePage.objects.get(country="PE").delete()
    output = load_demo()
    assert "created MemberStatePage: Perú" in output
    assert "Done: 1 page(s) created." in output
    assert MemberStatePage.objects.filter(country="PE").count() == 1


def test_if_empty_skips_a_site_that_has_a_home_page(demo_site):
    out = StringIO()
    call_command("load_demo_content", "--if-empty", stdout=out)
    assert "demo content not loaded" in out.getvalue()


@pytest.fixture(scope="module")
def every_demo_page(demo_loaded):
    """Every live demo page in every language, rendered once for the tests that read them all:
    (url, language, response)."""
    # Every language, those in preparation too: each must hold when it is launched.
    launch_every_language()
    client = Client()
    rendered = []
    for page in Page.objects.filter(depth__gte=2).live().specific():
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                url = page.get_url()
            rendered.append((url, language, client.get(url)))
    translation.activate(settings.LANGUAGE_CODE)
    return rendered


def test_every_demo_page_answers_in_every_language(every_demo_page):
    # Home, About, accessibility, privacy, help, 2 + 15 members, Group of Friends,
    # 1 + 9 organizations, Secretariat, 1 + 11 rounds, 1 + 11 thematic areas, 1 + 11
    # publications, 1 + 5 meetings, 1 + 8 news items.
    assert len(every_demo_page) == 84 * len(settings.LANGUAGES)
    for url, language, response in every_demo_page:
        assert response.status_code == 200, url
        assert parse(response).html["lang"] == language


def test_every_page_links_its_other_languages_and_each_links_it_back(every_demo_page, client):
    """With Portuguese launched, hreflang links among the languages each page really has are
    reciprocal, and every page the Spanish sitemap lists is among them."""
    crawled = {url: alternates(parse(response)) for url, _language, response in every_demo_page}
    spanish = {url for url, language, _response in every_demo_page if language == "es"}
    for url in spanish:
        links = crawled[url]
        assert links["es"].endswith(url)
        for code, href in links.items():
            if code == "x-default":
                continue
            other = urlparse(href).path
            assert other in crawled, href  # a page of the site, answering 200 (above)
            assert crawled[other].get("es") == links["es"], href  # which names this one back
    assert {"es", "en", "pt"} <= {code for links in crawled.values() for code in links}
    root = ElementTree.fromstring(client.get("/es/sitemap.xml").content)  # noqa: S314 (ours)
    listed = {urlparse(node.text).path for node in root.iter(f"{{{SITEMAP}}}loc")}
    assert len(listed) > 80
    assert listed <= spanish | {"/es/datos/"}  # the pages, and the data page (a view)


def compressed_size(content):
    return len(gzip.compress(content, compresslevel=6))


def test_every_demo_page_weighs_at_most_60_kb_compressed_with_its_css_and_js(every_demo_page):
    assets = sum(
        compressed_size(open(finders.find(path), "rb").read())  # noqa: SIM115
        for path in ["css/site.css", "js/site.js"]
    )
    heaviest = 0
    for url, _language, response in every_demo_page:
        # Nothing render-blocking from another origin: every script and stylesheet is ours.
        document = parse(response)
        external = [
            tag
            for tag in document.select("script[src], link[rel=stylesheet], link[rel=preload]")
            if re.match(r"(https?:)?//", tag.get("src") or tag.get("href") or "")
        ]
        assert not external, url
        heaviest = max(heaviest, compressed_size(response.content) + assets)
    assert heaviest <= 60 * 1024, heaviest


def test_the_footer_links_the_accessibility_statement_the_privacy_notice_and_the_open_data(
    demo_site, client
):
    for path, links in [
        ("/es/", ["Declaración de accesibilidad", "Aviso de privacidad", "Datos abiertos"]),
        ("/en/", ["Accessibility statement", "Privacy notice", "Open data"]),
    ]:
        footer = parse(client.get(path)).select_one("footer.site-footer")
        assert [text(a) for a in footer.select(".site-footer__links a")] == links
        # No source gives the Secretariat's address or e-mail: the demo shows none.
        assert footer.select_one("address") is None
        assert not footer.select('a[href^="mailto:"]')


def test_every_demo_page_has_a_title_of_its_own_and_sharing_tags(every_demo_page):
    titles = {}
    for url, language, response in every_demo_page:
        page = parse(response)
        titles.setdefault(language, []).append(text(page.title))
        og = {m["property"]: m["content"] for m in page.select("meta[property^='og:']")}
        assert (
            og["og:url"]
            == page.select_one('link[rel="canonical"]')["href"]
            == ("http://testserver" + url)
        )
        assert og["og:locale"] == {"es": "es_ES", "en": "en_GB", "pt": "pt_BR"}[language]
        assert og["og:image"].startswith("http://testserver/static/img/share")
        assert og["og:title"] in text(page.title)
        assert page.select_one('meta[name="twitter:card"]')["content"] == "summary_large_image"
        # A description for search results and previews on every page, even where no one wrote
        # one (a round without an introduction describes itself from its dates).
        description = page.select_one('meta[name="description"]')
        assert description is not None and description["content"].strip(), url
        assert og["og:description"] == description["content"], url
    for language, language_titles in titles.items():
        assert len(set(language_titles)) == len(language_titles), language
    assert "Proceso de Quito" in titles["es"]  # the home page, without a repeated suffix
    assert "Perú · Proceso de Quito" in titles["es"]
    assert "Peru · Quito Process" in titles["en"]


def structured_data(response):
    import json

    return [
        json.loads(script.string)
        for script in parse(response).select('script[type="application/ld+json"]')
    ]


def test_structured_data_describes_the_process_its_rounds_and_the_way_to_each_page(
    demo_site, client
):
    (home,) = structured_data(client.get("/en/"))
    assert home["@type"] == "Organization"
    assert (home["name"], home["foundingDate"]) == ("Quito Process", "2018-09-04")
    round_data = {d["@type"]: d for d in structured_data(client.get("/es/rondas/i-ronda/"))}
    event = round_data["Event"]
    assert (event["name"], event["startDate"], event["endDate"]) == (
        "I Ronda",
        "2018-09-03",
        "2018-09-04",
    )
    assert event["location"]["address"]["addressCountry"] == "EC"
    trail = round_data["BreadcrumbList"]["itemListElement"]
    assert [(item["position"], item["name"]) for item in trail] == [
        (1, "Inicio"),
        (2, "Rondas"),
        (3, "I Ronda"),
    ]
    assert trail[-1]["item"] == "http://testserver/es/rondas/i-ronda/"
    # The other language says the same in its own words, at its own addresses.
    (spanish_home,) = structured_data(client.get("/es/"))
    assert (spanish_home["@type"], spanish_home["name"]) == ("Organization", "Proceso de Quito")
    english = {d["@type"]: d for d in structured_data(client.get("/en/rounds/round-i/"))}
    assert (english["Event"]["name"], english["Event"]["startDate"]) == ("Round I", "2018-09-03")
    assert [
        (item["name"], item["item"]) for item in english["BreadcrumbList"]["itemListElement"]
    ] == [
        ("Home", "http://testserver/en/"),
        ("Rounds", "http://testserver/en/rounds/"),
        ("Round I", "http://testserver/en/rounds/round-i/"),
    ]


def test_every_page_leads_to_help_for_refugees_and_migrants_in_each_language(demo_site, client):
    for path, link_text, help_path in [
        ("/es/rondas/", "Necesito ayuda", "/es/necesito-ayuda/"),
        ("/en/member-states/peru/", "I need help", "/en/i-need-help/"),
    ]:
        page = parse(client.get(path))
        link = page.select_one("header .help-link")
        assert (text(link), link["href"]) == (link_text, help_path)
        # In the header, not also in the menu.
        assert link_text not in [text(a) for a in page.select("nav.main-nav a")]
    help_page = parse(client.get("/en/i-need-help/"))
    entries = {
        text(entry.select_one(".help-entry__name")): [
            text(dt) for dt in entry.select(".help-entry__contacts dt")
        ]
        + [a["href"] for a in entry.select(".help-entry__contacts a")]
        for entry in help_page.select("main .help-entry")
    }
    # Only organizations the sources name, for the whole region, with their websites and no
    # other way to reach them (no phone, e-mail or address the facts do not give).
    assert entries == {
        "R4V Platform": ["Web", "https://www.r4v.info/"],
        "UNHCR, the UN Refugee Agency": ["Web", "https://www.unhcr.org"],
        "IOM, International Organization for Migration": ["Web", "https://www.iom.int"],
    }
    # Nobody verified them: visitors are told so.
    assert {text(p) for p in help_page.select("main .help-entry__verified")} == {
        "Not verified yet: confirm with the organization before you go."
    }


def test_the_demo_news_are_written_in_both_languages_from_the_facts(demo_site, client):
    from news.models import NewsIndexPage, NewsPage

    index = NewsIndexPage.objects.get()
    items = list(NewsPage.objects.child_of(index).live().order_by("-date", "-pk"))
    assert 5 <= len(items) <= 8
    for item in items:
        for field in ("title", "slug", "summary", "author"):
            assert getattr(item, f"{field}_es") and getattr(item, f"{field}_en"), (item, field)
    assert items[0].author_es == "Secretaría Técnica del Proceso de Quito"
    founding = next(item for item in items if item.date == datetime.date(2018, 9, 4))
    signatories = {"AR", "BR", "CL", "CO", "CR", "EC", "MX", "PA", "PY", "PE", "UY"}
    assert {state.country.code for state in founding.member_states.all()} == signatories
    assert [r.number for r in founding.rounds.all()] == [1]
    assert any(item.thematic_areas.exists() for item in items)
    # The Spanish feed, the one a visitor subscribes to, lists them newest first.
    feed = feedparser.parse(client.get("/es/noticias/rss/").content)
    assert not feed.bozo
    assert [entry.title for entry in feed.entries] == [item.title_es for item in items]


def test_the_demo_library_holds_the_rounds_outcomes_with_a_summary_sheet_per_language(demo_site):
    from publications.models import PublicationPage

    quito = PublicationPage.objects.get(title_en__startswith="Declaration of Quito")
    assert quito.date == datetime.date(2018, 9, 4)
    assert quito.signatories.count() == 11
    files = {f.language: f for f in quito.files.all()}
    assert set(files) == {"es", "en"}
    assert files["es"].is_original and files["es"].is_summary_sheet
    assert files["es"].page_count == 1
    assert "Ficha de resumen (no es el texto oficial)" in files["es"].text
    assert "https://www.procesodequito.org" in files["en"].text
    # The facts give rounds VII to X only their presidencies' spans: no day of adoption.
    undated = PublicationPage.objects.filter(publication_type="joint_declaration", date=None)
    assert sorted(page.round.number for page in undated) == [7, 8, 9, 10]


# --- What the demo says is what the facts say ---------------------------------------------------

AREAS_INDEX = {"es": "/es/areas-tematicas/", "en": "/en/thematic-areas/"}


def area_cards(client, language):
    """{area title: text of its card} on the thematic areas index."""
    html = parse(client.get(AREAS_INDEX[language]))
    return {text(card.select_one("h2")): text(card) for card in html.select("main .card")}


@pytest.mark.parametrize(("language", "led_by"), [("es", "Liderada por"), ("en", "Led by")])
def test_the_thematic_areas_index_claims_a_lead_only_for_areas_the_facts_give_one(
    demo_site, client, language, led_by
):
    facts = load_facts()["thematic_areas"]
    html = parse(client.get(AREAS_INDEX[language]))
    # The index's own introduction does not say that every area is led by member states.
    intro = text(html.select_one("main .lead"))
    assert {"es": "cuando se conocen", "en": "where known"}[language] in intro
    cards = area_cards(client, language)
    names = {state["iso"]: state[language] for state in load_facts()["member_states"]["members"]}
    for area in facts:
        card = cards[area[language]]
        if area["lead_country"]:
            assert names[area["lead_country"]] in card, area["key"]
        else:
            assert {"es": "Liderad", "en": "Led by"}[language] not in card, area["key"]
    pages = {page.title_en: page for page in ThematicAreaPage.objects.all()}
    for area in facts:
        page = pages[area["en"]]
        intro = getattr(page, f"intro_{language}")
        assert (led_by in intro) == bool(area["lead_country"]), area["key"]
        assert "Estados miembros" not in intro and "member states" not in intro, area["key"]


@pytest.mark.parametrize(
    ("language", "claims"), [("es", ["se sumó", "desde"]), ("en", ["joined", "since"])]
)
def test_a_member_state_without_a_join_date_does_not_say_when_it_joined(
    demo_site, client, language, claims
):
    unknown = [s for s in load_facts()["member_states"]["members"] if s["joined"] is None]
    assert {s["iso"] for s in unknown} >= {"DO"}
    for state in unknown:
        page = MemberStatePage.objects.get(country=state["iso"])
        with translation.override(language):
            said = text(parse(client.get(page.url)).select_one("main")).lower()
        for claim in claims:
            assert claim not in said, (state["iso"], claim)


@pytest.mark.parametrize(
    ("language", "page_says", "home_says"),
    [
        ("es", "Miembros a junio de 2021.", "Datos a junio de 2021"),
        ("en", "Members as of June 2021.", "As of June 2021"),
    ],
)
def test_the_group_of_friends_says_its_list_is_as_of_june_2021(
    demo_site, client, language, page_says, home_says
):
    page = GroupOfFriendsPage.objects.get()
    assert page.members_as_of == datetime.date(2021, 6, 1)  # the facts' "2021-06"
    with translation.override(language):
        html = parse(client.get(page.url))
    assert page_says in text(html.select_one("main"))
    # The home page's count of the Group of Friends carries the same month.
    home = parse(client.get(f"/{language}/"))
    counter = next(
        div
        for div in home.select("main dl.facts > div")
        if "Group of Friends" in text(div) or "Grupo de Amigos" in text(div)
    )
    assert home_says in text(counter)


def test_the_demo_states_no_day_the_facts_do_not_give(demo_site, client):
    from figures.models import RegionalFigure, StateFigure
    from news.models import NewsPage
    from rounds.models import RoundPage

    # News dated by the month the facts give.
    months = {
        page.title_en: (page.date.isoformat(), page.date_precision)
        for page in NewsPage.objects.filter(date_precision="month")
    }
    assert months == {
        "Guatemala joins the Quito Process": ("2024-11-01", "month"),
        "R4V: figures of refugees and migrants from Venezuela in the region": (
            "2025-11-01",
            "month",
        ),
    }
    # Rounds VII to XI by their presidencies' spans, I to VI by their plenaries.
    rounds = {r.number: r for r in RoundPage.objects.all()}
    assert all(rounds[n].plenary_start is None for n in range(7, 12))
    assert (rounds[7].presidency_start, rounds[7].presidency_end) == (
        datetime.date(2020, 11, 27),
        datetime.date(2021, 5, 28),
    )
    assert rounds[11].presidency_end is None
    assert all(rounds[n].plenary_start and rounds[n].presidency_start is None for n in range(1, 7))
    # Figures by month, each cited to the article that reports it, never r4v.info's home page.
    records = [*StateFigure.objects.all(), *RegionalFigure.objects.all()]
    assert {record.as_of_precision for record in records} == {"month"}
    assert "https://www.r4v.info/" not in {record.source_url for record in records}
    peru = parse(client.get("/es/estados-miembros/peru/"))
    assert "Datos a noviembre de 2025 · Fuente: R4V / LT10" in text(peru.select_one("dl.facts"))
