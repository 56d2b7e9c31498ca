"""A moderator requests changes in the Spanish admin: «Solicitar cambios» asks for a comment and a
confirmation before anything happens; the editor then reads the comment, with the moderator's
name, on the dashboard and in the page editor."""

import re

import pytest
from django.contrib.auth.models import Group, User
from wagtail.models import TaskState, Workflow
from wagtail.users.models import UserProfile

from .conftest import sign_in

pytestmark = [pytest.mark.xdist_group("browser_request_changes")]

PASSWORD = "una clave larga y segura"  # noqa: S105
COMMENT = "Falta la fecha de la declaración en el segundo párrafo."


def spanish_user(username, group, first_name, last_name):
    user = User.objects.create_user(
        username, f"{username}@example.org", PASSWORD, first_name=first_name, last_name=last_name
    )
    user.groups.add(Group.objects.get(name=group))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "es"
    profile.save()
    return user


@pytest.fixture(scope="module")
def submitted(demo_server, django_db_blocker):
    """The demo's About page, submitted to the moderators by an editor."""
    from core.pages.models import StandardPage

    with django_db_blocker.unblock():
        editor = spanish_user("elena", "Editors", "Elena", "Editora")
        spanish_user("marta", "Moderators", "Marta", "Moderadora")
        page = StandardPage.objects.get(slug_es="acerca-de")
        page.save_revision(user=editor)
        Workflow.objects.get(active=True).start(page, editor)
    return page


def task_status(page):
    return TaskState.objects.filter(workflow_state__object_id=str(page.pk)).latest("id").status


def test_request_changes_asks_for_a_comment_and_confirmation_then_the_editor_reads_it(
    demo_server, submitted, open_page
):
    moderator = open_page()
    sign_in(moderator, demo_server.url, "marta")
    moderator.goto(f"{demo_server.url}/admin/pages/{submitted.pk}/edit/")
    moderator.locator(".dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    moderator.get_by_role("button", name="Solicitar cambios").click()

    # A dialog in Spanish with a comment field: nothing is decided until it is confirmed.
    dialog = moderator.locator(".modal .modal-dialog").filter(has_text="Comentario")
    dialog.wait_for()
    comment = dialog.get_by_label("Comentario")
    assert comment.is_visible()
    assert task_status(submitted) == TaskState.STATUS_IN_PROGRESS
    comment.fill(COMMENT)
    confirm = dialog.get_by_role("button", name="Solicitar cambios")
    with moderator.expect_navigation():
        confirm.click()
    assert task_status(submitted) == TaskState.STATUS_REJECTED

    editor = open_page()
    sign_in(editor, demo_server.url, "elena")
    editor.goto(demo_server.url + "/admin/")
    panel = editor.locator("#changes-requested-section")
    assert "Cambios solicitados por Marta Moderadora" in panel.inner_text()
    assert COMMENT in panel.inner_text()

    editor.get_by_role("link", name=re.compile("Acerca de")).first.click()
    banner = editor.locator("[data-changes-requested]")
    banner.wait_for()
    assert "Cambios solicitados por Marta Moderadora" in banner.inner_text()
    assert COMMENT in banner.inner_text()
    assert editor.errors == [] and moderator.errors == []
