"""Helpers shared by the tests: counting queries, running Django in a separate process."""

import json
import os
import subprocess
import sys

from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

# Never handed to a separate process: it chooses its own settings, secrets and database, and
# the browser tests' async allowance would fail the production checks.
PRIVATE_VARIABLES = {"SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def count_queries(client, path):
    """How many queries a successful GET of `path` makes."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def run_python(code, **env):
    """Run Python code in a fresh process from the project's folder, with `env` added."""
    environment = {k: v for k, v in os.environ.items() if k not in PRIVATE_VARIABLES} | env
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=environment,
        cwd=settings.BASE_DIR,
        check=False,
        timeout=120,
    )


def run_django(code, **env):
    """Like run_python, after django.setup()."""
    return run_python("import django; django.setup()\n" + code, **env)


# What the migrations left in the test database (locale, tree root, default site, root
# collection, staff groups and their permissions, workflow...): on PostgreSQL a snapshot of every
# table (MIGRATED, below), elsewhere serialized once per session.
MIGRATED = "migrated"
_migrated_state = None


def remember_migrated_state():
    """Keeps what the migrations made, as it is now (right after they ran, or after the copy of
    the template): a snapshot of the tables on PostgreSQL (unless the template had one), which
    `restore_migrated_state` copies back exactly; elsewhere Django's serialization."""
    from django.utils import translation

    global _migrated_state
    if has_snapshot(MIGRATED) or snapshot_tables(MIGRATED):
        return
    # No language active: the workflow's and task's `name` reads as its stored msgid
    # (interface_strings/workflow_names.py), not as its translation.
    with translation.override(None):
        objects = json.loads(connection.creation.serialize_db_to_string())
    # Content types first: signal handlers that look one up while the rest is loaded must find
    # it, not create it again under a new id.
    objects.sort(key=lambda obj: obj["model"] != "contenttypes.contenttype")
    _migrated_state = json.dumps(objects)


def restore_migrated_state():
    """Empty every table, then put back what the migrations made, as it was at the session's
    start (Django's serialized rollback, applied after the test instead of before the next)."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.utils import translation

    name = str(connection.settings_dict["NAME"])
    test_name = str(connection.settings_dict.get("TEST", {}).get("NAME") or "test_")
    if not (name.startswith("test_") or name == test_name or "mode=memory" in name):
        raise RuntimeError(f"Refusing to empty {name}: not a test database.")
    if restore_tables(MIGRATED):
        return
    call_command(
        "flush", interactive=False, inhibit_post_migrate=True, reset_sequences=False, verbosity=0
    )
    ContentType.objects.clear_cache()
    # Saved raw, a workflow's `name` is read through its translating descriptor: no language.
    with translation.override(None):
        connection.creation.deserialize_db_from_string(_migrated_state)


def require_redis(host="127.0.0.1", port=6379):
    """Skip a test that needs Redis when it is not running here; in CI (`CI` set), fail."""
    import socket

    import pytest

    try:
        socket.create_connection((host, port), timeout=0.5).close()
    except OSError:
        message = f"Redis is not running on {host}:{port} (start it with `redis-server`)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


# Redis databases of tests/test_proxy.py's app servers: no worker's cache.clear() may empty them.
PROXY_REDIS_DATABASES = (11, 12)


def redis_url():
    """A Redis database of this test process's own: xdist workers run side by side, and a test
    that empties its cache must not empty another worker's (gw0 takes 15, gw1 14, ...)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    free = [n for n in range(15, -1, -1) if n not in PROXY_REDIS_DATABASES]
    return f"redis://127.0.0.1:6379/{free[int(worker.removeprefix('gw')) % len(free)]}"


def server_url(database):
    """The URL of another database on the test database's PostgreSQL server."""
    params = connection.get_connection_params()
    user = params.get("user") or "postgres"
    auth = f"{user}:{params['password']}" if params.get("password") else user
    host, port = params.get("host") or "127.0.0.1", params.get("port") or 5432
    return f"postgres://{auth}@{host}:{port}/{database}"


def migrated_database_url():
    """The URL of the (migrated) PostgreSQL test database, for a separate process; else None."""
    if connection.vendor != "postgresql":
        return None
    return server_url(connection.settings_dict["NAME"])


# A copy of every table's rows, kept in a schema of the test database (PostgreSQL only): the demo
# content is loaded once, then copied back by each module that starts from it. A snapshot is
# marked with the code's fingerprint (tests/template_database.py): the template database carries
# snapshots to the next runs, and one made by other code is never restored.
SNAPSHOT_SCHEMA = "qp_test_snapshot"


def _tables():
    return [
        table
        for table in connection.introspection.table_names()
        if not table.startswith("django_migrations")
    ]


def _schema(name):
    return f"{SNAPSHOT_SCHEMA}_{name}"


def snapshot_tables(name):
    """Keep a copy of every table's rows under `name`; False when the database cannot."""
    from .template_database import fingerprint

    if connection.vendor != "postgresql":
        return False
    schema = _schema(name)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE; CREATE SCHEMA "{schema}"')
        for table in _tables():
            cursor.execute(f'CREATE TABLE "{schema}"."{table}" AS TABLE public."{table}"')
        cursor.execute(f"COMMENT ON SCHEMA \"{schema}\" IS '{fingerprint()}'")
    return True


def has_snapshot(name):
    """Whether the database holds a snapshot `name` made by this code."""
    from .template_database import fingerprint

    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = %s",
            [_schema(name)],
        )
        row = cursor.fetchone()
    return row is not None and row[0] == fingerprint()


def snapshot_rows(name, sql):
    """The rows that `sql` selects from the snapshot's copy of the tables ({} names the schema)."""
    with connection.cursor() as cursor:
        cursor.execute(sql.format(f'"{_schema(name)}"'))
        return cursor.fetchall()


def restore_tables(name):
    """Put every table back as snapshot_tables(name) copied it; False when there is no copy
    made by this code (the caller then builds the content again)."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache
    from django.core.management.color import no_style

    if not has_snapshot(name):
        return False
    schema = _schema(name)
    tables = _tables()
    # One transaction: the foreign keys (deferred) are checked once every table is back.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE {} CASCADE".format(", ".join(f'public."{t}"' for t in tables)))
        for table in tables:
            cursor.execute(f'INSERT INTO public."{table}" SELECT * FROM "{schema}"."{table}"')
        for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(statement)
    ContentType.objects.clear_cache()
    cache.clear()
    return True
