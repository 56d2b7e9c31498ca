"""One upload limit (UPLOAD_MAX_MB) for every way a file reaches the admin, answered in the
editor's language: a file over it is a clear error naming the limit in MB (never a false
"extension not allowed"), and a request body over what nginx accepts is refused unread with the
same message, in the form the screen that sent it shows (never an English 413 page, never a 500).

The limit is lowered to 1 MB here: a file of 1 MB and a few bytes is over it; a request that
says it is larger than the limit plus the form's margin is what nginx would cut (its body is
never read, so the test only sends the header)."""

import json
import re
from io import BytesIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.users.models import UserProfile

from core.serving import uploads

from .html import parse, text

LANGUAGES = ["es", "en"]
XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
MEGABYTE = 1024 * 1024
NGINX_CONF = Path(django_settings.BASE_DIR) / "deploy" / "nginx.conf"

EXTENSION_MESSAGES = ("extensión", "extension")


def png(padding=0):
    from PIL import Image as PillowImage

    buffer = BytesIO()
    PillowImage.new("RGB", (4, 4), "navy").save(buffer, "PNG")
    # Bytes after the image's end: still a PNG that opens, as large as the test needs.
    return buffer.getvalue() + b"\0" * padding


def pdf(padding=0):
    return b"%PDF-1.4\n%%EOF\n" + b"0" * padding


OVER = MEGABYTE + 16  # one megabyte and a few bytes: over a limit of 1 MB


@pytest.fixture
def one_megabyte(settings):
    settings.UPLOAD_MAX_MB = 1


@pytest.fixture(params=LANGUAGES)
def editor(request, admin_client, admin_user, one_megabyte):
    """A superuser whose admin speaks `language` (their profile's preference)."""
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = request.param
    profile.save()
    admin_client.language = request.param
    return admin_client


def message_in(language):
    with translation.override(language):
        return uploads.too_large_message()


def big_image():
    return SimpleUploadedFile("foto.png", png(OVER), content_type="image/png")


def big_document():
    return SimpleUploadedFile("informe.pdf", pdf(OVER), content_type="application/pdf")


def cut_by_nginx():
    """The header of a request larger than what nginx (and the app) accept."""
    return {"CONTENT_LENGTH": str(uploads.request_max_bytes() + 1)}


# --- the one setting -------------------------------------------------------------------------


def test_one_setting_gives_wagtails_image_and_document_limits():
    limit = django_settings.UPLOAD_MAX_MB * MEGABYTE
    assert limit == django_settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    assert limit == django_settings.WAGTAILDOCS_MAX_UPLOAD_SIZE


def test_nginx_accepts_exactly_the_request_the_app_accepts():
    """deploy/nginx.conf's client_max_body_size is the file limit plus the form's margin."""
    sizes = re.findall(r"^\s*client_max_body_size\s+(\d+)m;", NGINX_CONF.read_text(), re.M)
    assert sizes == [str(uploads.request_max_megabytes())]


def test_nginx_hands_its_413_to_the_app():
    conf = NGINX_CONF.read_text()
    assert "error_page 413 = /.quito-portal-too-large;" in conf
    assert "proxy_pass http://quito_portal_app/upload-too-large;" in conf


def test_the_message_names_the_limit_in_megabytes(settings):
    settings.UPLOAD_MAX_MB = 20
    assert message_in("es") == (
        "Este archivo pesa más de 20 MB, el máximo que acepta el sitio. Redúzcalo (por ejemplo, "
        "guarde el PDF como PDF de tamaño reducido o comprima la imagen) y vuelva a subirlo."
    )
    assert message_in("en").startswith("This file is larger than 20 MB, the most the site accepts.")


# --- in the browser: every admin page carries the limit and the message ------------------------


def test_every_admin_page_checks_the_size_before_sending_in_the_editors_language(editor):
    page = parse(editor.get("/admin/"))
    script = page.select_one('script[src*="admin-upload-limit"]')
    assert script["data-max-bytes"] == str(MEGABYTE)
    assert script["data-message"] == message_in(editor.language)


@pytest.mark.parametrize("path", ["/admin/images/multiple/add/", "/admin/documents/multiple/add/"])
def test_the_multiple_upload_pages_check_the_size_with_the_sites_message(editor, path):
    file_input = parse(editor.get(path)).select_one("#fileupload")
    assert file_input["data-max-file-size"] == str(MEGABYTE)
    assert json.loads(file_input["data-messages"])["maxFileSize"] == message_in(editor.language)


# --- multiple upload ---------------------------------------------------------------------------


MULTIPLE = {
    "image": ("/admin/images/multiple/add/", big_image, Image),
    "document": ("/admin/documents/multiple/add/", big_document, Document),
}


@pytest.mark.parametrize("kind", MULTIPLE)
def test_multiple_upload_refuses_a_file_over_the_limit_with_only_that_message(editor, kind):
    path, big_file, model = MULTIPLE[kind]
    response = editor.post(path, {"files[]": big_file(), "collection": 1}, **XHR)
    assert response.status_code == 200
    assert response.json() == {"success": False, "error_message": message_in(editor.language)}
    assert not model.objects.exists()


@pytest.mark.parametrize("kind", MULTIPLE)
def test_multiple_upload_answers_a_body_nginx_would_cut_in_its_own_list(editor, kind):
    path, _big_file, model = MULTIPLE[kind]
    response = editor.post(path, {"collection": 1}, **XHR, **cut_by_nginx())
    assert response.status_code == 200  # Wagtail's answer for a refused file: its list shows it
    assert response.json() == {"success": False, "error_message": message_in(editor.language)}
    assert not model.objects.exists()


# --- chooser modals (the publication form's files are chosen or uploaded in one) --------------


CHOOSERS = {
    "image": ("/admin/images/chooser/create/", "image-chooser-upload-", big_image),
    "document": ("/admin/documents/chooser/create/", "document-chooser-upload-", big_document),
}


@pytest.mark.parametrize("kind", CHOOSERS)
def test_the_chooser_modal_shows_a_file_over_the_limit_as_a_field_error(editor, kind):
    path, prefix, big_file = CHOOSERS[kind]
    response = editor.post(
        path,
        {f"{prefix}title": "Informe", f"{prefix}file": big_file(), f"{prefix}collection": 1},
        **XHR,
    )
    assert response.status_code == 200
    answer = response.json()
    assert answer["step"] == "reshow_creation_form"
    errors = [
        text(node)
        for node in BeautifulSoup(answer["htmlFragment"], "html.parser").select(".error-message")
    ]
    assert errors == [message_in(editor.language)]


@pytest.mark.parametrize("kind", CHOOSERS)
def test_the_chooser_modal_gets_a_413_it_can_show_for_a_body_nginx_would_cut(editor, kind):
    path, _prefix, _big_file = CHOOSERS[kind]
    response = editor.post(path, {}, **XHR, **cut_by_nginx())
    assert response.status_code == 413
    assert response.json() == {"success": False, "error_message": message_in(editor.language)}


# --- single forms: adding, replacing a file ----------------------------------------------------


def test_adding_a_document_over_the_limit_is_a_form_error_without_a_false_extension_error(editor):
    response = editor.post(
        "/admin/documents/add/", {"title": "Informe", "file": big_document(), "collection": 1}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [message_in(editor.language)]
    assert not Document.objects.exists()


def test_replacing_a_documents_file_with_one_over_the_limit_is_a_form_error(editor):
    document = Document.objects.create(
        title="Informe", file=SimpleUploadedFile("informe.pdf", pdf())
    )
    response = editor.post(
        f"/admin/documents/edit/{document.pk}/",
        {"title": "Informe", "file": big_document(), "collection": 1},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [message_in(editor.language)]
    document.refresh_from_db()
    assert document.file.size < MEGABYTE


def test_replacing_an_images_file_with_one_over_the_limit_is_a_form_error(editor):
    image = Image.objects.create(
        title="Foto", file=SimpleUploadedFile("foto.png", png()), width=4, height=4
    )
    response = editor.post(
        f"/admin/images/{image.pk}/", {"title": "Foto", "file": big_image(), "collection": 1}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [message_in(editor.language)]


def test_a_form_posted_with_a_body_nginx_would_cut_gets_a_page_in_the_editors_language(editor):
    response = editor.post(
        "/admin/documents/add/",
        {},
        HTTP_REFERER="http://testserver/admin/documents/add/",
        **cut_by_nginx(),
    )
    assert response.status_code == 413
    page = parse(response)
    assert page.html["lang"] == editor.language
    assert text(page.select_one(".lead")) == message_in(editor.language)
    assert page.select_one("main a")["href"] == "http://testserver/admin/documents/add/"


def test_the_page_links_back_only_to_the_site(editor):
    response = editor.post(
        "/admin/documents/add/", {}, HTTP_REFERER="https://example.com/", **cut_by_nginx()
    )
    assert parse(response).select_one("main a") is None


# --- nginx's 413, handed to the app -----------------------------------------------------------


@pytest.mark.parametrize("kind", MULTIPLE)
def test_nginxs_413_on_a_multiple_upload_is_answered_in_its_list(editor, kind):
    path, _big_file, _model = MULTIPLE[kind]
    response = editor.get("/upload-too-large", HTTP_X_ORIGINAL_URI=path, **XHR)
    assert response.status_code == 200
    assert response.json() == {"success": False, "error_message": message_in(editor.language)}


@pytest.mark.parametrize("kind", CHOOSERS)
def test_nginxs_413_on_a_chooser_upload_is_a_413_with_the_message(editor, kind):
    path, _prefix, _big_file = CHOOSERS[kind]
    response = editor.get("/upload-too-large", HTTP_X_ORIGINAL_URI=f"{path}?x=1", **XHR)
    assert response.status_code == 413
    assert response.json()["error_message"] == message_in(editor.language)


def test_nginxs_413_on_a_plain_form_is_a_page_in_the_editors_language(editor):
    response = editor.get("/upload-too-large", HTTP_X_ORIGINAL_URI="/admin/documents/add/")
    assert response.status_code == 413
    assert parse(response).html["lang"] == editor.language
