"""Test settings: fast hashing, in-memory e-mail; the database still comes from DATABASE_URL."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"
# Serve static files from the apps' folders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tests render pages afresh; the page cache's own tests turn it on.
PAGE_CACHE_ENABLED = False
# Tests build and change pages without publishing them (no new generation): the process memo
# works everything out afresh too, and the caches' own tests turn it on.
PROCESS_MEMO_ENABLED = False
# Tests do not search the site: no search-index writes on every save (a test that needs them can
# turn AUTO_UPDATE back on with pytest-django's `settings` fixture).
WAGTAILSEARCH_BACKENDS = {
    name: {**backend, "AUTO_UPDATE": False}
    for name, backend in WAGTAILSEARCH_BACKENDS.items()  # noqa: F405
}
# Wagtail's background tasks (the reference index behind "usage" counts, search-index updates)
# are recorded, not run: rebuilding a page's references on every save of its orderables was most
# of the time the tests spent building pages. A test that needs them runs the task itself.
TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
# The browser tests' live server answers in threads that outlive a test (keep-alive): each
# request closes its database connection, so that none is left open when the suite drops its
# test database.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# On SQLite (the zero-setup default) the test database is a file, not memory, in write-ahead-log
# mode: the browser tests' live server then reads and commits through a connection of its own
# while a test reads, as on PostgreSQL. Transactions take the write lock when they begin, as
# base.py sets: browser tests therefore run outside a transaction (tests/browser/conftest.py).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test-db.sqlite3")}  # noqa: F405
    _sqlite_options = DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
    _sqlite_options["init_command"] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF"
# The page cache compares the database's purge count with the cache's once per test (the caching
# fixture forgets the last reading), not on timing: tests count queries. Its own tests use 0.
PAGE_CACHE_DB_CHECK_SECONDS = 3600
# Tests ask for searches, downloads and API answers one after another, and the test client leaves
# a streamed download it did not read to the end open (a server would close it): the bound on
# costly requests is not what they test (tests/test_security.py sets its own).
COSTLY_REQUESTS_MAX = 64
