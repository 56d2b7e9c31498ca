import datetime

import pytest

from organizations.models import OrganizationPage

from .factories import (
    OrganizationPageFactory,
    OrganizationsIndexPageFactory,
    SecretariatCoordinatorFactory,
    SecretariatRoleFactory,
    TechnicalSecretariatPageFactory,
)
from .html import parse, switcher_links, text
from .support import count_queries


@pytest.fixture
def orgs_index(home):
    return OrganizationsIndexPageFactory(
        parent=home, slug_es="organizaciones-internacionales", slug_en="international-organizations"
    )


@pytest.fixture
def unhcr(orgs_index):
    return OrganizationPageFactory(
        parent=orgs_index,
        title_es="Alto Comisionado de las Naciones Unidas para los Refugiados",
        title_en="Office of the United Nations High Commissioner for Refugees",
        slug_es="acnur",
        slug_en="unhcr",
        acronym_es="ACNUR",
        acronym_en="UNHCR",
        name_in_a_sentence_es="el ACNUR",
        founded_on=datetime.date(1950, 12, 14),
        founded_precision="day",
    )


@pytest.fixture
def iom(orgs_index):
    return OrganizationPageFactory(
        parent=orgs_index,
        title_es="Organización Internacional para las Migraciones",
        title_en="International Organization for Migration",
        slug_es="oim",
        slug_en="iom",
        acronym_es="OIM",
        acronym_en="IOM",
        founded_on=datetime.date(1951, 1, 1),
        founded_precision="year",
    )


@pytest.fixture
def secretariat(home, unhcr, iom):
    page = TechnicalSecretariatPageFactory(
        parent=home, slug_es="secretaria-tecnica", slug_en="technical-secretariat"
    )
    SecretariatCoordinatorFactory(page=page, organization=unhcr, sort_order=0)
    SecretariatCoordinatorFactory(page=page, organization=iom, sort_order=1)
    SecretariatRoleFactory(
        page=page,
        sort_order=0,
        role_es="Punto focal de ACNUR",
        role_en="UNHCR focal point",
        organization=unhcr,
    )
    SecretariatRoleFactory(
        page=page,
        sort_order=1,
        role_es="Punto focal de OIM",
        role_en="IOM focal point",
        organization=iom,
    )
    return page


def founded(client, path):
    facts = parse(client.get(path)).select_one("dl.facts")
    return text(facts.select_one("dd"))


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/es/organizaciones-internacionales/acnur/", "14 de diciembre de 1950"),
        ("/en/international-organizations/unhcr/", "14 December 1950"),
    ],
)
def test_full_founding_date_is_written_in_the_page_language(client, unhcr, path, expected):
    assert founded(client, path) == expected


@pytest.mark.parametrize(
    "path", ["/es/organizaciones-internacionales/oim/", "/en/international-organizations/iom/"]
)
def test_founding_year_alone_is_shown_as_a_year(client, iom, path):
    assert founded(client, path) == "1951"


def test_organization_page_shows_name_and_acronym_in_each_language(client, unhcr):
    spanish = parse(client.get("/es/organizaciones-internacionales/acnur/"))
    english = parse(client.get(switcher_links(spanish)["en"]["href"]))
    assert text(spanish.h1) == "Alto Comisionado de las Naciones Unidas para los Refugiados"
    assert "ACNUR" in text(spanish.select_one(".page-header"))
    assert text(english.h1) == "Office of the United Nations High Commissioner for Refugees"
    assert "UNHCR" in text(english.select_one(".page-header"))


def test_coordinator_page_says_it_co_coordinates_the_secretariat(client, secretariat):
    page = parse(client.get("/en/international-organizations/unhcr/"))
    note = page.select_one("main .cta")
    assert "UNHCR co-coordinates the Technical Secretariat" in text(note)
    assert note.a["href"] == "/en/technical-secretariat/"
    spanish = parse(client.get("/es/organizaciones-internacionales/acnur/"))
    # With its article in Spanish ("El ACNUR"), none in English, where there is no Spanish.
    assert "El ACNUR coordina conjuntamente la Secretaría Técnica" in text(
        spanish.select_one("main .cta")
    )


def test_organization_not_named_by_the_secretariat_does_not_claim_to_coordinate(
    client, secretariat, orgs_index
):
    OrganizationPageFactory(parent=orgs_index, slug_en="unicef", acronym_en="UNICEF")
    page = parse(client.get("/en/international-organizations/unicef/"))
    assert page.select_one("main .cta") is None


def test_coordination_claim_disappears_when_the_secretariat_drops_the_organization(
    client, secretariat
):
    secretariat.coordinators.filter(organization__acronym_en="IOM").delete()
    page = parse(client.get("/en/international-organizations/iom/"))
    assert page.select_one("main .cta") is None


def test_index_groups_by_kind_with_the_coordinators_first(client, secretariat, orgs_index):
    OrganizationPageFactory(parent=orgs_index, acronym_en="UNICEF", kind="un_agency")
    OrganizationPageFactory(parent=orgs_index, acronym_en="PAHO", kind="regional_body")
    page = parse(client.get("/en/international-organizations/"))
    groups = {
        text(section.h2): [text(card.select_one("abbr")) for card in section.select("li.card")]
        for section in page.select("main section")
    }
    assert list(groups) == [
        "Technical Secretariat coordinators",
        "United Nations agencies",
        "Regional bodies",
    ]
    assert groups["Technical Secretariat coordinators"] == ["UNHCR", "IOM"]
    assert groups["United Nations agencies"] == ["UNICEF"]


@pytest.mark.parametrize(
    ("path", "title", "based_in", "roles"),
    [
        (
            "/es/secretaria-tecnica/",
            "Secretaría Técnica",
            "Ciudad de Panamá",
            ["Punto focal de ACNUR", "Punto focal de OIM"],
        ),
        (
            "/en/technical-secretariat/",
            "Technical Secretariat",
            "Panama City",
            ["UNHCR focal point", "IOM focal point"],
        ),
    ],
)
def test_secretariat_page_shows_where_and_who_in_each_language(
    client, secretariat, path, title, based_in, roles
):
    page = parse(client.get(path))
    assert text(page.h1) == title
    assert based_in in text(page.select_one("dl.facts"))
    team = page.find(id="team-heading").find_parent("section")
    assert [text(item.strong) for item in team.select("li")] == roles


def test_each_role_links_to_its_agency_and_the_agency_links_back(client, secretariat):
    page = parse(client.get("/en/technical-secretariat/"))
    team = page.find(id="team-heading").find_parent("section")
    agency_links = [a["href"] for a in team.select("a")]
    assert agency_links == [
        "/en/international-organizations/unhcr/",
        "/en/international-organizations/iom/",
    ]
    agency = parse(client.get(agency_links[0]))
    assert agency.select_one("main .cta a")["href"] == "/en/technical-secretariat/"


def test_secretariat_lists_its_coordinators_linked_to_their_pages(client, secretariat):
    page = parse(client.get("/es/secretaria-tecnica/"))
    coordinators = page.select("dl.facts a")
    assert [(a["href"], text(a)) for a in coordinators] == [
        ("/es/organizaciones-internacionales/acnur/", "ACNUR"),
        ("/es/organizaciones-internacionales/oim/", "OIM"),
    ]


def test_secretariat_renders_without_an_unpublished_organization(client, secretariat, iom):
    iom.unpublish()
    response = client.get("/en/technical-secretariat/")
    assert response.status_code == 200
    page = parse(response)
    assert [text(a) for a in page.select("dl.facts a")] == ["UNHCR"]
    assert "/en/international-organizations/iom/" not in response.content.decode()
    assert "IOM focal point" in text(page)  # the role stays, without the link


def test_secretariat_renders_without_a_deleted_organization(client, secretariat, iom):
    iom.delete()
    response = client.get("/es/secretaria-tecnica/")
    assert response.status_code == 200
    page = parse(response)
    assert [text(a) for a in page.select("dl.facts a")] == ["ACNUR"]
    assert "Punto focal de OIM" in text(page)


def test_query_counts_do_not_grow_with_the_number_of_organizations(client, secretariat, orgs_index):
    paths = ["/en/international-organizations/", "/en/technical-secretariat/"]
    for path in paths:
        client.get(path)  # warm the per-process caches
    small = [count_queries(client, path) for path in paths]
    for number in range(30):
        organization = OrganizationPageFactory(parent=orgs_index, acronym_en=f"AG{number}")
        SecretariatCoordinatorFactory(
            page=secretariat, organization=organization, sort_order=10 + number
        )
        SecretariatRoleFactory(page=secretariat, organization=organization, sort_order=10 + number)
    large = [count_queries(client, path) for path in paths]
    assert OrganizationPage.objects.count() == 32
    assert large == small
    assert max(large) <= 12
