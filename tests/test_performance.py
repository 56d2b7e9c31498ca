"""What makes pages fast: a cache hit that touches nothing but the cache, what every page repeats
worked out once per generation of the page cache (the process memo and the content block kept by
{% wagtailcache %}), yet never stale after a publish (docs/architecture.md, "Caching")."""

import datetime
import time

import pytest
from django.core.cache import caches
from django.utils import translation
from wagtail.models import Page

from core.caching import page_cache, process_memo

from .factories import (
    MemberStatePageFactory,
    MemberStatesIndexPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    PublicationPageFactory,
    PublicationsIndexPageFactory,
    StandardPageFactory,
)
from .html import parse, text
from .support import count_queries

# `about`, `committed` and `production_caching` are in conftest.py.
pytestmark = pytest.mark.usefixtures("production_caching")


@pytest.fixture
def cache_calls(monkeypatch):
    """Every call made to the cache backend from outside it, by name (a backend's get_many may
    call its own get: one round trip to a real server)."""
    calls, depth = [], [0]
    backend = type(caches["default"])
    for name in ("get", "get_many", "set", "add", "incr", "delete", "set_many", "has_key"):
        original = getattr(backend, name)

        def spy(self, *args, _original=original, _name=name, **kwargs):
            if not depth[0]:
                calls.append(_name)
            depth[0] += 1
            try:
                return _original(self, *args, **kwargs)
            finally:
                depth[0] -= 1

        monkeypatch.setattr(backend, name, spy)
    return calls


def test_a_cache_hit_costs_one_cache_round_trip_no_query_and_no_session(
    client, about, cache_calls, django_assert_num_queries
):
    client.get("/es/acerca-de/")  # stored
    cache_calls.clear()
    with django_assert_num_queries(0):
        response = client.get("/es/acerca-de/")
    assert response["X-Page-Cache"] == "hit"
    assert cache_calls == ["get_many"]
    # Answered before the session and authentication middleware ran.
    assert not hasattr(response.wsgi_request, "session")
    assert not hasattr(response.wsgi_request, "user")
    assert "Set-Cookie" not in response


@pytest.mark.parametrize("path", ["/es/acerca-de/", "/en/about/"])
def test_a_cache_hit_carries_the_headers_of_the_page_it_copies(client, about, path):
    first = client.get(path)
    hit = client.get(path)
    assert hit["X-Page-Cache"] == "hit"
    for header in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"):
        assert hit[header] == first[header]
    assert hit["Content-Language"] == path[1:3]


def test_a_page_rendered_again_runs_only_its_own_queries(client, about):
    """Uncached (a query string), the second rendering takes the menu, footer, site, languages
    and breadcrumbs from the process memo: left are the page itself and its privacy restrictions."""
    first = count_queries(client, "/en/about/?from=menu")
    again = count_queries(client, "/en/about/?from=menu")
    assert again == 2 < first


def test_the_home_page_counts_and_lists_once_per_generation(client, home, committed):
    index = MemberStatesIndexPageFactory(parent=home, slug_es="estados-miembros")
    MemberStatePageFactory(parent=index, country="PE")
    first = count_queries(client, "/es/?a=1")
    again = count_queries(client, "/es/?a=1")
    assert again < first / 2


def test_a_published_page_shows_at_once_in_the_menu_that_staff_see(
    admin_client, home, about, committed
):
    """Logged-in staff never get a cached page, but they get the remembered menu: a publish starts
    a new generation, and the menu is worked out again."""
    admin_client.get("/en/about/")
    page = StandardPageFactory(parent=home, title_en="News", slug_en="news", live=False)
    with committed():
        page.save_revision().publish()
    menu = parse(admin_client.get("/en/about/")).select_one("nav.main-nav")
    assert "News" in text(menu)


def test_a_new_member_state_counts_at_once_on_an_uncached_home_page(client, home, committed):
    index = MemberStatesIndexPageFactory(parent=home, slug_es="estados-miembros")
    client.get("/es/?a=1")
    state = MemberStatePageFactory(parent=index, country="PE", live=False)
    with committed():
        state.save_revision().publish()
    facts = parse(client.get("/es/?a=1")).select("main dl.facts dd")
    assert text(facts[0]) == "1"


def test_a_renamed_page_is_found_at_its_new_address_at_once(client, home, about, committed):
    client.get("/en/about/?a=1")
    about.slug_en = "about-us"
    with committed():
        about.save_revision().publish()
    assert client.get("/en/about-us/?a=1").status_code == 200
    # The old address is no longer the page: Wagtail's redirect to the new one answers.
    old = client.get("/en/about/?a=1")
    assert (old.status_code, old["Location"]) == (301, "/en/about-us/")


def test_a_preview_never_remembers_anything(about):
    about.title_en = "Unsaved title"
    response = about.make_preview_request(extra_request_attrs={})
    assert response.status_code == 200
    assert process_memo.remembered_count() == 0


def test_a_public_page_is_remembered_for_the_next_request(client, about):
    client.get("/en/about/?a=1")
    assert process_memo.remembered_count() > 0


def test_nothing_is_remembered_outside_a_request(about):
    from core.pages.navigation import site_frame

    site_frame(None)
    Page.objects.get(pk=about.pk)
    assert process_memo.remembered_count() == 0


def test_nothing_is_remembered_when_the_process_memo_is_turned_off(client, about, settings):
    settings.PROCESS_MEMO_ENABLED = False
    client.get("/en/about/?a=1")
    assert process_memo.remembered_count() == 0


def test_a_host_that_is_not_allowed_is_never_remembered(client, about):
    response = client.get("/en/about/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert process_memo.remembered_count() == 0


def test_a_published_edit_of_a_page_shows_at_once_in_its_kept_content_block(
    admin_client, about, committed
):
    """The content block is kept per generation; publishing the page starts a new one."""
    assert "Sobre el Proceso" not in admin_client.get("/es/acerca-de/").content.decode()
    about.title_es = "Sobre el Proceso"
    with committed():
        about.save_revision().publish()
    assert text(parse(admin_client.get("/es/acerca-de/")).h1) == "Sobre el Proceso"


def test_each_address_of_a_listing_has_its_own_content_block(client, home):
    """A listing's content depends on its query string: a year of news is not the whole list."""
    index = NewsIndexPageFactory(parent=home)
    NewsPageFactory(parent=index, title_es="Noticia de 2023", date=datetime.date(2023, 5, 1))
    NewsPageFactory(parent=index, title_es="Noticia de 2024", date=datetime.date(2024, 5, 1))
    every_year = text(parse(client.get("/es/noticias/")).main)
    one_year = text(parse(client.get("/es/noticias/?year=2023")).main)
    assert "Noticia de 2024" in every_year
    assert "Noticia de 2023" in one_year and "Noticia de 2024" not in one_year


@pytest.mark.parametrize("query", ["", "?type=joint_declaration", "?page=1"])
def test_a_new_publication_is_listed_at_once_in_every_page_of_the_library(
    client, home, committed, query
):
    """The library's pages are remembered per filtering; a publish starts a new generation."""
    library = PublicationsIndexPageFactory(parent=home)
    PublicationPageFactory(parent=library, title_es="Declaración de Quito")
    assert "Declaración de Quito" in text(parse(client.get(f"/es/documentos/{query}")).main)
    new = PublicationPageFactory(parent=library, title_es="Plan de Acción", live=False)
    with committed():
        new.save_revision().publish()
    assert "Plan de Acción" in text(parse(client.get(f"/es/documentos/{query}")).main)


def test_a_new_news_item_is_listed_at_once_on_the_news_page(client, home, committed):
    index = NewsIndexPageFactory(parent=home)
    NewsPageFactory(parent=index, title_es="Primera noticia")
    client.get("/es/noticias/")
    new = NewsPageFactory(parent=index, title_es="Segunda noticia", live=False)
    with committed():
        new.save_revision().publish()
    assert "Segunda noticia" in text(parse(client.get("/es/noticias/")).main)


def heading_of(client, path, **headers):
    return text(parse(client.get(path, **headers)).h1)


def change_title_unpublished(page, language, title):
    """A change that starts no new generation (no publish, no signal): what a page shows of it
    tells whether its content block was rendered again."""
    Page.objects.filter(pk=page.pk).update(**{f"title_{language}": title})


@pytest.mark.parametrize(
    ("language", "path", "title"),
    [("es", "/es/acerca-de/?a=1", "Sobre el Proceso"), ("en", "/en/about/?a=1", "About us")],
)
def test_the_content_block_is_kept_until_the_generation_moves(client, about, language, path, title):
    """{% shared_content_cache %} (Wagtail's {% wagtailcache %}) in base.html keeps the content block under the page cache's generation:
    the same block until anything is published, a fresh one at once after."""
    before = heading_of(client, path)
    change_title_unpublished(about, language, title)
    assert heading_of(client, path) == before
    page_cache.purge_now()
    assert heading_of(client, path) == title


def test_another_app_server_reuses_the_kept_content_block(client, about):
    """The block is kept in the shared cache, not in one process: a server that has remembered
    nothing yet serves it too."""
    before = heading_of(client, "/es/acerca-de/?a=1")
    change_title_unpublished(about, "es", "Sobre el Proceso")
    process_memo.forget_all()  # what a process that never served the page knows
    assert heading_of(client, "/es/acerca-de/?a=1") == before


def test_a_page_with_content_of_its_own_per_visitor_keeps_no_content_block(
    client, about, monkeypatch
):
    monkeypatch.setattr(type(about), "content_is_shared", False)
    heading_of(client, "/es/acerca-de/?a=1")
    change_title_unpublished(about, "es", "Sobre el Proceso")
    assert heading_of(client, "/es/acerca-de/?a=1") == "Sobre el Proceso"


@pytest.mark.parametrize("host", ["testserver:80", "TESTSERVER", "testserver:8081"])
def test_a_host_spelled_otherwise_keeps_no_content_block(client, about, host):
    """Anyone can spell the Host header many ways: each would fill the cache with a copy."""
    heading_of(client, "/es/acerca-de/?a=1", HTTP_HOST=host)
    change_title_unpublished(about, "es", "Sobre el Proceso")
    assert heading_of(client, "/es/acerca-de/?a=1", HTTP_HOST=host) == "Sobre el Proceso"


def test_a_preview_never_uses_a_kept_content_block(client, about):
    client.get("/es/acerca-de/?a=1")
    about.title_es = "Título sin guardar"
    with translation.override("es"):
        response = about.make_preview_request(extra_request_attrs={})
    assert text(parse(response).h1) == "Título sin guardar"


def test_a_remembered_value_is_worked_out_again_after_the_page_caches_lifetime(monkeypatch):
    """No date in the memo's keys: what depends on the day ("the next meeting") turns over after
    midnight when its entry expires, as cached pages do, at most PAGE_CACHE_SECONDS later."""
    process_memo.serving_generation(1)
    try:
        assert process_memo.remember_in_process(("clock",), lambda: "yesterday") == "yesterday"
        assert process_memo.remember_in_process(("clock",), lambda: "today") == "yesterday"
        later = time.monotonic() + page_cache.TIMEOUT + 1
        monkeypatch.setattr(process_memo.time, "monotonic", lambda: later)
        assert process_memo.remember_in_process(("clock",), lambda: "today") == "today"
    finally:
        process_memo.serving_generation(None)
