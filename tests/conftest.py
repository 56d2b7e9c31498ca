import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import translation
from wagtail.models import Site

from core.fragments import forget_all
from core.i18n import prepare_root_page
from interface_strings.runtime import forget_applied_edits

from . import template_database
from .factories import HomePageFactory, StandardPageFactory
from .support import (
    has_snapshot,
    remember_migrated_state,
    restore_migrated_state,
    restore_tables,
    snapshot_rows,
    snapshot_tables,
)


@pytest.fixture(autouse=True)
def spanish_is_active():
    """LocaleMiddleware leaves the last request's language active in the thread: reset it."""
    translation.activate("es")
    yield
    translation.activate("es")


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached pages of one test's database must not answer in the next test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def production_caching(settings):
    """The page cache and the fragments that pages are rendered from, as in production."""
    settings.PAGE_CACHE_ENABLED = True
    settings.FRAGMENT_CACHE_ENABLED = True
    forget_all()
    yield
    forget_all()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a change as if its transaction committed: purges wait for the commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def about(home):
    """A plain page under the home page: "Acerca de" / "About"."""
    return StandardPageFactory(
        parent=home, title_es="Acerca de", title_en="About", slug_es="acerca-de", slug_en="about"
    )


@pytest.fixture(autouse=True)
def fresh_interface_translations():
    """Translators' edits of one test must not stay in this process's catalogs for the next."""
    yield
    forget_applied_edits()
    translation.activate("es")


@pytest.fixture(autouse=True)
def forget_recorded_tasks():
    """The test settings record Wagtail's background tasks instead of running them: drop them."""
    yield
    from django_tasks import default_task_backend

    default_task_backend.clear()


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


@pytest.fixture(scope="session")
def session_uses_database(request):
    """Whether pytest-django makes a test database for this session at all."""
    return any(database_use(item) for item in request.session.items)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends by emptying every table, including what the migrations made:
    put that back, so that any test may follow it (xdist does not keep pytest-django's order of
    transactional tests last)."""
    result = yield
    # After the last test the test database is already gone (nothing follows to need it).
    if nextitem is not None and database_use(item) == "commit":
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            restore_migrated_state()
    return result


def module_data(builder):
    """A module-scoped fixture whose data `builder()` makes once for the module, in a transaction
    rolled back at the module's end. Each test's `db` fixture runs in a savepoint inside it (as
    Django's TestCase.setUpTestData does), so what one test writes is gone before the next."""

    @pytest.fixture(scope="module")
    def fixture(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), transaction.atomic():
            yield builder()
            transaction.set_rollback(True)

    return fixture


def launch_every_language():
    """Launch every language of LANGUAGES, in the current transaction (the cached list of
    launched languages is dropped now, not at the commit, which a test may never reach)."""
    from core.i18n import default_language, language_codes
    from core.languages import CACHE_KEY, set_launched

    for code in language_codes():
        if code != default_language():
            set_launched(code, True)
    cache.delete(CACHE_KEY)


def load_demo_content():
    """The demo content as `make run` loads it; returns the command's report."""
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


# The demo content as load_demo_content() makes it, kept as a snapshot of every table
# (PostgreSQL): loading it takes about 15 seconds, copying it back about one.
DEMO = "demo"


def has_demo_snapshot():
    """A snapshot of the demo content made by this code, whose files are still in the media
    storage (the demo's publications come with PDF files)."""
    from django.core.files.storage import default_storage
    from wagtail.documents import get_document_model

    if not has_snapshot(DEMO):
        return False
    table = get_document_model()._meta.db_table
    files = snapshot_rows(DEMO, f'SELECT file FROM {{}}."{table}"')
    return all(default_storage.exists(name) for (name,) in files)


@pytest.fixture(scope="session")
def demo_snapshot(migrated_test_database, django_db_setup, django_db_blocker):
    """Makes sure this worker's test database holds a snapshot of the demo content: the template
    it was copied from has one (an earlier run with the same code and demo data made it), or
    the demo is loaded now, once, its rows copied aside and the tables put back as the
    migrations left them; the template then keeps the snapshot for the next runs."""
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql" or has_demo_snapshot():
            return
        load_demo_content()
        snapshot_tables(DEMO)
        restore_migrated_state()
        template_database.save(connection.settings_dict["NAME"], replace=True)


def restore_demo_content():
    """Puts the demo content in the database, as load_demo_content() makes it: copied back from
    the snapshot (see `demo_snapshot`), or loaded where there is none (SQLite)."""
    if not (has_demo_snapshot() and restore_tables(DEMO)):
        load_demo_content()


@pytest.fixture(scope="module")
def demo_loaded(demo_snapshot, django_db_setup, django_db_blocker):
    """The demo content for a module's tests, in a transaction rolled back at the module's end
    (as `module_data`): each test's `db` runs in a savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        restore_demo_content()
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="session")
def django_db_keepdb(request, django_db_modify_db_settings, session_uses_database):
    """On PostgreSQL the test database is a copy of the template that an earlier run with the same
    code migrated (tests/template_database.py); Django then keeps it instead of creating it."""
    if request.config.getvalue("reuse_db"):
        return True
    if not session_uses_database or connection.vendor != "postgresql":
        return False
    if request.config.getvalue("create_db"):
        return False
    return template_database.clone(connection.creation._get_test_db_name())


@pytest.fixture(scope="session", autouse=True)
def migrated_test_database(
    session_uses_database, django_db_setup, django_db_keepdb, django_db_blocker
):
    """Saves a freshly migrated database as the next runs' template; remembers what the
    migrations made, for the tests that empty the tables to restore; and records the database's
    vendor: CI fails unless the suite really ran on PostgreSQL."""
    if not session_uses_database:
        return  # pytest-django made no test database: nothing here may touch the real one
    with django_db_blocker.unblock():
        remember_migrated_state()  # before the template is saved: it keeps the snapshot too
        if connection.vendor == "postgresql" and not django_db_keepdb:
            template_database.save(connection.settings_dict["NAME"])
        target = os.environ.get("TEST_DATABASE_VENDOR_FILE")
        if target:
            Path(target).write_text(connection.vendor, encoding="utf-8")


@pytest.fixture
def home(db):
    return make_home()


def make_home():
    """A home page at the root of the default site, as the demo content and production have."""
    root = prepare_root_page()
    home = HomePageFactory(parent=root)
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.hostname = "testserver"
    site.save()
    return home


@pytest.fixture
def translator(django_user_model):
    """A member of the Translators group, as the role migration creates it."""
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("traductora", password="x")
    user.groups.add(Group.objects.get(name="Translators"))
    return user


@pytest.fixture
def translator_client(client, translator):
    client.force_login(translator)
    return client


@pytest.fixture
def staff(django_user_model):
    """make(username, group): a user in one of the staff groups the role migrations create."""
    from django.contrib.auth.models import Group

    def make(username, group):
        user = django_user_model.objects.create_user(username, f"{username}@example.org", "x")
        user.groups.add(Group.objects.get(name=group))
        return user

    return make
