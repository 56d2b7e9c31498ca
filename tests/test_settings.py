import pytest
from django.conf import settings

from .support import migrated_database_url, redis_url, require_redis, run_python

# Servers, subprocesses and timeouts: in `make test` and CI, not in `make test-fast`.
pytestmark = pytest.mark.slow


def test_production_settings_refuse_to_start_without_secret_key():
    result = run_python(
        "import django; django.setup()", DJANGO_SETTINGS_MODULE="quito_portal.settings.production"
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_start_with_secret_key():
    result = run_python(
        "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
        DJANGO_SETTINGS_MODULE="quito_portal.settings.production",
        SECRET_KEY="x" * 50,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_database_defaults_to_a_sqlite_file_in_the_project():
    code = "from django.conf import settings; print(settings.DATABASES['default']['NAME'])"
    result = run_python(
        f"import django; django.setup(); {code}",
        DJANGO_SETTINGS_MODULE="quito_portal.settings.dev",
        DATABASE_URL="",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(settings.BASE_DIR / "db.sqlite3")


def test_postgresql_adds_contrib_postgres():
    code = "from django.conf import settings; print('django.contrib.postgres' in settings.INSTALLED_APPS)"
    result = run_python(
        f"import django; django.setup(); {code}",
        DJANGO_SETTINGS_MODULE="quito_portal.settings.dev",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/none",
    )
    assert result.stdout.strip() == "True", result.stderr


def test_redis_url_gives_a_shared_cache_that_works():
    require_redis()
    code = (
        "from django.conf import settings; from django.core.cache import cache\n"
        "print(settings.CACHES['default']['BACKEND'])\n"
        "cache.set('shared-check', 'ok', 5); print(cache.get('shared-check'))"
    )
    result = run_python(
        f"import django; django.setup(); {code}",
        DJANGO_SETTINGS_MODULE="quito_portal.settings.dev",
        REDIS_URL=redis_url(),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["core.caching.resilient_redis.ResilientRedisCache", "ok"]


DEAD_REDIS = """
from django.test import Client
client = Client(raise_request_exception=False)
for path in ["/healthz", "/robots.txt"]:
    response = client.get(path, secure=True)
    print(path, response.status_code, response.content.decode()[:200])
"""


def test_production_serves_when_redis_is_unreachable(tmp_path, db):
    database_url = migrated_database_url(tmp_path)
    result = run_python(
        "import django; django.setup()\n" + DEAD_REDIS,
        DJANGO_SETTINGS_MODULE="quito_portal.settings.production",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="testserver",
        DATABASE_URL=database_url,
        REDIS_URL="redis://127.0.0.1:9/0",
    )
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines() if line[:1] == "/")
    assert lines["/healthz"].startswith("200 "), result.stdout + result.stderr
    assert '"cache": "unavailable"' in lines["/healthz"]
    assert lines["/robots.txt"].startswith("200 ")
    assert "Cache unavailable" in result.stderr  # the log line


def test_production_without_redis_shares_the_cache_through_the_database():
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    result = run_python(
        f"import django; django.setup(); {code}",
        DJANGO_SETTINGS_MODULE="quito_portal.settings.production",
        SECRET_KEY="x" * 50,
        REDIS_URL="",
    )
    assert result.stdout.strip() == "django.core.cache.backends.db.DatabaseCache", result.stderr
