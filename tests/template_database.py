"""The migrated test database, kept as a PostgreSQL template and cloned instead of migrated again.

Migrating a new test database takes about 8 seconds, once per xdist worker and run; cloning a
template takes a fraction of one. The template is named after a fingerprint of everything that
decides what the migrations and the demo content make (the project's code and settings, the demo's
facts, the locked dependencies), so a change to any of them migrates afresh, and that run saves the
new template. The template also keeps the demo content's rows in a schema of their own once a run
has loaded it (tests/support.py `snapshot_tables`), so that a test that starts from the demo copies
it back in about a second instead of loading it again. pytest-django's --reuse-db is not used for
this: it would keep a database whatever had changed.
"""

import contextlib
import functools
import hashlib
import uuid
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connections

from .support import server_url

PREFIX = "qp_migrated_"
# Code that is not the project's: what these folders hold never changes the migrated database.
NOT_PROJECT = {"tests", "bench", "scripts", "deploy", "static", "templates", "locale", ".venv"}
# Templates kept on the server (this code's and the newest others').
KEPT_TEMPLATES = 4
# Data that the demo content is built from (tests copy a snapshot of it from the template).
DEMO_DATA = ["core/demo"]


@functools.cache
def fingerprint():
    """A hash of the project's Python code (every folder but NOT_PROJECT's), the demo's data
    files and the lock file. Computed once per process: the code does not change during a run."""
    base = Path(settings.BASE_DIR)
    code = {
        path
        for folder in base.iterdir()
        if folder.is_dir() and folder.name not in NOT_PROJECT
        for path in folder.rglob("*.py")
        if ".venv" not in path.parts
    }
    data = {
        path
        for folder in DEMO_DATA
        for path in (base / folder).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    files = [base / "requirements.lock"] + sorted(code | data)
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


def save(test_database, replace=False):
    """Keep the freshly migrated `test_database` as the template (and drop outdated ones).

    With `replace`, a template that exists already is replaced (by one that holds more snapshots);
    when another run is copying it at that moment, it is kept as it is."""
    template = template_name()
    connections.close_all()  # a template cannot be copied while anyone is connected to it
    if replace:
        _replace(test_database, template)
        return
    with _server() as server:
        # Other working copies (and other people's runs) on the same server use other templates:
        # the newest few are kept, so that runs of two versions of the code do not drop each
        # other's template every time.
        outdated = server.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s"
            " ORDER BY oid DESC OFFSET %s",
            [PREFIX + "%", template, KEPT_TEMPLATES - 1],
        ).fetchall()
        for (name,) in outdated:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        with contextlib.suppress(psycopg.Error):  # another worker saved it first
            server.execute(f'CREATE DATABASE "{template}" TEMPLATE "{test_database}"')


def _replace(test_database, template):
    # Copied under a temporary name first: the old template stays usable until the new one is
    # complete, and a failure leaves things as they were.
    new = f"{template}_{uuid.uuid4().hex[:6]}"
    with _server() as server:
        try:
            server.execute(f'CREATE DATABASE "{new}" TEMPLATE "{test_database}"')
            server.execute(f'DROP DATABASE IF EXISTS "{template}"')  # fails while it is copied
            server.execute(f'ALTER DATABASE "{new}" RENAME TO "{template}"')
        except psycopg.Error:
            server.execute(f'DROP DATABASE IF EXISTS "{new}" WITH (FORCE)')
