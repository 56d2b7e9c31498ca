import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from rounds.models import RoundPage, to_roman

from .admin_forms import add_url, page_form
from .factories import (
    MemberStatePageFactory,
    MemberStatesIndexPageFactory,
    OrganizationPageFactory,
    OrganizationsIndexPageFactory,
    RoundDocumentFactory,
    RoundPageFactory,
    RoundsIndexPageFactory,
    ThematicAreaLeadFactory,
    ThematicAreaPageFactory,
    ThematicAreaRoundFactory,
    ThematicAreasIndexPageFactory,
    ThematicAreaSupporterFactory,
)
from .html import parse, switcher_links, text
from .support import count_queries


@pytest.mark.parametrize(
    ("number", "numeral"),
    [
        (1, "I"),
        (4, "IV"),
        (5, "V"),
        (9, "IX"),
        (11, "XI"),
        (14, "XIV"),
        (40, "XL"),
        (2024, "MMXXIV"),
    ],
)
def test_round_numbers_are_written_in_roman_numerals(number, numeral):
    assert to_roman(number) == numeral


def test_there_is_no_round_zero():
    with pytest.raises(ValueError):
        to_roman(0)


@pytest.fixture
def states(home):
    index = MemberStatesIndexPageFactory(
        parent=home, slug_es="estados-miembros", slug_en="member-states"
    )
    return {code: MemberStatePageFactory(parent=index, country=code) for code in ["EC", "AR", "CO"]}


@pytest.fixture
def rounds_index(home):
    return RoundsIndexPageFactory(parent=home)


@pytest.fixture
def rounds(rounds_index, states):
    return [
        RoundPageFactory(
            parent=rounds_index,
            number=1,
            host_city_es="Quito",
            host_city_en="Quito",
            host_country=states["EC"],
            presidency=states["EC"],
            plenary_start=datetime.date(2018, 9, 3),
            plenary_end=datetime.date(2018, 9, 4),
        ),
        RoundPageFactory(
            parent=rounds_index,
            number=4,
            host_city_es="Buenos Aires",
            host_city_en="Buenos Aires",
            host_country=states["AR"],
            presidency=states["AR"],
            plenary_start=datetime.date(2019, 7, 4),
            plenary_end=datetime.date(2019, 7, 5),
        ),
        RoundPageFactory(
            parent=rounds_index,
            number=5,
            host_city_es="Bogotá",
            host_city_en="Bogotá",
            host_country=states["CO"],
            presidency=states["CO"],
            plenary_start=datetime.date(2019, 11, 14),
            plenary_end=None,
        ),
    ]


@pytest.mark.parametrize(
    ("path", "title", "dates"),
    [
        ("/es/rondas/iv-ronda/", "IV Ronda", "4–5 de julio de 2019"),
        ("/en/rounds/round-iv/", "Round IV", "4–5 July 2019"),
    ],
)
def test_round_page_is_named_and_dated_in_the_page_language(client, rounds, path, title, dates):
    page = parse(client.get(path))
    assert text(page.h1) == title
    assert text(page.select_one("dl.facts dd")) == dates


def test_round_page_links_its_host_and_presidency(client, rounds):
    page = parse(client.get("/en/rounds/round-iv/"))
    links = {text(a): a["href"] for a in page.select("dl.facts a")}
    assert links == {"Argentina": "/en/member-states/argentina/"}
    switcher = switcher_links(page)
    assert switcher["es"]["href"] == "/es/rondas/iv-ronda/"


def test_timeline_lists_rounds_in_order_and_marks_the_current_presidency(client, rounds):
    page = parse(client.get("/es/rondas/"))
    items = page.select("ol.timeline > li")
    assert [text(item.h2) for item in items] == ["I Ronda", "IV Ronda", "V Ronda"]
    assert "timeline__item--current" in items[-1]["class"]
    assert "Actual" in text(items[-1])
    assert "en curso" in text(items[-1])
    assert "Presidencia Pro Tempore actual: Colombia" in text(page.select_one("main .cta"))


def test_timeline_writes_dates_in_english_on_the_english_page(client, rounds):
    page = parse(client.get("/en/rounds/"))
    assert "3–4 September 2018" in text(page.select_one("ol.timeline"))


def test_member_state_page_shows_presidencies_held_and_rounds_hosted(client, rounds):
    page = parse(client.get("/en/member-states/ecuador/"))
    section = page.find(id="process-heading").find_parent("section")
    assert [a["href"] for a in section.select("a")] == [
        "/en/rounds/round-i/",
        "/en/rounds/round-i/",
    ]
    assert "Pro Tempore Presidency" in text(section)
    assert "Rounds hosted" in text(section)


def test_presidencies_follow_the_rounds_without_being_typed_twice(client, rounds, states):
    rounds[1].presidency = states["EC"]
    rounds[1].save_revision().publish()
    page = parse(client.get("/es/estados-miembros/ecuador/"))
    section = page.find(id="process-heading").find_parent("section")
    assert "IV Ronda" in text(section)
    argentina = parse(client.get("/es/estados-miembros/argentina/"))
    assert "Presidencia Pro Tempore" not in text(
        argentina.find(id="process-heading").find_parent("section")
    )


def test_round_lists_its_documents_with_type_language_and_date(client, rounds):
    document = Document.objects.create(
        title="Declaración de Quito", file=ContentFile(b"%PDF-1.4", name="quito.pdf")
    )
    RoundDocumentFactory(
        page=rounds[0],
        document=document,
        kind="declaration",
        language="es",
        date=datetime.date(2018, 9, 4),
    )
    page = parse(client.get("/en/rounds/round-i/"))
    item = page.find(id="documents-heading").find_parent("section").select_one("li")
    assert text(item.a) == "Declaración de Quito"
    assert item.a["hreflang"] == "es"
    assert "Joint declaration · Spanish · 4 September 2018 · PDF" in text(item)
    assert client.get(item.a["href"]).status_code == 200


def test_a_second_page_for_the_same_round_number_is_a_form_error(
    admin_client, rounds_index, rounds
):
    data = page_form(
        {"number": "4", "plenary_start": "2019-07-04", "title_es": "Otra", "slug_es": "otra"},
        streams=["body"],
        inlines=["documents"],
    )
    response = admin_client.post(add_url(RoundPage, rounds_index), data)
    assert response.status_code == 200
    assert response.context["form"].errors["number"] == ["Ya existe una página para esta ronda."]
    assert RoundPage.objects.filter(number=4).count() == 1


def test_admin_creates_a_round_titled_from_its_number(admin_client, rounds_index):
    data = page_form(
        {"number": "11", "presidency_start": "2024-11-21"},
        streams=["body"],
        inlines=["documents"],
        publish=True,
    )
    response = admin_client.post(add_url(RoundPage, rounds_index), data)
    assert response.status_code == 302
    page = RoundPage.objects.get(number=11)
    assert (page.title_es, page.title_en) == ("XI Ronda", "Round XI")
    assert (page.slug_es, page.slug_en) == ("xi-ronda", "round-xi")


def test_an_end_before_the_start_is_refused(admin_client, rounds_index):
    data = page_form(
        {"number": "2", "plenary_start": "2018-11-23", "plenary_end": "2018-11-22"},
        streams=["body"],
        inlines=["documents"],
    )
    response = admin_client.post(add_url(RoundPage, rounds_index), data)
    assert response.status_code == 200
    assert "plenary_end" in response.context["form"].errors
    assert not RoundPage.objects.exists()


@pytest.fixture
def orgs(home):
    index = OrganizationsIndexPageFactory(
        parent=home, slug_es="organizaciones-internacionales", slug_en="international-organizations"
    )
    return {
        "UNHCR": OrganizationPageFactory(
            parent=index, acronym_es="ACNUR", acronym_en="UNHCR", slug_es="acnur", slug_en="unhcr"
        ),
        "IOM": OrganizationPageFactory(
            parent=index, acronym_es="OIM", acronym_en="IOM", slug_es="oim", slug_en="iom"
        ),
    }


@pytest.fixture
def asylum(home, states, orgs, rounds):
    index = ThematicAreasIndexPageFactory(parent=home)
    area = ThematicAreaPageFactory(
        parent=index,
        title_es="Asilo y refugio",
        title_en="Asylum",
        slug_es="asilo",
        slug_en="asylum",
    )
    ThematicAreaLeadFactory(page=area, member_state=states["AR"], sort_order=0)
    ThematicAreaSupporterFactory(page=area, organization=orgs["UNHCR"], sort_order=0)
    ThematicAreaRoundFactory(page=area, round=rounds[1], sort_order=0)
    return area


def test_thematic_area_page_shows_its_leads_supporters_and_rounds(client, asylum):
    page = parse(client.get("/es/areas-tematicas/asilo/"))
    facts = {
        text(div.dt): [a["href"] for a in div.select("a")] for div in page.select("dl.facts > div")
    }
    assert facts == {
        "Estados miembros líderes": ["/es/estados-miembros/argentina/"],
        "Apoyo técnico": ["/es/organizaciones-internacionales/acnur/"],
    }
    rounds = page.find(id="rounds-heading").find_parent("section")
    assert [text(a) for a in rounds.select("a")] == ["IV Ronda"]


def test_thematic_areas_index_says_who_leads_each_area(client, asylum):
    page = parse(client.get("/en/thematic-areas/"))
    card = page.select_one("li.card")
    assert text(card.h2) == "Asylum"
    assert "Led by Argentina" in text(card)
    assert "UNHCR" in text(card)


def test_organization_page_lists_the_areas_it_supports(client, asylum):
    page = parse(client.get("/en/international-organizations/unhcr/"))
    section = page.find(id="areas-heading").find_parent("section")
    assert [(a["href"], text(a)) for a in section.select("a")] == [
        ("/en/thematic-areas/asylum/", "Asylum")
    ]
    other = parse(client.get("/en/international-organizations/iom/"))
    assert other.find(id="areas-heading") is None


def test_an_unpublished_area_is_not_listed_on_the_organization_page(client, asylum):
    asylum.unpublish()
    page = parse(client.get("/en/international-organizations/unhcr/"))
    assert page.find(id="areas-heading") is None


def test_member_state_page_lists_the_areas_it_leads(client, asylum):
    page = parse(client.get("/en/member-states/argentina/"))
    section = page.find(id="process-heading").find_parent("section")
    assert "/en/thematic-areas/asylum/" in [a["href"] for a in section.select("a")]


def test_timeline_queries_do_not_grow_with_the_number_of_rounds(client, rounds_index, states):
    for number in range(1, 4):
        RoundPageFactory(
            parent=rounds_index, number=number, host_country=states["EC"], presidency=states["CO"]
        )
    client.get("/en/rounds/")
    few = count_queries(client, "/en/rounds/")
    for number in range(4, 30):
        RoundPageFactory(
            parent=rounds_index, number=number, host_country=states["AR"], presidency=states["EC"]
        )
    many = count_queries(client, "/en/rounds/")
    assert many == few
    assert many <= 12


def test_thematic_areas_index_queries_do_not_grow_with_the_number_of_areas(
    client, home, states, orgs
):
    index = ThematicAreasIndexPageFactory(parent=home)

    def add_area(number):
        area = ThematicAreaPageFactory(
            parent=index, slug_es=f"area-{number}", slug_en=f"area-{number}"
        )
        ThematicAreaLeadFactory(page=area, member_state=states["EC"], sort_order=0)
        ThematicAreaSupporterFactory(page=area, organization=orgs["IOM"], sort_order=0)

    for number in range(2):
        add_area(number)
    client.get("/en/thematic-areas/")
    few = count_queries(client, "/en/thematic-areas/")
    for number in range(2, 20):
        add_area(number)
    assert count_queries(client, "/en/thematic-areas/") == few


@pytest.mark.parametrize(
    ("language", "start", "end", "written"),
    [
        ("es", (2018, 9, 3), (2018, 9, 4), "3–4 de septiembre de 2018"),
        ("en", (2018, 9, 3), (2018, 9, 4), "3–4 September 2018"),
        ("es", (2023, 11, 30), (2023, 12, 1), "30 de noviembre – 1 de diciembre de 2023"),
        ("en", (2023, 11, 30), (2023, 12, 1), "30 November – 1 December 2023"),
        ("es", (2020, 11, 27), (2021, 5, 28), "27 de noviembre de 2020 – 28 de mayo de 2021"),
        ("en", (2020, 11, 27), (2021, 5, 28), "27 November 2020 – 28 May 2021"),
        ("es", (2019, 4, 8), (2019, 4, 8), "8 de abril de 2019"),
        ("es", (2025, 10, 1), None, "1 de octubre de 2025 – en curso"),
        ("en", (2025, 10, 1), None, "1 October 2025 – under way"),
    ],
)
def test_a_period_is_written_as_its_language_writes_it(language, start, end, written):
    from django.utils import translation

    from core.templatetags.core_tags import date_range

    with translation.override(language):
        html = date_range(datetime.date(*start), datetime.date(*end) if end else None)
    assert " ".join(BeautifulSoup(html, "html.parser").get_text().split()) == written
    assert f'datetime="{datetime.date(*start).isoformat()}"' in html
