"""The site-wide behaviour of the bilingual portal: routes, language prefixes, switcher, errors."""

import pytest
from django.test import override_settings
from django.utils import translation

from .factories import StandardPageFactory
from .html import alternates, parse, switcher_links, text


@pytest.fixture
def about(home):
    return StandardPageFactory(
        parent=home,
        title_es="Acerca del Proceso",
        title_en="About the Process",
        slug_es="acerca-de",
        slug_en="about",
    )


@pytest.fixture
def deep_page(about):
    return StandardPageFactory(
        parent=about, title_es="Historia", title_en="History", slug_es="historia", slug_en="history"
    )


@pytest.mark.parametrize(
    ("path", "lang", "title"),
    [
        ("/es/", "es", "Proceso de Quito"),
        ("/en/", "en", "Quito Process"),
        ("/es/acerca-de/", "es", "Acerca del Proceso"),
        ("/en/about/", "en", "About the Process"),
    ],
)
def test_page_is_served_under_its_language_prefix(client, about, path, lang, title):
    response = client.get(path)
    assert response.status_code == 200
    page = parse(response)
    assert page.html["lang"] == lang
    assert text(page.h1) == title


def test_slug_of_the_other_language_is_not_found(client, about):
    assert client.get("/en/acerca-de/").status_code == 404


def test_root_redirects_to_spanish_by_default(client, home):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/es/"


def test_root_redirects_by_accept_language(client, home):
    response = client.get("/", headers={"accept-language": "en-GB,en;q=0.9"})
    assert response["Location"] == "/en/"


def test_language_cookie_wins_over_accept_language(client, home):
    client.cookies["django_language"] = "es"
    response = client.get("/", headers={"accept-language": "en"})
    assert response["Location"] == "/es/"


def test_unsupported_accept_language_falls_back_to_spanish(client, home):
    response = client.get("/", headers={"accept-language": "fr-FR,fr;q=0.9"})
    assert response["Location"] == "/es/"


def test_admin_has_no_language_prefix(client, home):
    response = client.get("/admin/login/")
    assert response.status_code == 200


def test_switcher_on_a_nested_page_leads_to_the_translation_and_back(client, deep_page):
    spanish = switcher_links(parse(client.get("/es/acerca-de/historia/")))
    assert spanish["en"]["href"] == "/en/about/history/"
    assert spanish["en"]["lang"] == "en"
    english = switcher_links(parse(client.get(spanish["en"]["href"])))
    assert english["es"]["href"] == "/es/acerca-de/historia/"
    assert english["en"]["aria-current"] == "true"


def test_switcher_names_each_language_in_itself(client, about):
    links = switcher_links(parse(client.get("/en/about/")))
    assert text(links["es"]) == "Español"
    assert text(links["en"]) == "English"


def test_hreflang_alternates_are_absolute_and_reciprocal(client, deep_page):
    spanish = alternates(parse(client.get("/es/acerca-de/historia/")))
    english = alternates(parse(client.get("/en/about/history/")))
    expected = {
        "es": "http://testserver/es/acerca-de/historia/",
        "en": "http://testserver/en/about/history/",
        "x-default": "http://testserver/es/acerca-de/historia/",
    }
    assert spanish == expected
    assert english == expected


def test_english_page_without_english_text_shows_spanish_marked_as_spanish(client, home):
    StandardPageFactory(
        parent=home,
        title_es="Solo en español",
        title_en="",
        slug_es="solo",
        slug_en="",
        intro_en="",
    )
    page = parse(client.get("/en/solo/"))
    assert page.html["lang"] == "en"
    assert page.h1["lang"] == "es"
    assert text(page.h1) == "Solo en español"
    assert page.select_one("p.lead")["lang"] == "es"
    # The switcher still leads to the Spanish page, and the English URL works with its fallback slug.
    assert switcher_links(page)["es"]["href"] == "/es/solo/"
    assert switcher_links(page)["en"]["href"] == "/en/solo/"


def test_translated_text_carries_no_lang_override(client, about):
    page = parse(client.get("/en/about/"))
    assert not page.h1.has_attr("lang")
    assert text(page.h1) == "About the Process"


def test_menu_marks_the_current_section(client, deep_page):
    menu = parse(client.get("/en/about/history/")).select_one("nav.main-nav")
    assert menu.select_one('a[href="/en/about/"]')["aria-current"] == "true"


def test_breadcrumbs_lead_home_in_the_page_language(client, deep_page):
    breadcrumbs = parse(client.get("/es/acerca-de/historia/")).select_one("nav.breadcrumbs")
    assert breadcrumbs["aria-label"] == "Migas de pan"
    links = [(a["href"], text(a)) for a in breadcrumbs.select("a")]
    assert links == [
        ("/es/", "Inicio"),
        ("/es/acerca-de/", "Acerca del Proceso"),
        ("/es/acerca-de/historia/", "Historia"),
    ]


@pytest.mark.parametrize(
    ("path", "message"),
    [("/es/no-existe/", "Página no encontrada"), ("/en/does-not-exist/", "Page not found")],
)
def test_404_is_in_the_language_of_the_prefix(client, home, path, message):
    response = client.get(path)
    assert response.status_code == 404
    page = parse(response)
    assert message in text(page.h1)
    assert page.select_one("a.skip-link")  # the site's layout


@override_settings(DEBUG=False)
@pytest.mark.parametrize(
    ("path", "lang", "message"),
    [("/es/acerca-de/", "es", "Algo salió mal"), ("/en/about/", "en", "Something went wrong")],
)
def test_500_is_in_the_language_of_the_prefix_without_a_traceback(
    client, about, monkeypatch, path, lang, message
):
    def explode(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("core.pages.models.StandardPage.serve", explode)
    client.raise_request_exception = False
    response = client.get(path)
    assert response.status_code == 500
    html = response.content.decode()
    assert parse(response).html["lang"] == lang
    assert message in html
    assert "secret internals" not in html
    assert "Traceback" not in html


def test_page_url_in_english_uses_english_slugs(deep_page):
    with translation.override("en"):
        assert deep_page.url == "/en/about/history/"


def test_favicon_ico_leads_to_the_icon_file(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/img/favicon.ico"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_very_deep_path_is_a_404_without_looking_it_up(client, home, language):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/{language}/" + "a/" * 5000)
    assert response.status_code == 404
    assert not [q for q in queries.captured_queries if f'url_path_{language}" IN' in q["sql"]]
