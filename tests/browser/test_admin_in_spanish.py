"""A Spanish-speaking staff member reads the admin in Spanish: the test reads every screen it
visits (visible text, and the labels, placeholders and titles that screen readers and tooltips
give) and looks for the English that Wagtail, modeltranslation and Django show when a catalog
lacks a string."""

import re

import pytest
from django.contrib.auth.models import User
from wagtail.users.models import UserProfile

from .conftest import sign_in

pytestmark = [pytest.mark.xdist_group("browser_admin_in_spanish")]

PASSWORD = "una clave larga y segura"  # noqa: S105

# English the admin showed to Spanish users, and the words of its menus, buttons and panels.
# Matched as whole words, case-sensitive: "Pages" but not the "pages" of a file name.
ENGLISH = [
    "Password",
    "Search all pages",
    "View / edit fields for",
    "Autosave is paused",
    "Saved",
    "Go to the first error",
    "This data explained",
    "Why not",
    "upload one now",
    "is referenced",
    "Moderators approval",
    "Dashboard",
    "Pages",
    "Images",
    "Documents",
    "Snippets",
    "Settings",
    "Reports",
    "Help",
    "Sign out",
    "Account",
    "Edit",
    "Save draft",
    "Publish",
    "Preview",
    "History",
    "Status",
    "Actions",
    "Search",
    "Filter",
    "Upload",
    "Comments",
    "Workflow",
    "Tasks",
    "Submit",
    "Content",
    "Promote",
    "Translations",
    "Translation",
    "Untranslated",
    "Add child page",
    "Sort menu order",
    "Last updated",
    "Toggle",
    "Show",
    "Choose",
    "Refresh",
    "Checks",
    "Close",
    "Language",
    "Username",
    "Sign in",
    "translation queue",
    "missing",
    "out of date",
]
ENGLISH_WORDS = re.compile(r"(?<![\w/.-])(" + "|".join(map(re.escape, ENGLISH)) + r")(?![\w/.-])")

VISIBLE_LABELS = """() => [...document.querySelectorAll('[aria-label], [placeholder], [title]')]
    .filter((element) => element.checkVisibility() && !element.closest('[lang|="en"]'))
    .flatMap((element) => ['aria-label', 'placeholder', 'title']
        .map((name) => element.getAttribute(name)).filter(Boolean))"""


@pytest.fixture(scope="module")
def spanish_staff(demo_server, django_db_blocker):
    """An administrator whose admin language is Spanish, committed (outside any test's
    transaction) for the server to see."""
    with django_db_blocker.unblock():
        user = User.objects.create_superuser("administradora", "a@example.org", PASSWORD)
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "es"
        profile.save()
    return user


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


def english_on(page):
    """The English words on the screen, with the text they were found in. Text marked as English
    (lang="en": English content being edited, the source texts of the Translations area) is
    meant to be English and is left out."""
    page.wait_for_load_state("networkidle")
    page.add_style_tag(content='[lang|="en"] { display: none !important; }')
    texts = page.inner_text("body").splitlines() + page.evaluate(VISIBLE_LABELS)
    # A translation's placeholders keep their English names ("%(missing)s faltan").
    texts = [PLACEHOLDER.sub("", text) for text in texts]
    return sorted(
        {(match, text.strip()) for text in texts for match in ENGLISH_WORDS.findall(text)}
    )


def log_in(page, base_url):
    """Through the login form, which must speak Spanish too (the other tests use `sign_in`)."""
    page.goto(base_url + "/admin/login/")
    assert english_on(page) == []
    assert "Contraseña" in page.inner_text("form")
    page.fill("#id_username", "administradora")
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/admin/")


def screens():
    from members.models import MemberStatePage
    from rounds.models import RoundPage

    member_state = MemberStatePage.objects.order_by("path").first()
    round_page = RoundPage.objects.order_by("path").first()
    return {
        "dashboard": "/admin/",
        "page explorer": "/admin/pages/",
        "member state editor": f"/admin/pages/{member_state.pk}/edit/",
        "round editor": f"/admin/pages/{round_page.pk}/edit/",
        "page history": f"/admin/pages/{member_state.pk}/history/",
        "revisions": f"/admin/pages/{member_state.pk}/revisions/",
        "workflow tasks": "/admin/workflows/tasks/index/",
        "workflows": "/admin/workflows/list/",
        "translations": "/admin/translations/",
        "account": "/admin/account/",
        "images": "/admin/images/",
        "documents": "/admin/documents/",
        "snippets": "/admin/snippets/",
        "footer settings": "/admin/settings/core/footersettings/",
    }


def test_the_admin_screens_speak_spanish_to_a_spanish_user(
    demo_server, spanish_staff, spanish_browser
):
    page = spanish_browser
    gravatar = []
    page.on("request", lambda request: "gravatar" in request.url and gravatar.append(request.url))
    log_in(page, demo_server.url)
    found = {}
    for name, path in screens().items():
        response = page.goto(demo_server.url + path)
        assert response.status == 200, name
        if english := english_on(page):
            found[name] = english
    assert found == {}
    assert gravatar == []


def test_the_page_editor_names_the_workflow_and_the_language_switch_in_spanish(
    demo_server, spanish_staff, spanish_browser
):
    from members.models import MemberStatePage

    page = spanish_browser
    sign_in(page, demo_server.url, "administradora")
    member_state = MemberStatePage.objects.order_by("path").first()
    page.goto(f"{demo_server.url}/admin/pages/{member_state.pk}/edit/")
    page.wait_for_load_state("networkidle")
    html = page.content()
    assert "Aprobación de los moderadores" in html
    assert "Moderators approval" not in html
    assert "Ver / editar los campos en" in page.inner_text("body")
    # Spanish, not merely the absence of English: the editor's own words.
    body = page.inner_text("body")
    assert "Guardar borrador" in body
    assert "Páginas" in body


def test_the_account_page_offers_only_time_zones_the_browser_knows(
    demo_server, spanish_staff, spanish_browser
):
    """The account page's script formats each offered zone: a name the browser does not know
    ("localtime") stops it with a RangeError."""
    page = spanish_browser
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    sign_in(page, demo_server.url, "administradora")
    page.goto(demo_server.url + "/admin/account/")
    page.wait_for_load_state("networkidle")
    assert [error for error in errors if "time zone" in error.lower()] == []
    offered = page.eval_on_selector_all(
        "select[name$='current_time_zone'] option", "options => options.map(o => o.value)"
    )
    assert "America/Lima" in offered
    assert (
        page.evaluate(
            """zones => zones.filter(zone => {
            try { new Intl.DateTimeFormat("es", { timeZone: zone }); return false; }
            catch (error) { return true; }
        })""",
            [zone for zone in offered if zone],
        )
        == []
    )
