"""A moderator's request for changes reaches the editor: the comment and the moderator's name on
the editor's dashboard and in the page editor, in the editor's language; Wagtail's workflow
dialog credits the moderator, not the editor who submitted."""

import pytest
from django.urls import reverse

from .factories import StandardPageFactory
from .html import parse, text
from .moderation import COMMENT, act, prefer, submit

SENT_BACK = {
    "es": "Cambios solicitados por Marta Moderadora",
    "en": "Changes requested by Marta Moderadora",
}
HEADING = {"es": "Cambios solicitados en sus páginas", "en": "Changes requested on your pages"}


@pytest.fixture
def editor(staff):
    user = staff("editora", "Editors")
    user.first_name, user.last_name = "Elena", "Editora"
    user.save()
    return user


@pytest.fixture
def moderator(staff):
    user = staff("moderadora", "Moderators")
    user.first_name, user.last_name = "Marta", "Moderadora"
    user.save()
    return user


@pytest.fixture
def sent_back(client, home, editor, moderator, django_capture_on_commit_callbacks):
    """A page the editor submitted and the moderator sent back with COMMENT."""
    page = StandardPageFactory(
        parent=home, title_es="Sobre el Proceso", title_en="About the Process"
    )
    submit(page, editor, django_capture_on_commit_callbacks)
    act(client, moderator, page, "reject", django_capture_on_commit_callbacks)
    return page


def editor_sees(client, editor, language, url):
    client.force_login(prefer(editor, language))
    response = client.get(url)
    assert response.status_code == 200
    return parse(response)


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_editors_dashboard_shows_the_moderators_comment_and_name(
    client, editor, sent_back, language
):
    panel = editor_sees(client, editor, language, reverse("wagtailadmin_home")).select_one(
        'section[id$="changes-requested-section"]'
    )
    assert panel is not None
    assert HEADING[language] in text(panel)
    assert SENT_BACK[language] in text(panel)
    assert COMMENT in text(panel.select_one("blockquote"))
    assert "Elena Editora" not in text(panel)
    edit_link = panel.select_one(
        f'a[href="{reverse("wagtailadmin_pages:edit", args=[sent_back.pk])}"]'
    )
    assert text(edit_link) == {"es": "Sobre el Proceso", "en": "About the Process"}[language]


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_page_editor_shows_the_moderators_comment_and_name_above_the_form(
    client, editor, sent_back, language
):
    page = editor_sees(
        client, editor, language, reverse("wagtailadmin_pages:edit", args=[sent_back.pk])
    )
    [banner] = page.select("[data-changes-requested]")
    assert SENT_BACK[language] in text(banner)
    assert COMMENT in text(banner.select_one("blockquote"))
    assert banner.find_next("form", id="page-edit-form") is not None


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_workflow_dialog_credits_the_moderator_who_requested_the_changes(
    client, editor, sent_back, language
):
    page = editor_sees(
        client, editor, language, reverse("wagtailadmin_pages:edit", args=[sent_back.pk])
    )
    # Wagtail keeps the dialog in a <template> (moved into the page by its script): BeautifulSoup
    # reads such text as template strings, which select() and get_text() leave out.
    dialog = page.find(id="workflow-status-dialog")
    heading = " ".join(str(dialog.find(class_="w-dialog__message-heading").string).split())
    assert heading.endswith({"es": "por Marta Moderadora", "en": "by Marta Moderadora"}[language])


def test_a_page_in_moderation_shows_no_request_for_changes(
    client, home, editor, django_capture_on_commit_callbacks
):
    page = StandardPageFactory(parent=home)
    submit(page, editor, django_capture_on_commit_callbacks)
    edit = editor_sees(client, editor, "es", reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert not edit.select("[data-changes-requested]")
    assert (
        editor_sees(client, editor, "es", reverse("wagtailadmin_home")).select_one(
            'section[id$="changes-requested-section"]'
        )
        is None
    )


def test_a_request_for_changes_without_a_comment_says_so(
    client, home, editor, moderator, django_capture_on_commit_callbacks
):
    page = StandardPageFactory(parent=home)
    submit(page, editor, django_capture_on_commit_callbacks)
    act(client, moderator, page, "reject", django_capture_on_commit_callbacks, comment="")
    edit = editor_sees(client, editor, "es", reverse("wagtailadmin_pages:edit", args=[page.pk]))
    [banner] = edit.select("[data-changes-requested]")
    assert "No se dejó ningún comentario." in text(banner)
