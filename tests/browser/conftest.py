"""A real Chromium (Debian's package) driven by Playwright against a live server on the demo.

Each module (and each language or width of the longest ones) is an xdist group of its own, so
that `make test` spreads the browser tests over every worker: each module starts a live server on
its worker's test database, with the demo content copied back from a snapshot."""

import os
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections

from tests.database_plugin import restore_demo_content, restore_migrated_state

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"
WIDTHS = {"phone": 375, "desktop": 1280}


def pytest_collection_modifyitems(config, items):
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    message = (
        f"Chromium not found at {CHROMIUM}: install it with `apt-get install chromium` "
        "(or set CHROMIUM_PATH) to run the browser tests."
    )
    if os.environ.get("CI"):
        raise pytest.UsageError(message)  # CI must run them, never skip them
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.skip(reason=message))


@pytest.fixture(autouse=True)
def database_outside_a_transaction(django_db_blocker):
    """Browser tests read the content that the live server serves, in autocommit: a transaction
    around a test would hold SQLite's write lock (taken when a transaction begins: settings/base.py)
    while the server logs someone in, autosaves or previews. What the tests change stays until the
    module's end (`demo_server`)."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's synchronous API keeps an event loop in the main thread until the session ends;
    # the database calls around it (fixtures, the flush after each test) are synchronous. Tests
    # that start a production process strip this variable from its environment.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # Django keeps a database connection per context, and Playwright runs the tests in a context
    # of its own: close this context's connections on the way in and that one's on the way out,
    # or the suite cannot drop its test database at the end.
    connections.close_all()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()
        connections.close_all()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


class BrowserPage:
    """A Playwright page that remembers console errors and failed requests."""

    def __init__(self, page):
        self.page = page
        self.errors = []
        page.on(
            "console", lambda message: message.type == "error" and self.errors.append(message.text)
        )
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def __getattr__(self, name):
        return getattr(self.page, name)


def sign_in(page, base_url, username):
    """Signs `username` in for the browser of `page` with a session cookie, without the login
    form (a test of its own fills that in: test_admin_in_spanish). The page stays where it is:
    the caller goes where the test starts."""
    from urllib.parse import urlsplit

    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(
        get_user_model().objects.get(username=username),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [
            {
                "name": cookie.key,
                "value": cookie.value,
                "domain": urlsplit(base_url).hostname,
                "path": "/",
                "httpOnly": True,
            }
        ]
    )
    return page


@pytest.fixture
def spanish_browser(browser):
    """A page in a browser whose language is Spanish (as the Secretariat's staff use it)."""
    context = browser.new_context(
        locale="es-ES",
        extra_http_headers={"Accept-Language": "es"},
        viewport={"width": 1280, "height": 900},
    )
    yield context.new_page()
    context.close()


@pytest.fixture
def open_page(browser):
    contexts = []

    def make(width="desktop", javascript=True):
        context = browser.new_context(
            viewport={"width": WIDTHS[width], "height": 900}, java_script_enabled=javascript
        )
        contexts.append(context)
        return BrowserPage(context.new_page())

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def demo_server(demo_snapshot, django_db_setup, django_db_blocker):
    """A live server on the demo content, loaded once for the module.

    The content is committed (the server's thread reads it through its own connection), so the
    module's tests share it, and what the server writes stays: tests that change the site come
    last in their module. The tests themselves only read (their `django_db` transaction is rolled
    back). At the module's end the tables are emptied and the migrations' data put back."""
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        # Copied back from the snapshot for each module (about a second: tests/conftest.py).
        restore_demo_content()
        # Every language public, those in preparation too: each must hold once launched.
        call_command("site_languages", "--launch-all", stdout=StringIO())
    server = LiveServer("localhost")
    yield server
    server.stop()
    with django_db_blocker.unblock():
        restore_migrated_state()


def screenshot(page, name):
    """A full-page picture in artifacts/screenshots/, when SCREENSHOTS is set (`make screenshots`
    sets it): to look at, and for the README; rendering them is not what the tests check."""
    if not os.environ.get("SCREENSHOTS"):
        return
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
