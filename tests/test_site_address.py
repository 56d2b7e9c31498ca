"""The site's one address (BASE_URL): every link in every e-mail starts with it, public pages'
(through the default Site) and the admin's alike, in each recipient's language; `make run
HOST=... PORT=...` sets both, and a check warns when the Site says another address."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import checks, mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from wagtail.models import Site

from quito_portal.settings.base import base_url
from quito_portal.settings.dev import development_base_url

from .factories import StandardPageFactory
from .moderation import act, prefer, submit

ADDRESS = "https://portal.example.org"
LINK = re.compile(r"https?://[^\s\"'<>]+")
HTML_LINK = re.compile(r"(?:href|src)=\"([^\"]+)\"")


@pytest.fixture
def configured(settings, home):
    """The site configured at ADDRESS, its Site record still at Wagtail's starting localhost:80,
    as a fresh deployment has it, then `manage.py sync_site_address` (which `make run` runs)."""
    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)
    settings.WAGTAILADMIN_BASE_URL = ADDRESS
    call_command("sync_site_address", stdout=StringIO())
    return home


def links(messages):
    """Every link in the messages: the addresses in the text, the href and src of the HTML."""
    found = []
    for message in messages:
        found += [link.rstrip(".,)") for link in LINK.findall(message.body)]
        for content, _type in message.alternatives:
            found += HTML_LINK.findall(content)
    return found


@pytest.fixture
def people(staff):
    return {"editor": staff("editora", "Editors"), "moderator": staff("moderadora", "Moderators")}


@pytest.mark.parametrize(
    ("language", "public_path"), [("es", "/es/sobre-el-proceso/"), ("en", "/en/about-the-process/")]
)
def test_the_approval_emails_links_use_the_configured_address_for_the_public_page(
    client, configured, people, django_capture_on_commit_callbacks, language, public_path
):
    page = StandardPageFactory(
        parent=configured,
        title_es="Sobre el Proceso",
        title_en="About the Process",
        slug_es="sobre-el-proceso",
        slug_en="about-the-process",
    )
    editor = prefer(people["editor"], language)
    submit(page, editor, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    act(client, people["moderator"], page, "approve", django_capture_on_commit_callbacks)

    to_editor = [message for message in mail.outbox if editor.email in message.to]
    assert to_editor
    found = links(to_editor)
    # In the text and in the HTML part, both in the editor's language.
    assert found.count(f"{ADDRESS}{public_path}") == 2, found
    assert all(link.startswith(f"{ADDRESS}/") for link in found), found


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_submission_and_request_for_changes_emails_link_the_admin_at_the_configured_address(
    client, configured, people, django_capture_on_commit_callbacks, language
):
    page = StandardPageFactory(parent=configured)
    editor = prefer(people["editor"], language)
    moderator = prefer(people["moderator"], language)
    submit(page, editor, django_capture_on_commit_callbacks)
    act(client, moderator, page, "reject", django_capture_on_commit_callbacks)

    to_moderator = [message for message in mail.outbox if moderator.email in message.to]
    to_editor = [message for message in mail.outbox if editor.email in message.to]
    assert to_moderator and to_editor
    edit_link = f"{ADDRESS}{reverse('wagtailadmin_pages:edit', args=[page.pk])}"
    assert edit_link in links(to_moderator)
    assert edit_link in links(to_editor)
    found = links(mail.outbox)
    assert all(link.startswith(f"{ADDRESS}/") for link in found), found


def test_the_password_reset_email_links_the_configured_address(client, configured, people):
    client.post(reverse("wagtailadmin_password_reset"), {"email": people["editor"].email})
    found = links(mail.outbox)
    assert any("/admin/password_reset/" in link for link in found), found
    assert all(link.startswith(f"{ADDRESS}/") for link in found), found


@pytest.mark.parametrize(
    ("address", "hostname", "port", "root_url"),
    [
        ("https://portal.example.org", "portal.example.org", 443, "https://portal.example.org"),
        ("http://127.0.0.1:8000", "127.0.0.1", 8000, "http://127.0.0.1:8000"),
        ("http://Example.org/", "example.org", 80, "http://example.org"),
    ],
)
def test_syncing_gives_the_default_site_the_configured_address(
    settings, home, address, hostname, port, root_url
):
    settings.WAGTAILADMIN_BASE_URL = base_url(address)
    call_command("sync_site_address", stdout=StringIO())
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == (hostname, port, root_url)


def test_an_address_the_site_record_cannot_hold_is_refused_with_a_reason(settings, home):
    settings.WAGTAILADMIN_BASE_URL = "https://portal.example.org:8443"
    with pytest.raises(CommandError, match="https on port 443"):
        call_command("sync_site_address", stdout=StringIO())


@pytest.mark.parametrize("value", ["portal.example.org", "https://portal.example.org/admin/"])
def test_a_base_url_that_is_not_an_address_stops_the_settings(value):
    with pytest.raises(ImproperlyConfigured, match="BASE_URL"):
        base_url(value)


def test_the_check_warns_when_the_site_says_another_address(settings, home):
    settings.WAGTAILADMIN_BASE_URL = ADDRESS
    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)
    warnings = checks.run_checks(databases=["default"], tags=[checks.Tags.database])
    [warning] = [message for message in warnings if message.id == "core.W001"]
    assert "http://localhost" in warning.msg and ADDRESS in warning.msg
    assert "sync_site_address" in warning.hint


def test_the_check_is_quiet_when_the_site_agrees(settings, home):
    settings.WAGTAILADMIN_BASE_URL = ADDRESS
    call_command("sync_site_address", stdout=StringIO())
    warnings = checks.run_checks(databases=["default"], tags=[checks.Tags.database])
    assert not [message for message in warnings if message.id.startswith("core.")]


@pytest.mark.parametrize(
    ("host", "port", "address"),
    [
        ("127.0.0.1", "8000", "http://127.0.0.1:8000"),
        ("0.0.0.0", "8080", "http://127.0.0.1:8080"),
        ("::1", "9000", "http://[::1]:9000"),
    ],
)
def test_make_run_derives_the_address_from_host_and_port(host, port, address):
    assert development_base_url(host, port) == address


def test_make_run_gives_the_site_the_address_before_serving():
    makefile = (Path(django_settings.BASE_DIR) / "Makefile").read_text(encoding="utf-8")
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    lines = [line.strip() for line in run.splitlines()[1:]]
    sync = lines.index("HOST=$(HOST) PORT=$(PORT) $(MANAGE) sync_site_address")
    assert sync < next(i for i, line in enumerate(lines) if "runserver" in line)
