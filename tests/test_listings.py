"""Every public listing (the news, the document library, the calendar's past meetings, the
search) follows one rule for its query string (core.pages.listing, docs/architecture.md): a page
number that is not one of its pages, or a parameter given twice, is a 404 in the visitor's
language; each page has one address, and the links to the other pages keep the filters."""

import datetime

import pytest

from search import indexing

from .factories import (
    MeetingPageFactory,
    NewsPageFactory,
    PublicationPageFactory,
    StandardPageFactory,
)
from .html import parse, text
from .scenario import QuitoSite, day, scenario

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("search")]

LANGUAGES = ["es", "en"]
NOT_FOUND = {"es": "Página no encontrada", "en": "Page not found"}
PAGE_OF = {"es": "Página 2 de 2", "en": "Page 2 of 2"}
# Each listing's address and a filtering of it that has two pages (the calendar has no filter).
LISTINGS = {
    "news": {
        "es": ("/es/noticias/", "year=2023"),
        "en": ("/en/news/", "year=2023"),
    },
    "library": {
        "es": ("/es/documentos/", "year=2020"),
        "en": ("/en/documents/", "year=2020"),
    },
    "calendar": {
        "es": ("/es/calendario/", ""),
        "en": ("/en/calendar/", ""),
    },
    "search": {
        "es": ("/es/buscar/", "q=cosecha&kind=page"),
        "en": ("/en/search/", "q=harvest&kind=page"),
    },
}
CASES = [(listing, language) for listing in LISTINGS for language in LANGUAGES]
# A parameter of each listing that may be given once (the calendar reads none but `page`).
FILTER_GIVEN_TWICE = {
    "news": "year=2023&year=2024",
    "library": "type=joint_declaration&type=report",
    "search": "q=cosecha&q=harvest",
}


def build_site():
    quito = QuitoSite(states=["PE"], rounds=1)
    quito.add_news()
    for n in range(12):  # two pages of news from 2023 (ten a page)
        NewsPageFactory(parent=quito.news_index, date=datetime.date(2023, 3, 1 + n))
    quito.add_library()
    for n in range(21):  # two pages of documents from 2020 (twenty a page)
        PublicationPageFactory(parent=quito.library, date=datetime.date(2020, 1, 1 + n))
    quito.add_meetings()
    for n in range(21):  # two pages of past meetings (twenty a page)
        MeetingPageFactory(
            parent=quito.meetings_index, start_date=day(-60 - n), end_date=day(-60 - n)
        )
    for n in range(12):  # two pages of search results (ten a page)
        StandardPageFactory(
            parent=quito.home,
            title_es=f"Cosecha número {n}",
            title_en=f"Harvest number {n}",
            slug_es=f"cosecha-{n}",
            slug_en=f"harvest-{n}",
        )
    indexing.rebuild()
    return quito


site_built, site = scenario(build_site)


def get(client, listing, language, query):
    path, _filters = LISTINGS[listing][language]
    return client.get(f"{path}?{query}" if query else path)


def with_filters(listing, language, query=""):
    _path, filters = LISTINGS[listing][language]
    return "&".join(part for part in (filters, query) if part)


def is_not_found_in(response, language):
    return response.status_code == 404 and text(parse(response).h1) == NOT_FOUND[language]


@pytest.mark.parametrize(("listing", "language"), CASES)
@pytest.mark.parametrize("value", ["x", "0", "-1", "01", "1.5", "²", "３", "", "9" * 2000])
def test_a_page_value_that_is_not_a_page_number_is_a_404_in_the_visitors_language(
    client, site, listing, language, value
):
    response = get(client, listing, language, with_filters(listing, language, f"page={value}"))
    assert is_not_found_in(response, language)


@pytest.mark.parametrize(("listing", "language"), CASES)
def test_a_repeated_page_is_a_404_in_the_visitors_language(client, site, listing, language):
    response = get(client, listing, language, with_filters(listing, language, "page=1&page=2"))
    assert is_not_found_in(response, language)


@pytest.mark.parametrize(("listing", "language"), CASES)
def test_a_page_past_the_last_is_a_404_in_the_visitors_language(client, site, listing, language):
    assert (
        get(client, listing, language, with_filters(listing, language, "page=2")).status_code == 200
    )
    response = get(client, listing, language, with_filters(listing, language, "page=3"))
    assert is_not_found_in(response, language)


@pytest.mark.parametrize(
    ("listing", "language"), [case for case in CASES if case[0] in FILTER_GIVEN_TWICE]
)
def test_a_filter_given_twice_is_a_404_in_the_visitors_language(client, site, listing, language):
    response = get(client, listing, language, FILTER_GIVEN_TWICE[listing])
    assert is_not_found_in(response, language)


@pytest.mark.parametrize(("listing", "language"), CASES)
def test_page_two_is_linked_with_the_filters_and_links_back_to_the_first_pages_address(
    client, site, listing, language
):
    path, filters = LISTINGS[listing][language]
    first_page = path + (f"?{filters}" if filters else "")
    first = parse(get(client, listing, language, filters))
    next_link = first.select_one('.pagination a[rel="next"]')["href"]
    assert next_link == path + "?" + with_filters(listing, language, "page=2")
    second = get(client, listing, language, next_link.partition("?")[2])
    assert second.status_code == 200
    nav = parse(second).select_one(".pagination")
    assert nav.select_one('a[rel="prev"]')["href"] == first_page
    assert nav.select_one('a[rel="next"]') is None
    assert PAGE_OF[language] in text(nav)


@pytest.mark.parametrize(("listing", "language"), CASES)
def test_the_first_page_answers_with_page_1_too(client, site, listing, language):
    response = get(client, listing, language, with_filters(listing, language, "page=1"))
    assert response.status_code == 200
    assert parse(response).select_one('.pagination a[rel="prev"]') is None
