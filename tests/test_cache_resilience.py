"""The shared cache is an accelerator: without Redis the site serves, slower, and says so."""

import logging
import shutil
import socket
import subprocess
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
            "BACKEND": "core.caching.resilient_redis.ResilientRedisCache",
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
    with caplog.at_level(logging.WARNING, logger="core.caching.resilient_redis"):
        client.get("/en/about/")
        client.get("/en/about/")
    warnings = [r for r in caplog.records if r.name == "core.caching.resilient_redis"]
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
    from core.caching import resilient_redis as resilient

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


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateRedis:
    """A redis-server of the test's own on a free loopback port, started with `arguments`."""

    def __init__(self, *arguments):
        if shutil.which("redis-server") is None:
            pytest.skip("redis-server is not installed")
        self.port = free_port()
        self.arguments = arguments
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self):
        import redis

        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=2)

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                *self.arguments,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:  # not listening yet
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


@pytest.fixture
def private_redis():
    """Start (and stop) redis-servers of the test's own: private_redis(*arguments)."""
    servers = []

    def start(*arguments):
        server = PrivateRedis(*arguments).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def full_redis(private_redis):
    """A Redis at its memory limit under `noeviction`: every write is refused with "OOM"."""
    import redis

    server = private_redis("--maxmemory", "2mb", "--maxmemory-policy", "noeviction")
    client = server.client()
    for number in range(100_000):
        try:
            client.set(f"filler:{number}", "x" * 1024)
        except redis.exceptions.OutOfMemoryError:  # "OOM command not allowed ..."
            return server
    raise AssertionError("Redis never filled up")


def read_only_redis(private_redis):
    """A replica whose master is gone (as after a failover): reads answer, writes are refused."""
    server = private_redis(
        "--replicaof", "127.0.0.1", str(free_port()), "--replica-read-only", "yes"
    )
    import redis

    with pytest.raises(redis.exceptions.ReadOnlyError):
        server.client().set("probe", "1")
    return server


@pytest.fixture(params=["full", "read-only"])
def failing_redis(request, private_redis, settings):
    """The app pointed at a Redis that is up but refuses writes."""
    server = (full_redis if request.param == "full" else read_only_redis)(private_redis)
    settings.CACHES = redis_cache(server.url)
    settings.PAGE_CACHE_ENABLED = True
    settings.PROCESS_MEMO_ENABLED = True
    return server


@pytest.mark.parametrize(
    ("path", "title"), [("/es/acerca-de/", "Acerca de"), ("/en/about/", "About")]
)
def test_pages_render_when_redis_refuses_writes(client, about, failing_redis, path, title):
    for _attempt in range(3):
        response = client.get(path)
        assert response.status_code == 200
        assert text(parse(response).h1) == title


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_admin_login_works_when_redis_refuses_writes(
    client, failing_redis, django_user_model, language
):
    django_user_model.objects.create_superuser(
        "editora", "e@example.org", "una clave larga y segura"
    )
    page = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE=language)
    assert page.status_code == 200
    assert page["Content-Language"] == language
    response = client.post(
        "/admin/login/",
        {"username": "editora", "password": "una clave larga y segura"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 302
    # The session was stored in the database: the next request is still logged in.
    assert client.get("/admin/", HTTP_ACCEPT_LANGUAGE=language).status_code == 200


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_logout_made_while_redis_refuses_writes_ends_the_session(
    client, private_redis, settings, django_user_model, monkeypatch, language
):
    # Redis is tried again at once after a failure (the stolen cookie comes back later).
    monkeypatch.setattr("core.caching.resilient_redis.RETRY_AFTER_SECONDS", 0)
    server = private_redis()
    settings.CACHES = redis_cache(server.url)
    django_user_model.objects.create_superuser(
        "editora", "e@example.org", "una clave larga y segura"
    )
    client.post(
        "/admin/login/",
        {"username": "editora", "password": "una clave larga y segura"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert client.get("/admin/", HTTP_ACCEPT_LANGUAGE=language).status_code == 200
    stolen = client.cookies[settings.SESSION_COOKIE_NAME].value
    # A failover leaves Redis a read-only replica: it keeps what it held and refuses writes.
    server.client().replicaof("127.0.0.1", free_port())
    server.client().config_set("replica-read-only", "yes")
    client.post("/admin/logout/", HTTP_ACCEPT_LANGUAGE=language)
    client.cookies[settings.SESSION_COOKIE_NAME] = stolen
    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_healthz_reports_a_degraded_cache_when_redis_refuses_writes(client, db, failing_redis):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}


def test_an_error_answer_from_redis_is_a_miss(settings, private_redis):
    """Not only a full or read-only Redis: here a key that holds another type ("WRONGTYPE")."""
    server = private_redis()
    settings.CACHES = redis_cache(server.url)
    from django.core.cache import cache

    server.client().rpush(cache.make_and_validate_key("anything"), "x")
    assert cache.get("anything", "default") == "default"
    assert cache.get_many(["anything", "other"]) == {}
    with pytest.raises(ValueError):
        cache.incr("anything")


def test_a_command_that_redis_refuses_is_dropped(settings, private_redis):
    """A managed Redis that disables commands (here FLUSHDB, which `clear` sends)."""
    server = private_redis("--rename-command", "FLUSHDB", "")
    settings.CACHES = redis_cache(server.url)
    from django.core.cache import cache

    assert cache.clear() is False
    assert cache.get("anything", "default") == "default"  # while Redis is left alone


# Item 5: a change made on a server that cannot reach Redis, seen from a server that can.
DEAD_REDIS = "redis://127.0.0.1:9/0"  # nothing listens on the discard port


@pytest.fixture
def two_servers(settings, about):
    """Server B reaches the shared Redis; server A, where staff make the change, does not. Both
    share the database. (Switching CACHES builds a fresh cache backend: B never saw an outage.)"""
    from core.caching.process_memo import forget_all

    require_redis()
    shared = redis_cache(redis_url())
    settings.PAGE_CACHE_ENABLED = True
    settings.PROCESS_MEMO_ENABLED = True
    settings.PAGE_CACHE_DB_CHECK_SECONDS = 0
    forget_all()

    class Servers:
        def on_b(self):
            settings.CACHES = shared

        def on_a_without_redis(self):
            settings.CACHES = redis_cache(DEAD_REDIS)

    servers = Servers()
    servers.on_b()
    from django.core.cache import cache

    cache.clear()
    yield servers
    servers.on_b()
    cache.clear()
    forget_all()


def cached_on_b(client, path):
    client.get(path)
    assert client.get(path)["X-Page-Cache"] == "hit"


@pytest.mark.parametrize(
    ("path", "title"), [("/es/acerca-de/", "Acerca de"), ("/en/about/", "About")]
)
def test_a_restriction_made_without_redis_is_not_served_from_the_other_servers_cache(
    client, about, two_servers, committed, path, title
):
    from wagtail.models import PageViewRestriction

    cached_on_b(client, path)
    two_servers.on_a_without_redis()
    with committed():
        PageViewRestriction.objects.create(page=about, restriction_type="password", password="x")
    two_servers.on_b()
    response = client.get(path)
    assert response.get("X-Page-Cache") != "hit"
    main = parse(response).select_one("main") or parse(response)
    assert title not in text(main)
    # Nor afterwards: the restricted answer is not cached in its place.
    assert client.get(path).get("X-Page-Cache") != "hit"


@pytest.mark.parametrize(
    ("path", "home_path"), [("/es/acerca-de/", "/es/"), ("/en/about/", "/en/")]
)
def test_an_unpublish_made_without_redis_is_not_served_or_listed_by_the_other_server(
    client, about, two_servers, committed, path, home_path
):
    cached_on_b(client, path)
    cached_on_b(client, home_path)
    title = text(parse(client.get(path)).h1)
    assert title in text(parse(client.get(home_path)).select_one("nav.main-nav"))
    two_servers.on_a_without_redis()
    with committed():
        about.unpublish()
    two_servers.on_b()
    assert client.get(path).status_code == 404
    home = client.get(home_path)
    assert home.get("X-Page-Cache") != "hit"
    assert title not in text(parse(home).select_one("nav.main-nav"))


def test_a_page_published_without_redis_is_fresh_on_the_other_server(
    client, about, two_servers, committed
):
    """Fragments too: an uncached request on B (a query string) lists the new page at once."""
    from .factories import StandardPageFactory

    client.get("/en/about/?a=1")
    page = StandardPageFactory(
        parent=about.get_parent(), title_en="News", slug_en="news", live=False
    )
    two_servers.on_a_without_redis()
    with committed():
        page.save_revision().publish()
    two_servers.on_b()
    assert "News" in text(parse(client.get("/en/about/?a=1")).select_one("nav.main-nav"))


def test_the_database_is_read_once_per_interval_not_per_hit(
    client, about, two_servers, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_DB_CHECK_SECONDS = 3600
    cached_on_b(client, "/en/about/")
    with django_assert_num_queries(0):
        for _hit in range(5):
            assert client.get("/en/about/")["X-Page-Cache"] == "hit"


def test_cached_pages_are_served_while_the_database_is_down(client, about, two_servers):
    """Another process, with the database unreachable and the same Redis: its check of the
    purge count fails quietly and the cached page is served (uncached ones get the 503 page)."""
    from .support import run_django

    settings_prefix = "from django.conf import settings\n"
    cached_on_b(client, "/en/about/")
    from django.conf import settings

    result = run_django(
        settings_prefix
        + "settings.PAGE_CACHE_ENABLED = True\n"
        + f"settings.CACHES = {settings.CACHES!r}\n"
        + "from django.test import Client\n"
        + "hit = Client().get('/en/about/')\n"
        + "miss = Client(raise_request_exception=False).get('/en/news/')\n"
        + "print(hit.status_code, hit.get('X-Page-Cache'), miss.status_code)\n",
        DATABASE_URL="postgres://postgres@127.0.0.1:9/absent",
    )
    assert result.stdout.split() == ["200", "hit", "503"], result.stderr[-2000:]


def test_a_hung_database_is_asked_once_per_pause_while_cached_pages_are_served(
    client, about, two_servers
):
    """A database host that accepts connections and never answers: the first check waits for the
    connect timeout, later hits are served without asking it again (core/caching/page_cache.py)."""
    import threading

    from django.conf import settings

    from .support import run_django

    cached_on_b(client, "/en/about/")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted = []

    def accept_and_say_nothing():
        while True:
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept_and_say_nothing, daemon=True).start()
    port = listener.getsockname()[1]
    try:
        result = run_django(
            "from django.conf import settings\n"
            "settings.PAGE_CACHE_ENABLED = True\n"
            "settings.PAGE_CACHE_DB_CHECK_SECONDS = 0\n"
            f"settings.CACHES = {settings.CACHES!r}\n"
            "from django.test import Client\n"
            "hits = [Client().get('/en/about/') for _ in range(5)]\n"
            "print(*[(h.status_code, h.get('X-Page-Cache')) for h in hits])\n",
            DATABASE_URL=f"postgres://postgres@127.0.0.1:{port}/hung",
            DATABASE_CONNECT_TIMEOUT="1",
        )
    finally:
        listener.close()
        for connection_ in accepted:
            connection_.close()
    assert result.stdout.split() == ["(200,", "'hit')"] * 5, result.stderr[-2000:]
    assert len(accepted) == 1


def test_a_language_withdrawn_without_redis_is_withdrawn_on_the_other_server(
    client, about, two_servers, committed
):
    """The launched languages are kept in the shared cache too (core.i18n.launch): that copy
    must not outlive a withdrawal that could not reach it."""
    from core.i18n.launch import set_launched

    cached_on_b(client, "/en/about/")
    two_servers.on_a_without_redis()
    with committed():
        set_launched("en", False)
    two_servers.on_b()
    assert client.get("/en/about/").status_code == 404


def test_an_interface_string_edited_without_redis_shows_on_the_other_server(
    client, about, two_servers, django_user_model, committed
):
    """Translators' edits: the version in the shared cache must not outlive an edit that
    could not reach it."""
    from interface_strings.catalogs import catalog_entries
    from interface_strings.editing import save_translations

    entry = next(e for e in catalog_entries().values() if e.msgid == "Skip to main content")
    user = django_user_model.objects.create_user("traductora", "t@example.org", "x")
    cached_on_b(client, "/en/about/")
    two_servers.on_a_without_redis()
    with committed():
        save_translations(entry, {"en": "Jump to the content"}, user)
    two_servers.on_b()
    assert "Jump to the content" in client.get("/en/about/").content.decode()


def test_the_shared_state_keys_are_those_of_their_modules():
    from core.caching.page_cache import SHARED_STATE_KEYS
    from core.i18n.launch import CACHE_KEY
    from interface_strings.runtime import VERSION_CACHE_KEY

    assert set(SHARED_STATE_KEYS) == {CACHE_KEY, VERSION_CACHE_KEY}
