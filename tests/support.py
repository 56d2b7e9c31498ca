"""Helpers shared by the tests: counting queries, running Django in a separate process."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .database_plugin import SQLite, server_url

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


def migrated_database_url(folder=None):
    """The URL of a migrated database for a separate process: the PostgreSQL test database, or
    on SQLite a copy in `folder` of the test database's committed state (migrating a new file
    would cost far more than the test); None on SQLite without a folder."""
    if connection.vendor == "postgresql":
        return server_url(connection.settings_dict["NAME"])
    if folder is None:
        return None
    copy = Path(folder) / "migrated.sqlite3"
    SQLite.copy(connection.settings_dict["NAME"], copy)
    return f"sqlite:///{copy}"
