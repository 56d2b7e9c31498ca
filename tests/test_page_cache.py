"""The full-page cache: anonymous visitors only, per language, and never stale after a change."""

import pytest

from core.private_apis import cache_client

from .factories import (
    MemberStatePageFactory,
    MemberStatesIndexPageFactory,
    StandardPageFactory,
)
from .html import parse, text

# `about`, `committed` and `production_caching` are in conftest.py.
pytestmark = pytest.mark.usefixtures("production_caching")


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


def test_a_publish_is_visible_at_once_in_both_languages(client, about, committed):
    client.get("/es/acerca-de/")
    client.get("/en/about/")
    about.title_es = "Sobre el Proceso"
    about.title_en = "About the Process"
    with committed():
        about.save_revision().publish()
    spanish, english = client.get("/es/acerca-de/"), client.get("/en/about/")
    assert text(parse(spanish).h1) == "Sobre el Proceso"
    assert text(parse(english).h1) == "About the Process"
    assert (spanish["X-Page-Cache"], english["X-Page-Cache"]) == ("miss", "miss")


def test_a_new_page_appears_in_the_cached_menu_once_published(client, home, about, committed):
    client.get("/en/about/")
    page = StandardPageFactory(parent=home, title_en="News", slug_en="news", live=False)
    with committed():
        page.save_revision().publish()
    menu = parse(client.get("/en/about/")).select_one("nav.main-nav")
    assert "News" in text(menu)


@pytest.mark.parametrize("action", ["unpublish", "delete", "move"])
def test_unpublishing_deleting_or_moving_a_page_empties_the_cache(
    client, home, about, action, committed
):
    other = StandardPageFactory(parent=home, title_en="Other", slug_en="other")
    client.get("/en/about/")
    with committed():
        if action == "unpublish":
            other.unpublish()
        elif action == "delete":
            other.delete()
        else:
            other.move(about, pos="last-child")
    response = client.get("/en/about/")
    assert response["X-Page-Cache"] == "miss"
    assert "Other" not in text(parse(response).select_one("nav.main-nav"))


def test_counters_follow_a_new_member_state_at_once(client, home, committed):
    index = MemberStatesIndexPageFactory(parent=home, slug_es="estados-miembros")
    client.get("/es/")
    state = MemberStatePageFactory(parent=index, country="PE", live=False)
    with committed():
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


# Privacy restrictions


def restrict(page, kind):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    restriction = PageViewRestriction.objects.create(
        page=page,
        restriction_type=kind,
        password="clave" if kind == PageViewRestriction.PASSWORD else "",
    )
    if kind == PageViewRestriction.GROUPS:
        restriction.groups.add(Group.objects.get(name="Editors"))
    return restriction


RESTRICTIONS = ["password", "login", "groups"]
# The `about` page in each language: its path and its title there.
ABOUT = [("/es/acerca-de/", "Acerca de"), ("/en/about/", "About")]


@pytest.mark.parametrize("kind", RESTRICTIONS)
def test_a_privacy_restriction_empties_the_cached_copies_in_every_language(
    client, about, committed, kind
):
    for path in ("/es/acerca-de/", "/en/about/"):
        client.get(path)
        assert client.get(path)["X-Page-Cache"] == "hit"
    with committed():
        restrict(about, kind)
    for path, title in (("/es/acerca-de/", "Acerca de"), ("/en/about/", "About")):
        response = client.get(path)
        assert "X-Page-Cache" not in response
        assert title not in text(parse(response).select_one("main") or parse(response))


def test_a_restriction_on_an_ancestor_empties_its_subpages_cached_copies(client, about, committed):
    child = StandardPageFactory(
        parent=about, title_es="Hija", title_en="Child", slug_es="hija", slug_en="child"
    )
    for path in ("/es/acerca-de/hija/", "/en/about/child/"):
        client.get(path)
    with committed():
        restrict(about, "password")
    for path in ("/es/acerca-de/hija/", "/en/about/child/"):
        response = client.get(path)
        assert "X-Page-Cache" not in response
        assert "Child" not in response.content.decode()
    assert child.get_view_restrictions().exists()


@pytest.mark.parametrize(("path", "title"), ABOUT)
def test_lifting_a_restriction_empties_the_cache_too(client, about, committed, path, title):
    restriction = restrict(about, "password")
    client.get(path)
    with committed():
        restriction.delete()
    response = client.get(path)
    assert text(parse(response).h1) == title


@pytest.mark.parametrize("kind", RESTRICTIONS)
@pytest.mark.parametrize("path", [path for path, _title in ABOUT])
def test_a_restricted_page_is_never_cached(client, about, kind, path):
    restrict(about, kind)
    for _attempt in range(2):
        response = client.get(path)
        assert "X-Page-Cache" not in response


@pytest.mark.parametrize("path", [path for path, _title in ABOUT])
def test_a_page_with_a_form_token_is_not_cached_for_the_next_visitor(client, about, path):
    restrict(about, "password")
    client.get(path)  # sets the CSRF cookie
    assert "X-Page-Cache" not in client.get(path)


# Purges wait for the commit


def test_a_purge_inside_a_transaction_waits_for_the_commit(
    client, about, django_capture_on_commit_callbacks
):
    from core.caching.page_cache import generation

    before = generation()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        about.save_revision().publish()
        assert generation() == before
    for callback in callbacks:
        callback()
    assert generation() != before


# What the cache key is made of


def test_https_and_http_requests_have_their_own_copies(client, about):
    client.get("/sitemap.xml")
    client.get("/es/sitemap.xml")
    secure = client.get("/es/sitemap.xml", secure=True)
    assert secure["X-Page-Cache"] == "miss"
    assert "http://testserver/" not in secure.content.decode()
    assert "https://testserver/es/acerca-de/" in secure.content.decode()


def test_a_host_with_a_foreign_port_is_served_but_never_cached(client, about, settings):
    from django.core.cache import cache

    settings.ALLOWED_HOSTS = ["testserver"]
    client.get("/es/acerca-de/")
    keys_before = len(cache_client(cache))
    for port in range(1000, 1100):
        response = client.get("/es/acerca-de/", HTTP_HOST=f"testserver:{port}")
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
    assert len(cache_client(cache)) == keys_before


@pytest.mark.parametrize("host", ["testserver:80", "TESTSERVER", "testserver."])
@pytest.mark.parametrize("path", [path for path, _title in ABOUT])
def test_another_spelling_of_the_host_never_poisons_the_plain_hosts_copy(client, about, host, path):
    variant = client.get(path, HTTP_HOST=host)
    assert variant.status_code == 200
    assert "X-Page-Cache" not in variant
    plain = client.get(path)
    assert plain["X-Page-Cache"] == "miss"
    assert host not in plain.content.decode()


# Eviction (Redis runs with maxmemory and allkeys-lru)


def test_losing_the_generation_key_never_brings_back_a_stale_page(client, about, committed):
    from django.core.cache import cache

    from core.caching.page_cache import GENERATION_KEY

    for path, _title in ABOUT:
        client.get(path)
    about.title_es, about.title_en = "Sobre el Proceso", "About the Process"
    with committed():
        about.save_revision().publish()
    for path, _title in ABOUT:
        client.get(path)  # cached under the new generation
    cache.delete(GENERATION_KEY)  # evicted
    for path, title in (
        ("/es/acerca-de/", "Sobre el Proceso"),
        ("/en/about/", "About the Process"),
    ):
        assert text(parse(client.get(path)).h1) == title


def test_pages_stay_right_when_the_cache_evicts_entries(client, home, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tiny",
            "OPTIONS": {"MAX_ENTRIES": 3, "CULL_FREQUENCY": 2},
        }
    }
    pages = [
        StandardPageFactory(parent=home, title_en=f"Page {n}", slug_en=f"page-{n}")
        for n in range(6)
    ]
    for _round in range(3):
        for number, _page in enumerate(pages):
            response = client.get(f"/en/page-{number}/")
            assert response.status_code == 200
            assert text(parse(response).h1) == f"Page {number}"


# The API: only the canonical spelling of a validated request is stored


@pytest.fixture
def redis_page_cache(settings):
    """The shared Redis, whose keys can be counted."""
    from django.core.cache import cache

    from .support import redis_url, require_redis

    require_redis()
    settings.CACHES = {
        "default": {
            "BACKEND": "core.caching.resilient_redis.ResilientRedisCache",
            "LOCATION": redis_url(),
            "KEY_PREFIX": "quito-portal-test",
        }
    }
    cache.clear()
    yield
    cache.clear()


def stored_pages():
    """How many responses the page cache holds (not its generation and purge count)."""
    from django.core.cache import cache

    client = cache_client(cache).get_client()
    return sum(1 for _key in client.scan_iter(match="*page-cache:*:http*"))


@pytest.mark.parametrize(
    "query",
    [
        "limit=02",  # a leading zero
        "offset=0000000000000000001",
        "offset=1&limit=2",  # another order of limit=2&offset=1
        "limit=20",  # the default, spelled out
        "lang=es",  # the default language, spelled out
        "lang=EN",
        "limit=0",  # a 400
    ],
)
def test_an_api_request_spelled_other_than_canonically_is_never_stored(
    client, home, redis_page_cache, query
):
    for _attempt in range(2):
        response = client.get(f"/api/v1/rounds/?{query}")
        assert response.get("X-Page-Cache") != "hit"
    assert stored_pages() == 0


@pytest.mark.parametrize("query", ["", "limit=2", "lang=en&limit=2&offset=1"])
def test_a_canonical_api_request_is_stored_and_served_from_the_cache(
    client, home, redis_page_cache, query
):
    path = f"/api/v1/rounds/?{query}" if query else "/api/v1/rounds/"
    first, again = client.get(path), client.get(path)
    assert (first["X-Page-Cache"], again["X-Page-Cache"]) == ("miss", "hit")
    assert again.content == first.content
    assert stored_pages() == 1


def test_an_api_view_that_does_not_vouch_for_its_query_is_not_stored(rf, settings):
    """Without `page_cache_canonical_query` (a view that does not validate its query), nothing
    under /api/ is stored, whatever the query string."""
    from django.http import JsonResponse

    from core.caching.page_cache import is_cacheable_response

    response = JsonResponse({})
    request = rf.get("/api/v1/rounds/")
    assert not is_cacheable_response(request, response)
    request.page_cache_canonical_query = ""
    assert is_cacheable_response(request, response)
    request = rf.get("/api/v1/rounds/?limit=2")
    request.page_cache_canonical_query = "limit=2&offset=0"
    assert not is_cacheable_response(request, response)
