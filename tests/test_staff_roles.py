"""What each staff role may do to pages and documents, tried through the admin as that role."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.models import ModelLogEntry, get_page_models

from core.pages.models import StandardPage
from core.pages.permissions import PortalPagePermissionTester

from .admin_forms import page_form
from .factories import StandardPageFactory
from .html import parse, text

DOCUMENT_FORM = "core.admin.document_forms.DocumentForm"


@pytest.fixture
def translator(client, staff):
    user = staff("traductora", "Translators")
    client.force_login(user)
    return user


@pytest.fixture
def draft(home, staff):
    """Another person's page that was never published, with two revisions."""
    page = StandardPageFactory(parent=home, live=False, owner=staff("editora", "Editors"))
    page.save_revision()
    page.title_en = "Second draft"
    page.save_revision()
    return page


def assert_refused(response):
    """Wagtail's admin answers a refused action with the dashboard and a permission message."""
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert "error" in {message.level_tag for message in get_messages(response.wsgi_request)}


def delete_url(page):
    return reverse("wagtailadmin_pages:delete", args=[page.pk])


def admin_links(response):
    return {a["href"].split("?")[0] for a in parse(response).select("a[href]")}


# Pages: translators edit; they do not delete, move, copy or unpublish.


def test_a_translator_cannot_delete_another_persons_draft_and_its_revisions_stay(
    client, translator, draft
):
    assert_refused(client.get(delete_url(draft)))
    assert_refused(client.post(delete_url(draft)))
    assert StandardPage.objects.filter(pk=draft.pk).exists()
    assert draft.revisions.count() == 2


def test_a_translator_cannot_delete_a_draft_they_own(client, translator, home):
    page = StandardPageFactory(parent=home, live=False, owner=translator)
    assert_refused(client.post(delete_url(page)))
    assert StandardPage.objects.filter(pk=page.pk).exists()


def test_a_translator_cannot_delete_pages_with_the_bulk_action(client, translator, draft):
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
    client.post(f"{url}?id={draft.pk}")
    assert StandardPage.objects.filter(pk=draft.pk).exists()


def test_a_translator_is_offered_no_delete_move_or_copy_on_the_page_or_in_its_listing(
    client, translator, home, draft
):
    forbidden = {
        delete_url(draft),
        reverse("wagtailadmin_pages:move", args=[draft.pk]),
        reverse("wagtailadmin_pages:copy", args=[draft.pk]),
    }
    edit_view = client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk]))
    listing = client.get(reverse("wagtailadmin_explore", args=[home.pk]))
    assert edit_view.status_code == listing.status_code == 200
    assert not forbidden & admin_links(edit_view)
    assert not forbidden & admin_links(listing)


def test_a_translator_cannot_move_a_page(client, translator, home, draft):
    destination = StandardPageFactory(parent=home)
    assert_refused(client.get(reverse("wagtailadmin_pages:move", args=[draft.pk])))
    assert_refused(
        client.post(reverse("wagtailadmin_pages:move_confirm", args=[draft.pk, destination.pk]))
    )
    draft.refresh_from_db()
    assert draft.get_parent().pk == home.pk


def test_a_translator_cannot_copy_a_page(client, translator, draft):
    assert_refused(client.get(reverse("wagtailadmin_pages:copy", args=[draft.pk])))


def test_a_translator_cannot_unpublish_a_page(client, translator, home):
    page = StandardPageFactory(parent=home)
    assert_refused(client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk])))
    page.refresh_from_db()
    assert page.live


def test_a_translator_can_still_edit_and_save_a_draft_of_a_page(client, translator, home):
    page = StandardPageFactory(parent=home, title_en="Old title")
    data = page_form(
        {
            "title_es": page.title_es,
            "title_en": "Translated title",
            "slug_es": page.slug_es,
            "slug_en": page.slug_en,
            "intro_es": page.intro_es,
            "intro_en": page.intro_en,
        },
        streams=["body"],
    )
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302, parse(response).select(".error-message")
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().title_en == "Translated title"
    assert page.live


def test_editors_and_moderators_still_delete_drafts(staff, draft):
    for username, group in [("editor2", "Editors"), ("moderador", "Moderators")]:
        assert draft.permissions_for_user(staff(username, group)).can_delete()


def test_every_page_type_answers_with_the_portals_permission_rules(client, translator, draft):
    client.get(reverse("wagtailadmin_home"))  # the admin has started (its hooks are loaded)
    for model in get_page_models():
        if model.is_creatable:
            tester = model(title="x").permissions_for_user(translator)
            assert isinstance(tester, PortalPagePermissionTester), model
    # ...also when asked through Wagtail's base Page, as the explorer does
    assert isinstance(draft.page_ptr.permissions_for_user(translator), PortalPagePermissionTester)


# Documents: only moderators replace a document's file, and the replaced file is kept.


@pytest.fixture
def documents(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.WAGTAILDOCS_DOCUMENT_FORM_BASE = DOCUMENT_FORM


@pytest.fixture
def document(documents, db):
    document = Document(title="Declaración")
    document.file.save("declaracion.pdf", ContentFile(b"%PDF-1.4 original"), save=False)
    document.save()
    return document


def edit_document(client, document, **data):
    return client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {"title": document.title, "tags": "", "collection": document.collection_id, **data},
    )


def new_file():
    return SimpleUploadedFile("declaracion-v2.pdf", b"%PDF-1.4 replacement")


def test_an_editor_sees_no_file_input_when_editing_a_document(client, staff, document):
    client.force_login(staff("editora", "Editors"))
    response = client.get(reverse("wagtaildocs:edit", args=[document.pk]))
    assert response.status_code == 200
    assert not parse(response).select('input[type="file"]')


def test_an_editor_cannot_replace_a_documents_file_with_a_crafted_post(client, staff, document):
    client.force_login(staff("editora", "Editors"))
    response = edit_document(client, document, file=new_file())
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    document.refresh_from_db()
    assert document.file.name == "documents/declaracion.pdf"
    assert document.file.read() == b"%PDF-1.4 original"


def test_an_editor_can_still_change_a_documents_title(client, staff, document):
    client.force_login(staff("editora", "Editors"))
    response = edit_document(client, document, title="Declaración de Quito")
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "Declaración de Quito"
    assert document.file.name == "documents/declaracion.pdf"


def test_an_editor_can_still_upload_a_new_document(client, staff, documents):
    client.force_login(staff("editora", "Editors"))
    response = client.post(
        reverse("wagtaildocs:add"), {"title": "Nueva", "file": new_file(), "collection": 1}
    )
    assert response.status_code == 302
    assert Document.objects.get().file.read() == b"%PDF-1.4 replacement"


def test_a_moderator_replaces_a_documents_file_and_the_previous_file_is_kept(
    client, staff, document
):
    moderator = staff("moderadora", "Moderators")
    client.force_login(moderator)
    response = edit_document(client, document, file=new_file())
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.file.read() == b"%PDF-1.4 replacement"
    assert document.file.storage.open("documents/declaracion.pdf").read() == b"%PDF-1.4 original"
    entry = ModelLogEntry.objects.get(action="quito_portal.document.replace_file")
    assert entry.data["previous_file"] == "documents/declaracion.pdf"
    assert entry.user_id == moderator.pk


@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("es", "Puede reemplazar el archivo de los documentos"),
        ("en", "Can replace a document's file"),
    ],
)
def test_the_replace_file_permission_is_granted_in_the_admins_group_editor(
    admin_client, admin_user, language, name
):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = language
    profile.save()
    moderators = Group.objects.get(name="Moderators")
    response = admin_client.get(reverse("wagtailusers_groups:edit", args=[moderators.pk]))
    [label] = [label for label in parse(response).select("label") if text(label) == name]
    assert label.find("input", attrs={"name": "permissions", "checked": True})
