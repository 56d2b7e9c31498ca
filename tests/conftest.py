import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import translation
from wagtail.models import Site

from core.i18n import prepare_root_page
from interface_strings.runtime import forget_applied_edits

from . import template_database
from .factories import HomePageFactory
from .support import remember_migrated_state, restore_migrated_state


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
        if connection.vendor == "postgresql" and not django_db_keepdb:
            template_database.save(connection.settings_dict["NAME"])
        remember_migrated_state()
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
