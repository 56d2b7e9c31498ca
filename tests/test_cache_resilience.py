"""The shared cache is an accelerator: without Redis the site serves, slower, and says so."""

import logging
import socket
import threading
import time

import pytest

from .factories import StandardPageFactory
from .html import parse, text
from .support import redis_url, require_redis

# Servers, subprocesses and timeouts: in `make test` and CI, not in `make test-fast`.
pytestmark = pytest.mark.slow


def redis_cache(location):
    return {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": "quito-portal-test",
        }
    }


@pytest.fixture
def silent_redis():
    """A port that accepts connections and never answers: an unreachable Redis, on loopback."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    accepted = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    server.close()


@pytest.fixture(params=["refused", "silent"])
def dead_redis(request, settings):
    if request.param == "refused":
        location = "redis://127.0.0.1:9/0"  # nothing listens on the discard port
    else:
        location = request.getfixturevalue("silent_redis")
    settings.CACHES = redis_cache(location)
    settings.PAGE_CACHE_ENABLED = True
    return location


@pytest.fixture
def about(home):
    return StandardPageFactory(
        parent=home, title_es="Acerca de", title_en="About", slug_es="acerca-de", slug_en="about"
    )


def test_pages_render_uncached_when_redis_is_down(client, about, dead_redis):
    for path, title in (("/es/acerca-de/", "Acerca de"), ("/en/about/", "About")):
        for _attempt in range(2):
            response = client.get(path)
            assert response.status_code == 200
            assert response.get("X-Page-Cache") != "hit"
            assert text(parse(response).h1) == title


def test_requests_do_not_wait_on_a_dead_cache(client, about, dead_redis):
    client.get("/es/acerca-de/")  # the first call may wait for one short timeout
    started = time.monotonic()
    for _attempt in range(10):
        assert client.get("/es/acerca-de/").status_code == 200
    # Ten pages, each asking the cache several times: no call waits while Redis is known down.
    assert time.monotonic() - started < 5


def test_healthz_reports_the_degraded_cache_while_the_site_serves(client, db, dead_redis):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}


def test_a_log_line_says_the_cache_is_unavailable(client, about, dead_redis, caplog):
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        client.get("/en/about/")
        client.get("/en/about/")
    warnings = [r for r in caplog.records if r.name == "core.cache"]
    assert len(warnings) == 1  # once per outage, not once per call
    assert "Cache unavailable" in warnings[0].getMessage()


def test_translators_edits_still_apply_without_the_cache(
    client, about, dead_redis, django_user_model
):
    from interface_strings.catalogs import catalog_entries
    from interface_strings.editing import save_translations

    entry = next(e for e in catalog_entries().values() if e.msgid == "Skip to main content")
    user = django_user_model.objects.create_user("traductora", "t@example.org", "x")
    save_translations(entry, {"es": "Saltar al contenido"}, user)
    response = client.get("/es/acerca-de/")
    assert "Saltar al contenido" in response.content.decode()


def test_the_site_comes_back_to_the_cache_when_redis_returns(client, about, settings):
    from core import cache as resilient

    require_redis()
    settings.CACHES = redis_cache(redis_url())
    settings.PAGE_CACHE_ENABLED = True
    from django.core.cache import cache

    cache._down_until = time.monotonic() + resilient.RETRY_AFTER_SECONDS  # after an outage
    client.get("/en/about/")
    assert client.get("/en/about/").get("X-Page-Cache") != "hit"
    cache._down_until = 0.0  # the pause is over
    client.get("/en/about/")
    assert client.get("/en/about/")["X-Page-Cache"] == "hit"
    cache.clear()


@pytest.mark.parametrize(
    ("path", "title"), [("/es/acerca-de/", "Acerca de"), ("/en/about/", "About")]
)
def test_a_restriction_set_while_redis_is_down_empties_the_cache_when_it_returns(
    client, about, settings, django_capture_on_commit_callbacks, path, title
):
    from wagtail.models import PageViewRestriction

    require_redis()
    settings.CACHES = redis_cache(redis_url())
    settings.PAGE_CACHE_ENABLED = True
    from django.core.cache import cache

    cache.clear()
    client.get(path)
    assert client.get(path)["X-Page-Cache"] == "hit"
    # Redis becomes unreachable for this server (as the resilient cache records it)...
    cache._down_until = time.monotonic() + 60
    cache.outages += 1
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=about, restriction_type="password", password="x")
    # ...and comes back: the copy cached before the restriction must not be served.
    cache._down_until = 0.0
    response = client.get(path)
    assert "X-Page-Cache" not in response
    assert title not in text(parse(response).select_one("main") or parse(response))
    cache.clear()
