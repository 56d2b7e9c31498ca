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
# collection, staff groups and their permissions, workflow...), serialized once per session.
_migrated_state = None


def remember_migrated_state():
    global _migrated_state
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

    name = str(connection.settings_dict["NAME"])
    test_name = str(connection.settings_dict.get("TEST", {}).get("NAME") or "test_")
    if not (name.startswith("test_") or name == test_name or "mode=memory" in name):
        raise RuntimeError(f"Refusing to empty {name}: not a test database.")
    call_command(
        "flush", interactive=False, inhibit_post_migrate=True, reset_sequences=False, verbosity=0
    )
    ContentType.objects.clear_cache()
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


def redis_url():
    """A Redis database of this test process's own: xdist workers run side by side, and a test
    that empties its cache must not empty another worker's (gw0 takes 15, gw1 14, ...)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return f"redis://127.0.0.1:6379/{15 - int(worker.removeprefix('gw')) % 15}"


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


# A copy of every table's rows, kept in a schema of the test database (PostgreSQL only): the
# browser test modules each start from the demo content, loaded once and then copied back.
SNAPSHOT_SCHEMA = "qp_test_snapshot"
_snapshots = set()


def _tables():
    return [
        table
        for table in connection.introspection.table_names()
        if not table.startswith("django_migrations")
    ]


def snapshot_tables(name):
    """Keep a copy of every table's rows under `name`; False when the database cannot."""
    if connection.vendor != "postgresql":
        return False
    schema = f"{SNAPSHOT_SCHEMA}_{name}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE; CREATE SCHEMA "{schema}"')
        for table in _tables():
            cursor.execute(f'CREATE TABLE "{schema}"."{table}" AS TABLE public."{table}"')
    _snapshots.add(name)
    return True


def restore_tables(name):
    """Put every table back as snapshot_tables(name) copied it; False when there is no copy
    from this session (the caller then builds the content again)."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache
    from django.core.management.color import no_style

    if name not in _snapshots or connection.vendor != "postgresql":
        return False
    schema = f"{SNAPSHOT_SCHEMA}_{name}"
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
