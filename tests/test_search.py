"""The site search: a page per language, results in the visitor's language only (stemmed,
accent- and case-insensitive, with a typo suggestion), across every page type and the text of the
publications' files, ranked, highlighted and escaped, filtered by kind, paginated, following
publishing, unpublishing, deletion and privacy at once, and never failing on bad input.

Most behaviours need PostgreSQL's full-text search; on SQLite those tests are skipped and the
simple search is tested instead (it is also tested on PostgreSQL, by switching the engine off).
"""

from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from core.i18n.languages import language_codes, page_url_in
from demo_content.shared import stream
from search import engine, indexing
from search.models import SearchEntry
from search.text import MAX_QUERY_LENGTH

from .factories import (
    DocumentFactory,
    PublicationFileFactory,
    StandardPageFactory,
    pdf_bytes,
)
from .html import parse, switcher_links, text
from .scenario import QuitoSite, fresh, scenario

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("search")]

SEARCH = {"es": "/es/buscar/", "en": "/en/search/"}
LANGUAGES = ["es", "en"]
MAX_QUERIES = 8
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="full-text search (stemming, ranking, suggestions) needs PostgreSQL; "
    "SQLite has the simple search, tested below",
)


@pytest.fixture(scope="module", autouse=True)
def media_root(tmp_path_factory):
    """The publications' PDF files go to a folder of this module's own."""
    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("search-media"))):
        yield


def paragraph(text_):
    return stream(("paragraph", f"<p>{text_}</p>"))


def pdf(name, words):
    return DocumentFactory(title=name, file=ContentFile(pdf_bytes(words), name=f"{name}.pdf"))


def build_site():
    quito = QuitoSite(states=["CO", "PE"], rounds=0).add_thematic_areas()
    home, colombia, peru = quito.home, quito.states["CO"], quito.states["PE"]
    education = quito.education
    education.intro_es, education.intro_en = "Acceso a la escuela.", "Access to school."
    education.save()
    protection = StandardPageFactory(
        parent=home,
        title_es="Protección",
        title_en="Protection",
        slug_es="proteccion",
        slug_en="protection",
        intro_es="Cada persona migrante tiene derechos.",
        intro_en="Every refugee has rights.",
    )
    markup = StandardPageFactory(
        parent=home,
        title_es="Marcas",
        title_en="Markup",
        slug_es="marcas",
        slug_en="markup",
        intro_es="Un texto con <b>negrita</b> escrita tal cual.",
        intro_en="A text with <b>boldface</b> written as it is.",
    )
    colombia_news = quito.add_news(
        title_es="Reunión técnica en Colombia",
        title_en="Technical meeting in Colombia",
        slug_es="reunion-colombia",
        slug_en="meeting-colombia",
    ).news_item
    # One word, four pages: in a title, an introduction, a body, a file.
    in_title = StandardPageFactory(
        parent=home,
        title_es="El ornitorrinco",
        title_en="The platypus",
        slug_es="ornitorrinco",
        slug_en="platypus",
        intro_es="Un animal.",
        intro_en="An animal.",
    )
    in_intro = StandardPageFactory(
        parent=home,
        title_es="Animales",
        title_en="Animals",
        slug_es="animales",
        slug_en="animals",
        intro_es="Del ornitorrinco y otros.",
        intro_en="Of the platypus and others.",
    )
    in_body = StandardPageFactory(
        parent=home,
        title_es="Fauna",
        title_en="Fauna",
        slug_es="fauna",
        slug_en="fauna",
        intro_es="Sobre la fauna.",
        intro_en="About fauna.",
        body_es=paragraph("Texto largo donde aparece el ornitorrinco al final."),
        body_en=paragraph("A long text where the platypus appears at the end."),
    )
    report = quito.add_library(
        title_es="Informe anual",
        title_en="Annual report",
        slug_es="informe-anual",
        slug_en="annual-report",
        intro_es="El informe del año.",
        intro_en="The year's report.",
    ).declaration
    PublicationFileFactory(
        page=report,
        language="es",
        document=pdf("informe-es", "Capitulo sobre el ornitorrinco y la cebolla en la region."),
    )
    PublicationFileFactory(
        page=report,
        language="en",
        is_original=False,
        document=pdf("report-en", "A chapter on the platypus and the onion in the region."),
    )
    # Many results for one word: pagination and the number of queries.
    reports = StandardPageFactory(
        parent=home, title_es="Informes", title_en="Reports", slug_es="informes", slug_en="reports"
    )
    harvest = [
        StandardPageFactory(
            parent=reports,
            title_es=f"Cosecha número {n}",
            title_en=f"Harvest number {n}",
            slug_es=f"cosecha-{n}",
            slug_en=f"harvest-{n}",
        )
        for n in range(1, 24)
    ]
    indexing.rebuild()
    for name, page in {
        "colombia": colombia,
        "peru": peru,
        "protection": protection,
        "markup": markup,
        "colombia_news": colombia_news,
        "in_title": in_title,
        "in_intro": in_intro,
        "in_body": in_body,
        "report": report,
        "harvest": harvest,
    }.items():
        setattr(quito, name, page)
    return quito


site_built, site = scenario(build_site)


def search(client, language, query="", **params):
    return client.get(SEARCH[language], {"q": query, **params} if query or params else {})


def result_titles(response):
    return [text(h) for h in parse(response).select(".search-result__title")]


def result_links(response):
    return [a["href"] for a in parse(response).select(".search-result__title a")]


def count_line(response):
    return text(parse(response).find(id="results-heading"))


@pytest.fixture
def auto_update(settings):
    """The test settings keep the index still on saves; these tests want it to follow."""
    settings.SITE_SEARCH_AUTO_UPDATE = True


# The search page


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_has_its_search_page(client, site, language):
    response = search(client, language)
    assert response.status_code == 200
    form = parse(response).select_one("main form[role=search]")
    assert form["method"] == "get"
    assert form["action"] == SEARCH[language]
    assert form.select_one("input[name=q]") is not None
    assert not parse(response).select(".search-result")


def test_the_english_path_is_not_the_spanish_one(client, site):
    assert client.get("/en/buscar/").status_code == 404
    assert client.get("/es/search/").status_code == 404


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_has_the_search_box_in_its_header(client, site, language):
    for page in (site["home"], site["colombia"], site["report"], site["colombia_news"]):
        response = client.get(page_url_in(page, language))
        assert response.status_code == 200
        form = parse(response).select_one("header.site-header form[role=search]")
        assert form is not None, page
        assert form["action"] == SEARCH[language]
        assert form["method"] == "get"
        assert form.select_one("input[name=q]") is not None
        label = parse(response).select_one(f"label[for={form.select_one('input')['id']}]")
        assert text(label)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_404_page_has_a_search_box(client, site, language):
    response = client.get(f"/{language}/no-such-page/")
    assert response.status_code == 404
    form = parse(response).select_one("main form[role=search]")
    assert form["action"] == SEARCH[language]
    assert form.select_one("input[name=q]") is not None


def test_the_form_works_without_javascript_as_a_plain_get(client, site):
    """What a browser without script sends: the form's action with its one field."""
    home = parse(client.get("/en/"))
    form = home.select_one("header.site-header form[role=search]")
    response = client.get(form["action"], {form.select_one("input")["name"]: "Education"})
    assert response.status_code == 200
    assert "Education" in result_titles(response)


def test_an_empty_query_shows_the_form_and_nothing_else(client, site):
    for params in ({}, {"q": ""}, {"q": "   "}):
        response = client.get(SEARCH["es"], params)
        assert response.status_code == 200
        assert not parse(response).select(".search-result")
        assert parse(response).find(id="results-heading") is None


def test_the_switcher_leads_to_the_other_languages_search_with_the_same_query(client, site):
    response = search(client, "es", "Perú", kind="member_state")
    links = switcher_links(parse(response))
    assert links["en"]["href"] == "/en/search/?q=Per%C3%BA&kind=member_state"
    assert links["es"]["href"] == "/es/buscar/?q=Per%C3%BA&kind=member_state"


def test_results_are_kept_out_of_search_engines_and_page_caches(client, site, settings):
    settings.PAGE_CACHE_ENABLED = True
    response = search(client, "es", "Perú")
    assert parse(response).select_one('meta[name="robots"]')["content"] == "noindex"
    assert response.get("X-Page-Cache") != "hit"
    assert search(client, "es", "Perú").get("X-Page-Cache") != "hit"


# Language, stemming, accents


@postgresql_only
@pytest.mark.parametrize(
    ("language", "query", "expected"),
    [("es", "migrantes", "Protección"), ("en", "refugees", "Protection")],
)
def test_words_are_found_in_their_other_forms(client, site, language, query, expected):
    # "migrantes" finds "migrante" (Spanish stemming); "refugees" finds "refugee" (English).
    assert expected in result_titles(search(client, language, query))


@postgresql_only
def test_stop_words_of_the_language_are_left_out(client, site):
    # "de los" are Spanish stop words: "Educación de los" still finds "Educación".
    assert "Educación" in result_titles(search(client, "es", "Educación de los"))
    assert "Education" in result_titles(search(client, "en", "the Education of"))


@pytest.mark.parametrize("query", ["peru", "PERÚ", "Perú", "pErU"])
def test_accents_and_capitals_do_not_count(client, site, query):
    assert result_titles(search(client, "es", query))[:1] == ["Perú"]


def test_an_unaccented_word_finds_the_accented_one(client, site):
    titles = result_titles(search(client, "es", "educacion"))
    assert "Educación" in titles
    assert "Education" in result_titles(search(client, "en", "EDUCATION"))


@pytest.mark.parametrize(
    ("language", "own", "other"),
    [("es", "cebolla", "onion"), ("en", "onion", "cebolla")],
)
def test_results_are_in_the_visitors_language_only(client, site, language, own, other):
    assert result_titles(search(client, language, own)) == [site["report"].title]
    assert result_titles(search(client, language, other)) == []
    links = result_links(search(client, language, "Colombia"))
    assert links and all(link.startswith(f"/{language}/") for link in links)


def test_a_page_without_text_in_a_language_is_not_found_by_its_fallback(client, site):
    page = StandardPageFactory(
        parent=site["home"],
        title_es="Quebrada",
        title_en="",
        slug_es="quebrada",
        slug_en="",
        intro_es="Un valle estrecho.",
        intro_en="",
    )
    indexing.index_page(page)
    assert result_titles(search(client, "es", "quebrada")) == ["Quebrada"]
    # The English page shows the Spanish title, but it is not English to search.
    assert result_titles(search(client, "en", "quebrada")) == []


# Everything a visitor looks for


@pytest.mark.parametrize(
    ("language", "query", "title"),
    [
        ("es", "ornitorrinco cebolla", "Informe anual"),
        ("en", "platypus onion", "Annual report"),
    ],
)
def test_the_text_of_a_publications_file_is_found_in_the_files_language(
    client, site, language, query, title
):
    response = search(client, language, query)
    assert result_titles(response) == [title]
    hit = parse(response).select_one(".search-result")
    assert "<mark>" in str(hit.select_one(".search-result__snippet"))


@pytest.mark.parametrize(
    ("language", "query", "kinds"),
    [
        ("es", "Colombia", ["Estado miembro", "Noticia"]),
        ("en", "Colombia", ["Member state", "News item"]),
        ("es", "ornitorrinco", ["Página", "Página", "Página", "Publicación"]),
        ("en", "Education", ["Thematic area"]),
    ],
)
def test_each_result_says_what_kind_of_page_it_is(client, site, language, query, kinds):
    response = search(client, language, query)
    assert [text(p) for p in parse(response).select(".search-result__kind")] == kinds


# Ranking, snippets, escaping


@postgresql_only
@pytest.mark.parametrize(
    ("language", "word", "expected"),
    [
        ("es", "ornitorrinco", ["El ornitorrinco", "Animales", "Fauna", "Informe anual"]),
        ("en", "platypus", ["The platypus", "Animals", "Fauna", "Annual report"]),
    ],
)
def test_titles_rank_above_introductions_above_bodies_above_files(
    client, site, language, word, expected
):
    assert result_titles(search(client, language, word)) == expected


@pytest.mark.parametrize(("language", "word"), [("es", "ornitorrinco"), ("en", "platypus")])
def test_the_matched_words_are_highlighted(client, site, language, word):
    hits = parse(search(client, language, word)).select(".search-result")
    assert [m.get_text() for m in hits[0].select(".search-result__title mark")] == [word]
    for hit in hits[1:]:
        marks = hit.select(".search-result__snippet mark")
        assert [m.get_text().lower() for m in marks] == [word]


@pytest.mark.parametrize(("language", "word"), [("es", "negrita"), ("en", "boldface")])
def test_markup_in_a_pages_text_is_shown_as_text(client, site, language, word):
    response = search(client, language, word)
    html = response.content.decode()
    snippet = parse(response).select_one(".search-result__snippet")
    assert snippet.select("b") == []
    assert f"&lt;b&gt;<mark>{word}</mark>&lt;/b&gt;" in html
    assert f"<b>{word}</b>" in text(snippet)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_query_of_markup_is_text(client, site, language):
    response = search(client, language, "<script>alert(1)</script>")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert parse(response).select("main script") == []


# Kinds, counts, pagination


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_kind_filter_shows_counts_and_filters(client, site, language):
    response = search(client, language, "Colombia")
    filters = [text(a) for a in parse(response).select(".search-kinds a")]
    assert filters[0].endswith("(2)")
    assert len(filters) == 3 and all(f.endswith("(1)") for f in filters[1:])
    only_news = search(client, language, "Colombia", kind="news")
    assert len(result_titles(only_news)) == 1
    assert "Colombia" in result_titles(only_news)[0] != "Colombia"
    current = parse(only_news).select_one(".search-kinds a[aria-current]")
    assert "kind=news" in current["href"]
    assert count_line(only_news).startswith("1 ")
    # Every kind's count stays, to choose another.
    assert [text(a) for a in parse(only_news).select(".search-kinds a")] == filters


@pytest.mark.parametrize(("language", "word"), [("es", "cosecha"), ("en", "harvest")])
def test_results_are_paginated_with_their_count(client, site, language, word):
    first = search(client, language, word)
    assert count_line(first).startswith("23 ")
    assert len(result_titles(first)) == 10
    second = search(client, language, word, page="2")
    third = search(client, language, word, page="3")
    titles = result_titles(first) + result_titles(second) + result_titles(third)
    assert len(titles) == len(set(titles)) == 23
    assert parse(first).select_one('.pagination a[rel="next"]')["href"].endswith("page=2")
    assert parse(third).select_one('.pagination a[rel="next"]') is None
    assert parse(third).select_one(".search-results__list")["start"] == "21"


@pytest.mark.parametrize("page", ["-1", "0", "abc", "1.5", "9" * 20, "²", "99999"])
def test_a_page_that_is_not_a_page_of_results_is_a_404_with_the_search_box(client, site, page):
    # As on every listing (core.pages.listing, tests/test_listings.py).
    response = search(client, "es", "cosecha", page=page)
    assert response.status_code == 404
    assert parse(response).select_one("main form[role=search]") is not None


def test_an_unknown_kind_is_a_400_with_a_message(client, site):
    response = search(client, "en", "Colombia", kind="spaceship")
    assert response.status_code == 400
    assert text(parse(response).select_one("[role=alert]"))
    assert result_titles(response) == []


def test_a_repeated_parameter_is_a_404(client, site):
    # As on every listing (core.pages.listing): no form or link of ours writes one twice.
    assert client.get(SEARCH["en"] + "?q=Peru&q=Colombia").status_code == 404
    assert client.get(SEARCH["en"] + "?q=Peru&kind=news&kind=page").status_code == 404


# Bad input


def test_a_5000_character_query_is_cut_with_a_note(client, site):
    response = search(client, "es", "Perú " + "x" * 4995)
    assert response.status_code == 200
    note = text(parse(response).select_one(".search-message"))
    assert str(MAX_QUERY_LENGTH) in note
    shown = parse(response).select_one("main input[name=q]")["value"]
    assert len(shown) <= MAX_QUERY_LENGTH


def test_a_nul_byte_is_a_400_with_a_message(client, site):
    response = client.get(SEARCH["es"] + "?q=Per%00%C3%BA")
    assert response.status_code == 400
    assert response.content.strip()


@pytest.mark.parametrize(
    "query",
    [
        "& | ! ( ) : * <->",
        "Perú & | ! ( ) : * <-> Colombia",
        "!!! ((( ::: ***",
        "a <-> b <2> c",
        "Perú:*",
        '"Perú',
        "'Perú'",
        '"Perú" OR "Colombia"',
        "-Perú",
        "Perú\\",
        "'; DROP TABLE search_searchentry; --",
        "1' OR '1'='1",
        "%_%",
        "\u200b\u202e\ufeff",
        "😀 Perú",
    ],
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_operators_quotes_and_sql_are_words_or_nothing(client, site, language, query):
    response = search(client, language, query)
    assert response.status_code == 200
    assert SearchEntry.objects.exists()


@postgresql_only
def test_quotes_search_a_phrase_and_a_minus_leaves_a_word_out(client, site):
    assert result_titles(search(client, "es", '"reunión técnica"')) == [
        "Reunión técnica en Colombia"
    ]
    assert result_titles(search(client, "es", '"técnica reunión"')) == []
    assert result_titles(search(client, "es", "Colombia -reunión")) == ["Colombia"]


def test_a_search_makes_a_bounded_number_of_queries(client, site):
    def queries(query):
        search(client, "es", query)  # warm the per-process caches
        with CaptureQueriesContext(connection) as captured:
            assert search(client, "es", query).status_code == 200
        return len(captured)

    few, many = queries("ornitorrinco"), queries("cosecha")
    assert few == many <= MAX_QUERIES
    # With a suggestion (fewer than three results), one query more at most.
    assert queries("Colombai") <= MAX_QUERIES


# Suggestions


@postgresql_only
def test_a_typo_gets_a_suggestion_in_english(client, site):
    response = search(client, "en", "Colombai")
    suggestion = parse(response).select_one(".search-suggestion")
    assert text(suggestion) == "Did you mean Colombia?"
    assert suggestion.select_one("a")["href"] == "/en/search/?q=Colombia"


@postgresql_only
def test_a_typo_gets_a_suggestion_in_spanish(client, site):
    response = search(client, "es", "colombai técnica")
    suggestion = parse(response).select_one(".search-suggestion")
    assert text(suggestion) == "¿Quiso decir Colombia técnica?"
    suggested = client.get(suggestion.select_one("a")["href"])
    assert result_titles(suggested) == ["Reunión técnica en Colombia"]


@postgresql_only
def test_no_suggestion_when_the_words_are_known(client, site):
    assert parse(search(client, "es", "Colombia")).select_one(".search-suggestion") is None
    # A plural is not a typo: stemming finds the singular already.
    response = search(client, "es", "protecciones")
    assert result_titles(response) == ["Protección"]
    assert parse(response).select_one(".search-suggestion") is None


@postgresql_only
def test_a_hidden_pages_words_are_never_suggested(client, site):
    assert parse(search(client, "en", "Colombai")).select_one(".search-suggestion") is not None
    PageViewRestriction.objects.create(
        page=site["colombia"], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    fresh(site["colombia_news"]).unpublish()
    assert parse(search(client, "en", "Colombai")).select_one(".search-suggestion") is None


# The index follows the site


def test_publishing_indexes_a_page_at_once_in_every_language(client, site, auto_update):
    page = StandardPageFactory(
        parent=site["home"],
        live=False,
        title_es="Quimera",
        title_en="Chimera",
        slug_es="quimera",
        slug_en="chimera",
        intro_es="Un animal de leyenda.",
        intro_en="An animal of legend.",
    )
    assert result_titles(search(client, "es", "quimera")) == []
    page.save_revision().publish()
    assert result_titles(search(client, "es", "quimera")) == ["Quimera"]
    assert result_titles(search(client, "en", "chimera")) == ["Chimera"]
    page.title_es = "Grifo"
    page.save_revision().publish()
    assert result_titles(search(client, "es", "grifo")) == ["Grifo"]
    assert result_titles(search(client, "es", "quimera")) == []


def test_a_draft_is_not_indexed_until_it_is_published(client, site, auto_update):
    page = fresh(site["protection"])
    page.title_es = "Borrador secreto"
    page.save_revision()
    assert result_titles(search(client, "es", "secreto")) == []
    assert result_titles(search(client, "es", "Protección")) == ["Protección"]


def test_unpublishing_drops_a_page_at_once(client, site, auto_update):
    page = fresh(site["peru"])
    page.unpublish()
    assert result_titles(search(client, "es", "Perú")) == []
    assert not SearchEntry.objects.filter(page=page).exists()


def test_deleting_drops_a_page_at_once(client, site):
    page = fresh(site["education"])
    page.delete()
    assert not SearchEntry.objects.filter(page_id=site["education"].pk).exists()
    assert "Educación" not in result_titles(search(client, "es", "educación"))


def test_a_privacy_restriction_hides_a_page_and_its_subtree_at_once(client, site):
    restriction = PageViewRestriction.objects.create(
        page=site["harvest"][0].get_parent(),
        restriction_type=PageViewRestriction.PASSWORD,
        password="clave",
    )
    response = search(client, "es", "cosecha")
    assert result_titles(response) == []
    assert parse(response).select(".search-kinds") == []
    restriction.delete()
    assert count_line(search(client, "es", "cosecha")).startswith("23 ")


def test_update_index_rebuilds_the_site_search(client, site):
    SearchEntry.objects.all().delete()
    assert result_titles(search(client, "es", "Perú")) == []
    out = StringIO()
    call_command("update_index", "--only-site-search", stdout=out)
    assert "Site search" in out.getvalue()
    assert result_titles(search(client, "es", "Perú"))[:1] == ["Perú"]
    # Every language, one in preparation too: launching it makes its search work at once.
    assert set(SearchEntry.objects.values_list("language", flat=True)) == set(language_codes())


def test_update_index_also_rebuilds_wagtails_index(site):
    out = StringIO()
    call_command("update_index", stdout=out)
    assert "Updating backend: default" in out.getvalue()
    assert "Site search:" in out.getvalue()


# The simple search (SQLite, the zero-setup default)


@pytest.fixture
def simple_search(monkeypatch, site):
    """The simple search as SQLite runs it (on PostgreSQL too, with the engine switched off)."""
    monkeypatch.setattr(engine, "full_text", lambda: False)
    indexing.rebuild()


def test_the_simple_search_finds_words_without_accents_or_capitals(client, simple_search):
    response = search(client, "es", "EDUCACION")
    assert result_titles(response) == ["Educación"]
    assert [m.get_text() for m in parse(response).select(".search-result__title mark")] == [
        "Educación"
    ]
    assert result_titles(search(client, "en", "platypus"))[0] == "The platypus"
    assert result_titles(search(client, "en", "cebolla")) == []
    assert result_titles(search(client, "es", "cebolla")) == ["Informe anual"]


def test_the_simple_search_says_it_is_simpler_and_suggests_nothing(client, simple_search):
    response = search(client, "es", "Colombai")
    assert parse(response).select_one(".search-suggestion") is None
    assert "simple" in text(parse(response).select_one(".search-message"))
    assert search(client, "es", "<script>").status_code == 200
