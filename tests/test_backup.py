"""`make backup` and `make restore`: the demo site survives a dump and a restore into an empty database."""

import os
import shutil
import subprocess
import uuid

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from .support import require_redis

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql" or shutil.which("pg_dump") is None,
    reason="Backups are PostgreSQL dumps: run the suite with DATABASE_URL on PostgreSQL (as CI does).",
)

CHECK_PAGES = """
import django; django.setup()
from django.test import Client
from django.utils import translation
from wagtail.models import Page
client = Client()
pages = Page.objects.filter(depth__gte=2).live().specific()
failures = []
for page in pages:
    for language in ("es", "en"):
        with translation.override(language):
            url = page.get_url()
        if client.get(url).status_code != 200:
            failures.append(url)
print(len(pages), "pages", "failures:", failures)
"""


def server_url(database):
    params = connection.get_connection_params()
    user = params.get("user") or "postgres"
    host = params.get("host") or "127.0.0.1"
    port = params.get("port") or 5432
    password = params.get("password")
    auth = f"{user}:{password}" if password else user
    return f"postgres://{auth}@{host}:{port}/{database}"


def run(command, database_url, tmp_path, **extra_env):
    env = os.environ | {
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "quito_portal.settings.test",
        "MEDIA_ROOT": str(tmp_path / "media"),
        **extra_env,
    }
    env.pop("TEST_DATABASE_VENDOR_FILE", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(  # noqa: S603
        command,
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture
def databases():
    names = [f"qp_backup_{kind}_{uuid.uuid4().hex[:8]}" for kind in ("source", "target")]
    with psycopg.connect(server_url("postgres"), autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
    yield [server_url(name) for name in names]
    with psycopg.connect(server_url("postgres"), autocommit=True) as admin:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restored_into_an_empty_database_has_every_page_in_both_languages(
    databases, tmp_path
):
    source, target = databases
    python = str(settings.BASE_DIR / ".venv" / "bin" / "python")
    python = python if os.path.exists(python) else "python"
    run([python, "manage.py", "migrate", "--noinput"], source, tmp_path)
    run([python, "manage.py", "load_demo_content"], source, tmp_path)
    (tmp_path / "media" / "documents").mkdir(parents=True)
    (tmp_path / "media" / "documents" / "declaracion.pdf").write_bytes(b"%PDF-1.4 demo")
    before = run([python, "-c", CHECK_PAGES], source, tmp_path)

    backup = run(
        ["make", "--no-print-directory", "backup", f"BACKUP_DIR={tmp_path / 'backups'}"],
        source,
        tmp_path,
    )
    stamp = backup.strip().splitlines()[-1]
    shutil.rmtree(tmp_path / "media")
    run(["make", "--no-print-directory", "restore", f"BACKUP={stamp}"], target, tmp_path)

    after = run([python, "-c", CHECK_PAGES], target, tmp_path)
    assert after == before
    assert after.strip() == "54 pages failures: []"
    assert (tmp_path / "media" / "documents" / "declaracion.pdf").read_bytes() == b"%PDF-1.4 demo"


STALE_CACHE = """
import django; django.setup()
from django.core.cache import cache
from interface_strings.runtime import VERSION_CACHE_KEY
if SEED:
    cache.set("page-cache:stale", "the old site's page", None)
    cache.set(VERSION_CACHE_KEY, 999, None)
print(cache.get("page-cache:stale"), cache.get(VERSION_CACHE_KEY))
"""


def test_a_restore_empties_the_shared_cache(databases, tmp_path):
    require_redis()
    source, target = databases
    python = str(settings.BASE_DIR / ".venv" / "bin" / "python")
    python = python if os.path.exists(python) else "python"
    redis = {"REDIS_URL": "redis://127.0.0.1:6379/14"}
    (tmp_path / "media").mkdir()  # an empty site is enough: the cache is what is checked
    stamp = (
        run(
            ["make", "--no-print-directory", "backup", f"BACKUP_DIR={tmp_path / 'backups'}"],
            source,
            tmp_path,
        )
        .strip()
        .splitlines()[-1]
    )
    seeded = run([python, "-c", "SEED = True\n" + STALE_CACHE], target, tmp_path, **redis)
    assert seeded.split() == ["the", "old", "site's", "page", "999"]
    run(["make", "--no-print-directory", "restore", f"BACKUP={stamp}"], target, tmp_path, **redis)
    after = run([python, "-c", "SEED = False\n" + STALE_CACHE], target, tmp_path, **redis)
    page, version = after.split()
    assert page == "None"
    assert version != "999"  # gone; whatever is there now was read from the restored database
