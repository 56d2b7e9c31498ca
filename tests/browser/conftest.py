"""A real Chromium (Debian's package) driven by Playwright against pytest-django's live server."""

import os
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.support import seed_migrated_data

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


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's synchronous API keeps an event loop in the main thread until the session ends;
    # the database calls around it (fixtures, the flush after each test) are synchronous. Tests
    # that start a production process strip this variable from its environment.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()
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


@pytest.fixture
def demo_site(live_server):
    seed_migrated_data()
    call_command("load_demo_content", stdout=StringIO())
    call_command("compile_catalogs", stdout=StringIO())


def screenshot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
