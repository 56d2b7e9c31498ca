"""A language in preparation: edited and previewed in the admin, invisible to visitors until a
moderator launches it; launching and withdrawing take effect at once (the page cache is purged).

The mechanism is the same for every language but the default; these tests stage English, which
every test database has."""

from xml.etree import ElementTree

import pytest
from django.urls import reverse

from core.i18n.launch import public_language_codes, set_launched

from .factories import StandardPageFactory
from .html import alternates, parse, switcher_links

pytestmark = pytest.mark.django_db

SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def about(home):
    return StandardPageFactory(
        parent=home, title_es="Acerca", title_en="About", slug_es="acerca", slug_en="about"
    )


@pytest.fixture
def english_in_preparation(home, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        set_launched("en", False)


def test_english_is_public_after_the_migrations(home):
    assert public_language_codes() == ["es", "en"]


def test_a_language_in_preparation_answers_404_under_its_prefix(
    client, about, english_in_preparation
):
    response = client.get("/en/about/")
    assert response.status_code == 404
    assert parse(response).html["lang"] == "es"  # the visitor reads the 404 in Spanish


def test_a_language_in_preparation_is_left_out_of_the_switcher_and_hreflang(
    client, about, english_in_preparation
):
    html = parse(client.get("/es/acerca/"))
    assert "en" not in switcher_links(html)
    assert "en" not in alternates(html)


def test_a_language_in_preparation_has_no_sitemap(client, about, english_in_preparation):
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)  # noqa: S314
    locations = [node.text for node in index.findall("s:sitemap/s:loc", SITEMAP)]
    assert locations and not any("/en/" in location for location in locations)
    assert client.get("/en/sitemap.xml").status_code == 404
    spanish = client.get("/es/sitemap.xml").content.decode()
    assert 'hreflang="en"' not in spanish


def test_no_visitor_is_sent_to_a_language_in_preparation(client, home, english_in_preparation):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response.status_code == 302
    assert response["Location"].startswith("/es/")
    client.cookies["django_language"] = "en"
    assert client.get("/")["Location"].startswith("/es/")


def test_the_admin_previews_a_language_in_preparation(admin_client, about, english_in_preparation):
    response = admin_client.get(
        reverse("wagtailadmin_pages:view_draft", args=[about.pk]) + "?mode=en"
    )
    assert response.status_code == 200
    preview = admin_client.get(reverse("wagtailadmin_pages:preview_on_edit", args=[about.pk]))
    assert preview.status_code in (200, 405)  # the panel posts the form first; the page exists


def test_launching_shows_the_language_at_once_even_on_a_cached_page(
    client, about, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        set_launched("en", False)
    assert "en" not in switcher_links(parse(client.get("/es/acerca/")))  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        set_launched("en", True)
    assert "en" in switcher_links(parse(client.get("/es/acerca/")))
    assert client.get("/en/about/").status_code == 200


def test_a_page_without_a_title_in_a_language_is_not_announced_in_it(client, home):
    only_spanish = StandardPageFactory(
        parent=home, title_es="Solo en español", title_en="", slug_es="solo", slug_en=""
    )
    assert "en" not in alternates(parse(client.get(only_spanish.url)))
    english_sitemap = client.get("/en/sitemap.xml").content.decode()
    assert "solo" not in english_sitemap
