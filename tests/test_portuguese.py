"""Portuguese, the third language: staged in the admin (in preparation), then launched.

While in preparation an anonymous crawl of the whole demo site finds no trace of /pt/, and the
translators' queue counts Portuguese; once launched, the Portuguese pages answer with their own
slugs and texts. (That every page then answers in the three languages with reciprocal hreflang
links is read off test_demo_content's crawl of the launched demo, which renders them all once.)"""

import re
from urllib.parse import urlparse
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.urls import LocalePrefixPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from core.i18n.launch import public_language_codes, set_launched
from translation_queue.models import TranslationItem

from .html import alternates, parse, text

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("portuguese")]

SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def demo(demo_loaded, db):
    pass


@pytest.fixture
def launched(demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        set_launched("pt", True)


def sitemap_locations(client, path):
    root = ElementTree.fromstring(client.get(path).content)  # noqa: S314 (our own sitemap)
    return [node.text for node in root.iter(f"{{{SITEMAP['s']}}}loc")]


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def views_without_arguments(patterns=None, namespace=""):
    """The names of every public view inside the language prefixes that takes no argument (the
    search page, the data page and its data package...): pages have sitemaps, these do not."""
    if patterns is None:
        patterns = next(
            resolver.url_patterns
            for resolver in get_resolver().url_patterns
            if isinstance(resolver, URLResolver)
            and isinstance(resolver.pattern, LocalePrefixPattern)
        )
    names = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names += views_without_arguments(pattern.url_patterns, inner)
        elif pattern.name and not pattern.pattern.regex.groups:
            names.append(namespace + pattern.name)
    return names


def crawl(client):
    """Every page the sitemaps list, each language's home page, every other view of the
    language prefixes (the search page with a query), the feeds they link and the files they
    offer: (path, response)."""
    paths = set()
    for sitemap in sitemap_locations(client, "/sitemap.xml"):
        paths.update(
            urlparse(url).path for url in sitemap_locations(client, urlparse(sitemap).path)
        )
    for code in public_language_codes():
        with translation.override(code):
            paths.update(reverse(name) for name in views_without_arguments())
    paths.add(reverse("search") + "?q=migrantes")
    links = r'href="(/[^"]*(?:rss|atom|\.ics|\.csv|\.json)[^"]*)"'
    seen = set()
    for path in sorted(paths):
        response = client.get(path)
        yield path, response
        # Each feed or file once, however many pages link it (most link the same feeds).
        for href in set(re.findall(links, body(response))) - seen:
            seen.add(href)
            yield href, client.get(href)


def test_portuguese_is_a_language_of_the_site_and_starts_in_preparation():
    assert "pt" in [code for code, _name in settings.LANGUAGES]
    assert "pt" not in public_language_codes()


def test_an_anonymous_crawl_finds_no_trace_of_portuguese_while_it_is_in_preparation(demo, client):
    seen = 0
    for path, response in crawl(client):
        seen += 1
        assert response.status_code == 200, path
        content = body(response)
        assert "/pt/" not in content, path
        assert 'hreflang="pt"' not in content and 'lang="pt"' not in content, path
    assert seen > 80
    for path in ["/pt/", "/pt/estados-membros/brasil/", "/pt/sitemap.xml", "/pt/busca/?q=brasil"]:
        assert client.get(path).status_code == 404, path
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="pt-BR,pt;q=0.9")["Location"].startswith("/es/")


def test_translators_see_portuguese_in_the_queue_while_it_is_in_preparation(demo, admin_client):
    response = admin_client.get("/admin/translation-queue/", {"language": "pt", "state": "missing"})
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count > 100  # the work still to do
    done = TranslationItem.objects.filter(language="pt", state="done")
    assert done.filter(page__slug_es="brasil", key="intro").exists()


def test_the_preview_shows_a_page_in_portuguese_while_it_is_in_preparation(demo, admin_client):
    from wagtail.models import Page

    brazil = Page.objects.get(slug_es="brasil")
    response = admin_client.get(
        reverse("wagtailadmin_pages:view_draft", args=[brazil.pk]) + "?mode=pt"
    )
    assert response.status_code == 200
    html = parse(response)
    assert html.html["lang"] == "pt"
    assert "O Brasil é Estado-membro do Processo de Quito" in text(html.find("main"))


def test_after_launch_the_portuguese_pages_answer_with_portuguese_slugs(launched, client):
    html = parse(client.get("/pt/estados-membros/brasil/"))
    assert html.html["lang"] == "pt"
    assert "O Brasil é Estado-membro" in text(html.find("main"))
    assert client.get("/pt/sobre/").status_code == 200
    assert client.get("/pt/secretaria-tecnica/").status_code == 200


def test_a_missing_portuguese_text_shows_the_spanish_one_marked_as_spanish(launched, client):
    html = parse(client.get("/pt/estados-membros/chile/"))
    intro = html.select_one(".page-intro, .intro, main p")
    assert intro is not None
    assert "Chile es Estado miembro" in text(html.find("main"))
    assert html.find(attrs={"lang": "es"}) is not None


def test_a_page_with_no_portuguese_title_is_not_announced_in_portuguese(launched, client):
    from wagtail.models import Page

    page = Page.objects.get(slug_es="privacidad")
    assert not page.title_pt
    assert "pt" not in alternates(parse(client.get(page.url)))
    portuguese = " ".join(sitemap_locations(client, "/pt/sitemap.xml"))
    assert "privacidad" not in portuguese and "/pt/sobre/" in portuguese


def test_portuguese_dates_and_country_names(launched, client):
    with translation.override("pt"):
        import datetime

        from django.utils.formats import date_format

        assert date_format(datetime.date(2018, 9, 4)) == "4 de setembro de 2018"
    assert text(parse(client.get("/pt/estados-membros/peru/")).h1) == "Peru"


@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"], reason="PostgreSQL"
)
def test_the_portuguese_search_stems_portuguese_words(launched, client):
    html = parse(client.get("/pt/busca/", {"q": "estado-membro"}))
    assert "Brasil" in text(html.find("main"))
