"""The test databases, as one pytest plugin (tests/conftest.py registers it): migrated once per
version of the code, the demo content loaded once, both copied back instead of made again.

docs/testing.md tells the story. In short, on PostgreSQL and on SQLite alike:

- A *template* of the migrated database, named after a fingerprint of everything that decides what
  the migrations and the demo content make (the project's code, the demo's data files, the lock
  file). PostgreSQL: a template database that CREATE DATABASE copies. SQLite: a file in
  .test-databases/ that is copied. A change to any of them migrates afresh once; that run saves
  the new template. pytest-django's --reuse-db is not used: it keeps a database whatever changed.
- *Snapshots* of every table's rows: what the migrations made (put back after a transactional test
  empties the tables) and the demo content (loaded once, copied back by each module that starts
  from it). PostgreSQL: a schema in the test database, which the template carries to the next
  runs. SQLite: a file beside the template.
- Fixtures: `migrated_test_database` (session, autouse), `demo_snapshot` (session), `demo_loaded`
  (module, rolled back); functions `restore_demo_content`, `restore_migrated_state`,
  `load_demo_content`.
"""

import contextlib
import functools
import hashlib
import os
import sqlite3
import uuid
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections, transaction

from core.private_apis import name_of_test_database

from .private_apis import database_unblocked

PREFIX = "qp_migrated_"
# Code that is not the project's: what these folders hold never changes the migrated database.
NOT_PROJECT = {"tests", "bench", "scripts", "deploy", "static", "templates", "locale", ".venv"}
# Templates kept (this code's and the newest others', so that two working copies of different
# versions do not drop each other's template on every run).
KEPT_TEMPLATES = 4
# Data that the demo content is built from.
DEMO_DATA = ["demo_content"]
# Snapshot names.
MIGRATED, DEMO = "migrated", "demo"
# PostgreSQL: the schema that holds a snapshot is this prefix and its name.
SNAPSHOT_SCHEMA = "qp_test_snapshot"
# SQLite: templates and snapshots, as files in this folder of the project (git-ignored).
SQLITE_FOLDER = ".test-databases"


def server_url(database):
    """The URL of another database on the test database's PostgreSQL server."""
    params = connection.get_connection_params()
    user = params.get("user") or "postgres"
    auth = f"{user}:{params['password']}" if params.get("password") else user
    host, port = params.get("host") or "127.0.0.1", params.get("port") or 5432
    return f"postgres://{auth}@{host}:{port}/{database}"


@functools.cache
def fingerprint():
    """A hash of the project's Python code (every folder but NOT_PROJECT's), the demo's data
    files and the lock file. Computed once per process: the code does not change during a run."""
    base = Path(settings.BASE_DIR)
    code = {
        path
        for folder in base.iterdir()
        if folder.is_dir() and folder.name not in NOT_PROJECT and not folder.name.startswith(".")
        for path in folder.rglob("*.py")
    }
    data = {
        path
        for folder in DEMO_DATA
        for path in (base / folder).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    digest = hashlib.sha256()
    for path in [base / "requirements.lock"] + sorted(code | data):
        digest.update(str(path.relative_to(base)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def template_name():
    return PREFIX + fingerprint()


def _tables():
    return [
        table
        for table in connection.introspection.table_names()
        if not table.startswith(("django_migrations", "sqlite_"))
    ]


class PostgreSQL:
    """Templates are databases on the server; snapshots are schemas of the test database."""

    @staticmethod
    def _server():
        import psycopg

        return psycopg.connect(server_url("postgres"), autocommit=True)

    def clone(self, test_database):
        """Replace `test_database` by a copy of the current template; False when there is none."""
        import psycopg

        template = template_name()
        with self._server() as server:
            exists = server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template])
            if not exists.fetchone():
                return False
            server.execute(f'DROP DATABASE IF EXISTS "{test_database}" WITH (FORCE)')
            try:
                server.execute(f'CREATE DATABASE "{test_database}" TEMPLATE "{template}"')
            except psycopg.Error:
                return False  # another run is making or dropping it: migrate as usual
        return True

    def save(self, test_database, replace=False):
        """Keep `test_database` as the template (and drop outdated ones). With `replace`, an
        existing template is replaced (by one that holds more snapshots); while another run
        copies it, it is kept as it is."""
        import psycopg

        template = template_name()
        connections.close_all()  # a template cannot be copied while anyone is connected to it
        with self._server() as server:
            if replace:
                # Copied under a temporary name first: the old template stays usable until the
                # new one is complete, and a failure leaves things as they were.
                new = f"{template}_{uuid.uuid4().hex[:6]}"
                try:
                    server.execute(f'CREATE DATABASE "{new}" TEMPLATE "{test_database}"')
                    server.execute(f'DROP DATABASE IF EXISTS "{template}"')
                    server.execute(f'ALTER DATABASE "{new}" RENAME TO "{template}"')
                except psycopg.Error:
                    server.execute(f'DROP DATABASE IF EXISTS "{new}" WITH (FORCE)')
                return
            outdated = server.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s"
                " ORDER BY oid DESC OFFSET %s",
                [PREFIX + "%", template, KEPT_TEMPLATES - 1],
            ).fetchall()
            for (name,) in outdated:
                server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            with contextlib.suppress(psycopg.Error):  # another worker saved it first
                server.execute(f'CREATE DATABASE "{template}" TEMPLATE "{test_database}"')

    @staticmethod
    def _schema(name):
        return f"{SNAPSHOT_SCHEMA}_{name}"

    def snapshot(self, name):
        schema = self._schema(name)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE; CREATE SCHEMA "{schema}"')
            for table in _tables():
                cursor.execute(f'CREATE TABLE "{schema}"."{table}" AS TABLE public."{table}"')
            cursor.execute(f"COMMENT ON SCHEMA \"{schema}\" IS '{fingerprint()}'")

    def has_snapshot(self, name):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = %s",
                [self._schema(name)],
            )
            row = cursor.fetchone()
        return row is not None and row[0] == fingerprint()

    def column_values(self, name, table, column):
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT "{column}" FROM "{self._schema(name)}"."{table}"')
            return [value for (value,) in cursor.fetchall()]

    def restore(self, name):
        from django.apps import apps
        from django.core.management.color import no_style

        schema = self._schema(name)
        tables = _tables()
        # One transaction: the foreign keys (deferred) are checked once every table is back.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("TRUNCATE {} CASCADE".format(", ".join(f'public."{t}"' for t in tables)))
            for table in tables:
                cursor.execute(f'INSERT INTO public."{table}" SELECT * FROM "{schema}"."{table}"')
            for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
                cursor.execute(statement)


class SQLite:
    """Templates and snapshots are database files in SQLITE_FOLDER, copied with SQLite's
    backup API (consistent whatever the write-ahead log holds)."""

    @property
    def folder(self):
        return Path(settings.BASE_DIR) / SQLITE_FOLDER

    def _path(self, kind):
        return self.folder / f"qp_{kind}_{fingerprint()}.sqlite3"

    @staticmethod
    def copy(source, target):
        """Copy the database file `source` to `target`, replacing it in one step."""
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f"{target.name}.{uuid.uuid4().hex[:6]}.partial")
        with (
            contextlib.closing(sqlite3.connect(source)) as src,
            contextlib.closing(sqlite3.connect(partial)) as dst,
        ):
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        os.replace(partial, target)

    def clone(self, test_database):
        template = self._path("migrated")
        if not template.exists():
            return False
        self.copy(template, test_database)
        return True

    def save(self, test_database, replace=False):
        template = self._path("migrated")
        if template.exists() and not replace:
            return
        self.copy(test_database, template)
        kept = sorted(
            (path for path in self.folder.glob("qp_migrated_*.sqlite3") if path != template),
            key=lambda path: path.stat().st_mtime,
            reverse=True,
        )
        for outdated in kept[KEPT_TEMPLATES - 1 :]:
            for path in self.folder.glob(f"qp_*_{outdated.stem.rpartition('_')[2]}*"):
                path.unlink(missing_ok=True)

    def snapshot(self, name):
        self.copy(connection.settings_dict["NAME"], self._path(name))

    def has_snapshot(self, name):
        return self._path(name).exists()

    def column_values(self, name, table, column):
        uri = f"file:{self._path(name)}?mode=ro"
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as snapshot:
            return [value for (value,) in snapshot.execute(f'SELECT "{column}" FROM "{table}"')]

    def restore(self, name):
        uri = f"file:{self._path(name)}?mode=ro"
        tables = _tables() + ["sqlite_sequence"]
        # One transaction (the foreign keys are deferred and checked at its end), through
        # Django's own connection so that it joins a transaction already open.
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as snapshot, transaction.atomic():
            connection.ensure_connection()
            raw = connection.connection
            for table in tables:
                raw.execute(f'DELETE FROM "{table}"')
                rows = snapshot.execute(f'SELECT * FROM "{table}"')
                # By name: the snapshot may come from another worker's database, whose columns
                # can be in another order (wagtail-modeltranslation adds the page's language
                # columns after the migrations, in an order that varies between processes).
                columns = ", ".join(f'"{column[0]}"' for column in rows.description)
                marks = ", ".join("?" * len(rows.description))
                raw.executemany(f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', rows)


@functools.cache
def _backend(vendor):
    return PostgreSQL() if vendor == "postgresql" else SQLite()


def backend():
    return _backend(connection.vendor)


# What the migrations made (locale, tree root, default site, root collection, staff groups and
# their permissions, workflow...), put back after a test that emptied the tables.


def remember_migrated_state():
    if not backend().has_snapshot(MIGRATED):
        backend().snapshot(MIGRATED)


def restore_migrated_state():
    """Empty every table, then put back what the migrations made (Django's serialized rollback,
    applied after the test instead of before the next)."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache

    name = str(connection.settings_dict["NAME"])
    test_name = str(connection.settings_dict.get("TEST", {}).get("NAME") or "test_")
    if not (name.startswith("test_") or name == test_name or "mode=memory" in name):
        raise RuntimeError(f"Refusing to empty {name}: not a test database.")
    backend().restore(MIGRATED)
    ContentType.objects.clear_cache()
    cache.clear()


# The demo content as `make run` loads it.


def load_demo_content():
    """Load the demo content as `make run` does; returns the command's report."""
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


def has_demo_snapshot():
    """A snapshot of the demo content made by this code, whose files are still in the media
    storage (the demo's publications come with PDF files)."""
    from django.core.files.storage import default_storage
    from wagtail.documents import get_document_model

    if not backend().has_snapshot(DEMO):
        return False
    table = get_document_model()._meta.db_table
    files = backend().column_values(DEMO, table, "file")
    return all(default_storage.exists(name) for name in files)


def restore_demo_content():
    """Put the demo content in the database, copied back from the snapshot (`demo_snapshot`),
    or loaded when there is none."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache

    if has_demo_snapshot():
        backend().restore(DEMO)
        ContentType.objects.clear_cache()
        cache.clear()
    else:
        load_demo_content()


# How a test uses the database.


def database_use(item):
    """How pytest-django gives `item` the test database: None, "rollback" (a transaction rolled
    back after the test) or "commit" (a transactional test: every table emptied after it)."""
    marker = item.get_closest_marker("django_db")
    fixtures = set(getattr(item, "fixturenames", ()))
    if (marker and marker.kwargs.get("transaction")) or {
        "transactional_db",
        "live_server",
    } & fixtures:
        return "commit"
    if marker or "db" in fixtures:
        return "rollback"
    return None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends by emptying every table, including what the migrations made:
    put that back, so that any test may follow it (xdist does not keep pytest-django's order of
    transactional tests last)."""
    result = yield
    # After the last test the test database is already gone (nothing follows to need it).
    if nextitem is not None and database_use(item) == "commit":
        with database_unblocked(item.config):
            restore_migrated_state()
    return result


@pytest.fixture(scope="session")
def session_uses_database(request):
    """Whether pytest-django makes a test database for this session at all."""
    return any(database_use(item) for item in request.session.items)


@pytest.fixture(scope="session")
def django_db_keepdb(request, django_db_modify_db_settings, session_uses_database):
    """The test database is a copy of the template that an earlier run with the same code
    migrated; Django then keeps it (and finds nothing left to migrate)."""
    if request.config.getvalue("reuse_db"):
        return True
    if not session_uses_database or request.config.getvalue("create_db"):
        return False
    return backend().clone(name_of_test_database(connection))


@pytest.fixture(scope="session", autouse=True)
def migrated_test_database(
    session_uses_database, django_db_setup, django_db_keepdb, django_db_blocker
):
    """Saves a freshly migrated database as the next runs' template; remembers what the
    migrations made; records the database's vendor (CI fails unless the suite ran where it
    meant to: TEST_DATABASE_VENDOR_FILE)."""
    if not session_uses_database:
        return  # pytest-django made no test database: nothing here may touch the real one
    with django_db_blocker.unblock():
        # PostgreSQL: before the template is saved, which then carries the snapshot.
        remember_migrated_state()
        if not django_db_keepdb:
            backend().save(connection.settings_dict["NAME"])
        target = os.environ.get("TEST_DATABASE_VENDOR_FILE")
        if target:
            Path(target).write_text(connection.vendor, encoding="utf-8")


@pytest.fixture(scope="session")
def demo_snapshot(migrated_test_database, django_db_setup, django_db_blocker):
    """Makes sure a snapshot of the demo content made by this code exists: the template had one
    (an earlier run made it), or the demo is loaded now, once, its rows copied aside and the
    tables put back as the migrations left them; the template keeps the snapshot."""
    with django_db_blocker.unblock():
        if has_demo_snapshot():
            return
        load_demo_content()
        backend().snapshot(DEMO)
        restore_migrated_state()
        if connection.vendor == "postgresql":
            backend().save(connection.settings_dict["NAME"], replace=True)


@pytest.fixture(scope="module")
def demo_loaded(demo_snapshot, django_db_setup, django_db_blocker):
    """The demo content for a module's tests, in a transaction rolled back at the module's end:
    each test's `db` runs in a savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        restore_demo_content()
        yield
        transaction.set_rollback(True)
