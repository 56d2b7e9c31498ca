import pytest
from django.core.cache import cache
from django.utils import translation
from wagtail.models import Site

from core.caching.process_memo import forget_all
from core.i18n.languages import prepare_root_page
from interface_strings.runtime import forget_applied_edits

from .factories import HomePageFactory, StandardPageFactory

# The test databases: templates, snapshots, the demo content (tests/database_plugin.py).
pytest_plugins = ["tests.database_plugin"]


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
    """The page cache and the process memo that pages are rendered from, as in production."""
    settings.PAGE_CACHE_ENABLED = True
    settings.PROCESS_MEMO_ENABLED = True
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


def launch_every_language():
    """Launch every language of LANGUAGES, in the current transaction (the cached list of
    launched languages is dropped now, not at the commit, which a test may never reach)."""
    from core.i18n.languages import default_language, language_codes
    from core.i18n.launch import CACHE_KEY, set_launched

    for code in language_codes():
        if code != default_language():
            set_launched(code, True)
    cache.delete(CACHE_KEY)


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
