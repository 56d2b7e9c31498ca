import os
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import translation
from wagtail.models import Site

from core.i18n import prepare_root_page
from interface_strings.runtime import forget_applied_edits

from .factories import HomePageFactory


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


@pytest.fixture(scope="session", autouse=True)
def record_database_vendor(django_db_setup, django_db_blocker):
    """CI asks for the vendor the suite really ran on, and fails unless it is PostgreSQL."""
    target = os.environ.get("TEST_DATABASE_VENDOR_FILE")
    if target:
        with django_db_blocker.unblock():
            Path(target).write_text(connection.vendor, encoding="utf-8")


@pytest.fixture
def home(db):
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
