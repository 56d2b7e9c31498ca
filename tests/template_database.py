"""The migrated test database, kept as a PostgreSQL template and cloned instead of migrated again.

Migrating a new test database takes about 8 seconds, once per xdist worker and run; cloning a
template takes a fraction of one. The template is named after a fingerprint of everything that
decides what the migrations make (the project's code and settings, the locked dependencies), so a
change to any of them migrates afresh, and that run saves the new template. pytest-django's
--reuse-db is not used for this: it would keep a database whatever had changed.
"""

import contextlib
import hashlib
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connections

from .support import server_url

PREFIX = "qp_migrated_"
# Code that is not the project's: what these folders hold never changes the migrated database.
NOT_PROJECT = {"tests", "bench", "scripts", "deploy", "static", "templates", "locale"}


def fingerprint():
    base = Path(settings.BASE_DIR)
    files = [base / "requirements.lock"] + sorted(
        path
        for path in base.glob("*/**/*.py")
        if path.relative_to(base).parts[0] not in NOT_PROJECT and ".venv" not in path.parts
    )
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(base)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def template_name():
    return PREFIX + fingerprint()


def _server():
    return psycopg.connect(server_url("postgres"), autocommit=True)


def clone(test_database):
    """Replace `test_database` by a copy of the current template; False when there is none."""
    template = template_name()
    with _server() as server:
        if not server.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [template]
        ).fetchone():
            return False
        server.execute(f'DROP DATABASE IF EXISTS "{test_database}" WITH (FORCE)')
        try:
            server.execute(f'CREATE DATABASE "{test_database}" TEMPLATE "{template}"')
        except psycopg.Error:
            return False  # another run is making or dropping it: migrate as usual
    return True


def save(test_database):
    """Keep the freshly migrated `test_database` as the template (and drop outdated ones)."""
    template = template_name()
    connections.close_all()  # a template cannot be copied while anyone is connected to it
    with _server() as server:
        outdated = server.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s",
            [PREFIX + "%", template],
        ).fetchall()
        for (name,) in outdated:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        with contextlib.suppress(psycopg.Error):  # another worker saved it first
            server.execute(f'CREATE DATABASE "{template}" TEMPLATE "{test_database}"')
