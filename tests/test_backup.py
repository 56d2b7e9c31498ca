"""`make backup` and `make restore`: the demo site survives a dump and a restore into an empty database."""

import json
import os
import shutil
import subprocess
import uuid

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from .database_plugin import restore_demo_content, server_url
from .support import migrated_database_url, redis_url, require_redis

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql" or shutil.which("pg_dump") is None,
        reason="Backups are PostgreSQL dumps: run the suite with DATABASE_URL on PostgreSQL (as CI does).",
    ),
    pytest.mark.slow,
]


def page_urls():
    """The URL of every live page in every language."""
    from django.utils import translation
    from wagtail.models import Page

    urls = []
    for page in Page.objects.filter(depth__gte=2).live().specific():
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                urls.append(page.get_url())
    return sorted(urls)


def report_pages():
    """Every live page's URL and those that do not answer, as JSON."""
    from django.test import Client

    client = Client()
    urls = page_urls()
    return json.dumps(
        {"urls": urls, "failures": [u for u in urls if client.get(u).status_code != 200]}
    )


# The report from a separate process, on the restored database.
CHECK_PAGES = "import django; django.setup()\nfrom tests.test_backup import report_pages\nprint(report_pages())"


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


def create_databases(*kinds):
    names = [f"qp_backup_{kind}_{uuid.uuid4().hex[:8]}" for kind in kinds]
    with psycopg.connect(server_url("postgres"), autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
    return names


def drop_databases(names):
    with psycopg.connect(server_url("postgres"), autocommit=True) as admin:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def empty_database():
    names = create_databases("target")
    yield server_url(names[0])
    drop_databases(names)


@pytest.fixture
def databases():
    names = create_databases("source", "target")
    yield [server_url(name) for name in names]
    drop_databases(names)


def python():
    venv_python = settings.BASE_DIR / ".venv" / "bin" / "python"
    return str(venv_python) if venv_python.exists() else "python"


def test_a_backup_restored_into_an_empty_database_has_every_page_in_every_language(
    transactional_db, demo_snapshot, empty_database, tmp_path
):
    # The source is the suite's own (migrated) database with the demo content committed in it.
    restore_demo_content()
    call_command("site_languages", "--launch-all")  # the launch is part of what is restored
    before = page_urls()
    (tmp_path / "media" / "documents").mkdir(parents=True)
    (tmp_path / "media" / "documents" / "declaracion.pdf").write_bytes(b"%PDF-1.4 demo")
    source = migrated_database_url()

    backup = run(
        ["make", "--no-print-directory", "backup", f"BACKUP_DIR={tmp_path / 'backups'}"],
        source,
        tmp_path,
    )
    stamp = backup.strip().splitlines()[-1]
    shutil.rmtree(tmp_path / "media")
    run(["make", "--no-print-directory", "restore", f"BACKUP={stamp}"], empty_database, tmp_path)

    after = json.loads(run([python(), "-c", CHECK_PAGES], empty_database, tmp_path))
    assert len(before) == 84 * len(settings.LANGUAGES)  # every demo page (test_demo_content)
    assert after == {"urls": before, "failures": []}
    assert (tmp_path / "media" / "documents" / "declaracion.pdf").read_bytes() == b"%PDF-1.4 demo"


def test_a_restore_empties_the_shared_cache(databases, tmp_path):
    from django.core.cache.backends.redis import RedisCache

    from interface_strings.runtime import VERSION_CACHE_KEY

    require_redis()
    source, target = databases
    # The app servers' shared cache, as the production settings configure it with REDIS_URL.
    shared = RedisCache(redis_url(), {"KEY_PREFIX": "quito-portal"})
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
    shared.set("page-cache:stale", "the old site's page", None)
    shared.set(VERSION_CACHE_KEY, 999, None)
    run(
        ["make", "--no-print-directory", "restore", f"BACKUP={stamp}"],
        target,
        tmp_path,
        REDIS_URL=redis_url(),
    )
    assert shared.get("page-cache:stale") is None
    assert shared.get(VERSION_CACHE_KEY) is None
