"""Pages under a privacy restriction are not there for the public site's listings.

A page under a view restriction (password, login or groups; its own or an ancestor's) is not
listed, linked, counted or named anywhere on the public site except at its own URL, which answers
with Wagtail's password or login form. The rule is the same for every visitor.
"""

import datetime
from xml.etree import ElementTree

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from wagtail.models import Page, PageViewRestriction

from home.models import HomeFeaturedArea
from secretariat.models import SecretariatCoordinator, SecretariatRole
from thematic_areas.models import ThematicAreaLead, ThematicAreaSupporter

from .factories import (
    GroupOfFriendsMemberFactory,
    GroupOfFriendsPageFactory,
    RoundPageFactory,
    SecretariatCoordinatorFactory,
    SecretariatRoleFactory,
    StandardPageFactory,
    TechnicalSecretariatPageFactory,
    ThematicAreaLeadFactory,
    ThematicAreaPageFactory,
    ThematicAreaRoundFactory,
    ThematicAreaSupporterFactory,
    state_figure,
)
from .html import parse, text
from .scenario import QuitoSite, restrict, scenario

# The site is built once for the module: `make test` keeps its tests on one worker.
pytestmark = pytest.mark.xdist_group("restricted_pages")

LANGUAGES = ["es", "en"]

# Paths of the site built by the `site` fixture, per language.
PATHS = {
    "es": {
        "home": "/es/",
        "states": "/es/estados-miembros/",
        "peru": "/es/estados-miembros/peru/",
        "ecuador": "/es/estados-miembros/ecuador/",
        "organizations": "/es/organizaciones/",
        "unhcr": "/es/organizaciones/acnur/",
        "iom": "/es/organizaciones/oim/",
        "secretariat": "/es/secretaria-tecnica/",
        "rounds": "/es/rondas/",
        "round_1": "/es/rondas/i-ronda/",
        "round_2": "/es/rondas/ii-ronda/",
        "areas": "/es/areas-tematicas/",
        "integration": "/es/areas-tematicas/integracion/",
        "health": "/es/areas-tematicas/salud/",
    },
    "en": {
        "home": "/en/",
        "states": "/en/member-states/",
        "peru": "/en/member-states/peru/",
        "ecuador": "/en/member-states/ecuador/",
        "organizations": "/en/organizations/",
        "unhcr": "/en/organizations/unhcr/",
        "iom": "/en/organizations/iom/",
        "secretariat": "/en/technical-secretariat/",
        "rounds": "/en/rounds/",
        "round_1": "/en/rounds/round-i/",
        "round_2": "/en/rounds/round-ii/",
        "areas": "/en/thematic-areas/",
        "integration": "/en/thematic-areas/integration/",
        "health": "/en/thematic-areas/health/",
    },
}

# How each page is named in each language: none of these may appear where the page is hidden.
NAMES = {
    "peru": ["Perú", "Peru", "/peru/"],
    "iom": ["OIM", "IOM", "Organización Internacional para las Migraciones", "/oim/", "/iom/"],
    "round_2": ["II Ronda", "Round II", "/ii-ronda/", "/round-ii/"],
    "integration": ["Integración", "Integration", "/integracion/", "/integration/"],
    "organizations": ["Organizaciones internacionales", "International Organizations"],
    "secretariat": ["Secretaría Técnica", "Technical Secretariat"],
    "states": ["/estados-miembros/", "/member-states/"],
}


def build_site():
    """Three states, two organizations coordinating the secretariat, two rounds, three areas."""
    figures = {
        code: {"figures": [state_figure(figure, datetime.date(2025, 11, 1))]}
        for code, figure in [("EC", 400), ("CO", 200), ("PE", 100)]
    }
    hosts = {
        1: ("Quito", "EC", datetime.date(2018, 9, 3)),
        2: ("Lima", "PE", datetime.date(2018, 11, 22)),
    }
    quito = QuitoSite(states=list(figures), rounds=0, state_fields=figures)
    states = quito.states
    friends = GroupOfFriendsPageFactory(
        parent=quito.home, slug_es="grupo-de-amigos", slug_en="group-of-friends"
    )
    GroupOfFriendsMemberFactory(page=friends, country="CA", sort_order=0)
    GroupOfFriendsMemberFactory(page=friends, country="DE", sort_order=1)
    quito.add_organizations()
    unhcr, iom = quito.unhcr, quito.iom
    secretariat = TechnicalSecretariatPageFactory(
        parent=quito.home, slug_es="secretaria-tecnica", slug_en="technical-secretariat"
    )
    for n, organization in enumerate([unhcr, iom]):
        SecretariatCoordinatorFactory(page=secretariat, organization=organization, sort_order=n)
        SecretariatRoleFactory(page=secretariat, organization=organization, sort_order=n)
    for number, (city, code, start) in hosts.items():
        quito.rounds[number] = RoundPageFactory(
            parent=quito.rounds_index,
            number=number,
            host_city_es=city,
            host_city_en=city,
            host_country=states[code],
            presidency=states[code],
            plenary_start=start,
            plenary_end=start + datetime.timedelta(days=1),
        )
    quito.add_thematic_areas()
    integration = ThematicAreaPageFactory(
        parent=quito.areas_index,
        title_es="Integración",
        title_en="Integration",
        slug_es="integracion",
        slug_en="integration",
    )
    health = quito.health
    ThematicAreaLeadFactory(page=integration, member_state=states["PE"], sort_order=0)
    ThematicAreaSupporterFactory(page=integration, organization=iom, sort_order=0)
    ThematicAreaRoundFactory(page=integration, round=quito.rounds[2], sort_order=0)
    ThematicAreaLeadFactory(page=health, member_state=states["EC"], sort_order=0)
    ThematicAreaSupporterFactory(page=health, organization=unhcr, sort_order=0)
    ThematicAreaRoundFactory(page=health, round=quito.rounds[1], sort_order=0)
    pages = {
        "home": quito.home,
        "states": quito.states_index,
        "peru": states["PE"],
        "ecuador": states["EC"],
        "friends": friends,
        "organizations": quito.organizations_index,
        "unhcr": unhcr,
        "iom": iom,
        "secretariat": secretariat,
        "rounds": quito.rounds_index,
        "round_1": quito.rounds[1],
        "round_2": quito.rounds[2],
        "integration": integration,
        "health": health,
    }
    return {name: page.pk for name, page in pages.items()}


def read_afresh(pks):
    """The module's site, read afresh for each test (what a test changes is rolled back)."""
    return {name: Page.objects.get(pk=pk).specific for name, pk in pks.items()}


site_built, site = scenario(build_site, read=read_afresh)


def get(client, language, name):
    response = client.get(PATHS[language][name])
    assert response.status_code == 200, PATHS[language][name]
    return response


def mentions(response, name):
    """The ways of naming the page `name` that appear anywhere in the response."""
    body = response.content.decode()
    return [needle for needle in NAMES[name] if needle in body]


def facts(response):
    return {text(div.dt): text(div.dd) for div in parse(response).select("main dl.facts > div")}


def menu(response):
    return [text(a) for a in parse(response).select("nav.main-nav a")]


def shows_password_form(response):
    page = parse(response)
    return response.status_code == 200 and page.select_one('input[name="password"]') is not None


def sitemap_locations(client, language):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ElementTree.fromstring(client.get(f"/{language}/sitemap.xml").content)  # noqa: S314
    return {url.find("s:loc", ns).text for url in root.findall("s:url", ns)}


@pytest.mark.parametrize("language", LANGUAGES)
def test_password_protected_state_is_neither_listed_nor_counted(client, site, language):
    restrict(site["peru"])
    index = get(client, language, "states")
    assert mentions(index, "peru") == []
    members = {"es": "Estados miembros", "en": "Member states"}[language]
    assert facts(index)[members] == "2"
    # Nor charted, nor on the map (where every state has a link).
    assert len(parse(index).select("ol.bar-chart > li")) == 2
    assert len(parse(index).select("figure.region-map a")) == 2
    home = get(client, language, "home")
    assert facts(home)[members] == "2"
    assert len(parse(home).select("figure.region-map a")) == 2
    assert mentions(home, "peru") == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_restricted_state_is_named_only_at_its_own_url(client, site, language):
    restrict(site["peru"])
    # Its rounds, the timeline, the home page's presidency and the areas it leads leave it out.
    for name in ["round_2", "rounds", "home", "integration", "areas", "round_1", "ecuador"]:
        assert mentions(get(client, language, name), "peru") == [], name
    own = get(client, language, "peru")
    assert shows_password_form(own)
    assert "Lima" not in own.content.decode()
    assert "100" not in text(parse(own).select_one("main"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_restricted_section_is_not_in_the_header_menu(client, site, language):
    restrict(site["organizations"], PageViewRestriction.LOGIN)
    for name in ["home", "states", "rounds"]:
        response = get(client, language, name)
        assert menu(response), name
        assert mentions(response, "organizations") == [], name
    # Nor anywhere in the home page's content.
    assert not [
        a for a in parse(get(client, language, "home")).select("main a") if "/organi" in a["href"]
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_restricted_round_is_not_on_the_timeline_nor_hosted_nor_latest(client, site, language):
    restrict(site["round_2"], PageViewRestriction.GROUPS)
    timeline = get(client, language, "rounds")
    assert [text(h2) for h2 in parse(timeline).select("ol.timeline h2")] == [
        {"es": "I Ronda", "en": "Round I"}[language]
    ]
    # The current presidency is the latest round's that may be shown.
    assert "Ecuador" in text(parse(timeline).select_one("main .cta"))
    assert mentions(timeline, "peru") == []
    home = get(client, language, "home")
    assert mentions(home, "round_2") == []
    assert PATHS[language]["round_1"] in [a["href"] for a in parse(home).select(".hero__now a")]
    for name in ["peru", "integration"]:
        assert mentions(get(client, language, name), "round_2") == [], name


@pytest.mark.parametrize("language", LANGUAGES)
def test_restricted_organization_is_not_listed_as_coordinating_the_secretariat(
    client, site, language
):
    restrict(site["iom"])
    secretariat = get(client, language, "secretariat")
    coordinated_by = {"es": "Coordinada por", "en": "Coordinated by"}[language]
    assert facts(secretariat)[coordinated_by] == {"es": "ACNUR", "en": "UNHCR"}[language]
    # The team member stays, without the agency.
    assert len(parse(secretariat).select("#team-heading + ul > li")) == 2
    assert mentions(secretariat, "iom") == []
    for name in ["organizations", "areas", "integration"]:
        assert mentions(get(client, language, name), "iom") == [], name


@pytest.mark.parametrize("language", LANGUAGES)
def test_restricted_secretariat_makes_no_organization_a_coordinator(client, site, language):
    restrict(site["secretariat"])
    for name in ["organizations", "unhcr", "iom", "home"]:
        assert mentions(get(client, language, name), "secretariat") == [], name


@pytest.mark.parametrize("language", LANGUAGES)
def test_restricted_thematic_area_is_not_listed_featured_or_linked(client, site, language):
    restrict(site["integration"])
    for name in ["areas", "home", "peru", "round_2", "iom"]:
        assert mentions(get(client, language, name), "integration") == [], name
    # When the area the editors featured is restricted, the home page falls back to the others.
    HomeFeaturedArea.objects.create(page=site["home"], area=site["integration"], sort_order=0)
    home = parse(get(client, language, "home"))
    assert [text(h3) for h3 in home.select("main .card__title")][:1] == [
        {"es": "Educación", "en": "Education"}[language]
    ]


def test_restricted_group_of_friends_is_not_counted(client, site):
    restrict(site["friends"])
    assert facts(get(client, "en", "home"))["Members of the Group of Friends"] == "0"
    assert facts(get(client, "es", "home"))["Miembros del Grupo de Amigos"] == "0"


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_under_a_restricted_ancestor_are_hidden_everywhere(client, site, language):
    restrict(site["states"])
    home = get(client, language, "home")
    assert facts(home)[{"es": "Estados miembros", "en": "Member states"}[language]] == "0"
    assert mentions(home, "states") == []
    for name in ["home", "rounds", "round_2", "integration", "areas"]:
        assert mentions(get(client, language, name), "peru") == [], name
    locations = sitemap_locations(client, language)
    assert not [loc for loc in locations if any(n in loc for n in NAMES["states"])]
    assert f"http://testserver{PATHS[language]['rounds']}" in locations
    # The state's own URL answers with the ancestor's password form.
    assert shows_password_form(get(client, language, "peru"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_breadcrumbs_and_menu_do_not_name_a_restricted_ancestor_even_to_its_visitors(
    client, site, language
):
    about = StandardPageFactory(
        parent=site["home"],
        title_es="Acerca de",
        title_en="About",
        slug_es="acerca-de",
        slug_en="about",
    )
    StandardPageFactory(
        parent=about, title_es="Historia", title_en="History", slug_es="historia", slug_en="history"
    )
    restrict(about, PageViewRestriction.LOGIN)
    client.force_login(get_user_model().objects.create_user("visitante", password="x"))
    path = {"es": "/es/acerca-de/historia/", "en": "/en/about/history/"}[language]
    page = parse(client.get(path))
    crumbs = [text(a) for a in page.select("nav.breadcrumbs a")]
    assert crumbs == [
        {"es": "Inicio", "en": "Home"}[language],
        {"es": "Historia", "en": "History"}[language],
    ]
    about_title = {"es": "Acerca de", "en": "About"}[language]
    assert about_title not in menu(client.get(path))
    assert menu(client.get(path))  # the menu is there, without the restricted page


def test_a_preview_leaves_out_restricted_pages_from_its_unsaved_inline_lists(site):
    """A preview's inline rows are held in memory, not in the database: same rule."""
    restrict(site["peru"])
    restrict(site["iom"])
    request = RequestFactory().get("/")
    area = site["integration"]
    area.leads = [
        ThematicAreaLead(member_state=site["peru"]),
        ThematicAreaLead(member_state=site["ecuador"]),
    ]
    area.supporters = [
        ThematicAreaSupporter(organization=site["iom"]),
        ThematicAreaSupporter(organization=site["unhcr"]),
    ]
    context = area.get_context(request)
    assert context["lead_states"] == [site["ecuador"]]
    assert context["supporting_organizations"] == [site["unhcr"]]
    secretariat = site["secretariat"]
    secretariat.coordinators = [SecretariatCoordinator(organization=site["iom"])]
    secretariat.team = [SecretariatRole(role="Enlace", organization=site["iom"])]
    context = secretariat.get_context(request)
    assert context["coordinators"] == []
    assert [member.organization for member in context["team"]] == [None]
