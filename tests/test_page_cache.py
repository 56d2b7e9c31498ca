"""The full-page cache: anonymous visitors only, per language, and never stale after a change."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders

from .factories import (
    MemberStatePageFactory,
    MemberStatesIndexPageFactory,
    StandardPageFactory,
)
from .html import parse, text


def parse_html(content):
    from bs4 import BeautifulSoup

    return BeautifulSoup(content, "html.parser")


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture
def about(home):
    return StandardPageFactory(
        parent=home, title_es="Acerca de", title_en="About", slug_es="acerca-de", slug_en="about"
    )


def test_an_anonymous_visitor_gets_the_page_from_the_cache_the_second_time(client, about):
    first = client.get("/es/acerca-de/")
    second = client.get("/es/acerca-de/")
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_each_language_has_its_own_cached_page(client, about):
    client.get("/es/acerca-de/")
    english = client.get("/en/about/")
    assert english["X-Page-Cache"] == "miss"
    assert text(parse(english).h1) == "About"
    assert text(parse(client.get("/es/acerca-de/")).h1) == "Acerca de"


def test_a_publish_is_visible_at_once_in_both_languages(client, about):
    client.get("/es/acerca-de/")
    client.get("/en/about/")
    about.title_es = "Sobre el Proceso"
    about.title_en = "About the Process"
    about.save_revision().publish()
    spanish, english = client.get("/es/acerca-de/"), client.get("/en/about/")
    assert text(parse(spanish).h1) == "Sobre el Proceso"
    assert text(parse(english).h1) == "About the Process"
    assert (spanish["X-Page-Cache"], english["X-Page-Cache"]) == ("miss", "miss")


def test_a_new_page_appears_in_the_cached_menu_once_published(client, home, about):
    client.get("/en/about/")
    page = StandardPageFactory(parent=home, title_en="News", slug_en="news", live=False)
    page.save_revision().publish()
    menu = parse(client.get("/en/about/")).select_one("nav.main-nav")
    assert "News" in text(menu)


@pytest.mark.parametrize("action", ["unpublish", "delete", "move"])
def test_unpublishing_deleting_or_moving_a_page_empties_the_cache(client, home, about, action):
    other = StandardPageFactory(parent=home, title_en="Other", slug_en="other")
    client.get("/en/about/")
    if action == "unpublish":
        other.unpublish()
    elif action == "delete":
        other.delete()
    else:
        other.move(about, pos="last-child")
    response = client.get("/en/about/")
    assert response["X-Page-Cache"] == "miss"
    assert "Other" not in text(parse(response).select_one("nav.main-nav"))


def test_counters_follow_a_new_member_state_at_once(client, home):
    index = MemberStatesIndexPageFactory(parent=home, slug_es="estados-miembros")
    client.get("/es/")
    state = MemberStatePageFactory(parent=index, country="PE", live=False)
    state.save_revision().publish()
    facts = parse(client.get("/es/")).select("main dl.facts dd")
    assert text(facts[0]) == "1"


def test_logged_in_staff_never_get_a_cached_page(admin_client, about):
    admin_client.get("/es/acerca-de/")
    response = admin_client.get("/es/acerca-de/")
    assert "X-Page-Cache" not in response


def test_the_admin_posts_and_query_strings_are_not_cached(client, about):
    assert "X-Page-Cache" not in client.get("/admin/login/")
    assert "X-Page-Cache" not in client.get("/es/acerca-de/?utm=1")
    assert "X-Page-Cache" not in client.post("/es/acerca-de/")


def test_errors_are_not_cached(client, home):
    assert "X-Page-Cache" not in client.get("/es/no-existe/")


def test_a_cached_page_still_carries_the_security_headers(client, about):
    client.get("/es/acerca-de/")
    response = client.get("/es/acerca-de/")
    assert response["X-Page-Cache"] == "hit"
    assert "script-src 'self'" in response["Content-Security-Policy"]


def compressed_size(content):
    return len(gzip.compress(content, compresslevel=6))


def test_every_demo_page_weighs_at_most_60_kb_compressed_with_its_css_and_js(client, db):
    from django.core.management import call_command
    from wagtail.models import Page

    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assets = sum(
        compressed_size(open(finders.find(path), "rb").read())  # noqa: SIM115
        for path in ["css/site.css", "js/site.js"]
    )
    heaviest = 0
    for page in Page.objects.filter(depth__gte=2).live().specific():
        for language in ("es", "en"):
            from django.utils import translation

            with translation.override(language):
                url = page.get_url()
            html = client.get(url).content
            # Nothing render-blocking from another origin: every script and stylesheet is ours.
            document = parse_html(html)
            external = [
                tag
                for tag in document.select("script[src], link[rel=stylesheet], link[rel=preload]")
                if re.match(r"(https?:)?//", tag.get("src") or tag.get("href") or "")
            ]
            assert not external, url
            heaviest = max(heaviest, compressed_size(html) + assets)
    assert heaviest <= 60 * 1024, heaviest
