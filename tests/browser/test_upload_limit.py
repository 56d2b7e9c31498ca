"""A Spanish-speaking editor chooses a 30 MB file (over the site's 20 MB limit) and is told so
in Spanish at once, before anything is sent: on the multiple-upload page and in the chooser
modal of a publication's files (core/serving/uploads.py, static/js/admin-upload-limit.js)."""

import pytest
from django.contrib.auth.models import User
from django.utils import translation
from wagtail.users.models import UserProfile

from core.serving.uploads import too_large_message

from .conftest import sign_in

pytestmark = [pytest.mark.xdist_group("browser_upload_limit")]

PASSWORD = "una clave larga y segura"  # noqa: S105
MEGABYTE = 1024 * 1024


@pytest.fixture(scope="module")
def spanish_editor(demo_server, django_db_blocker):
    with django_db_blocker.unblock():
        user = User.objects.create_superuser("editora", "e@example.org", PASSWORD)
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "es"
        profile.save()
    return user


@pytest.fixture
def thirty_megabytes(tmp_path):
    """A 30 MB PDF that takes no disk space (sparse): its size is all the browser looks at."""
    path = tmp_path / "informe-anual.pdf"
    with path.open("wb") as file:
        file.truncate(30 * MEGABYTE)
    return path


@pytest.fixture
def admin_page(spanish_browser, demo_server, spanish_editor):
    page = spanish_browser
    sign_in(page, demo_server.url, "editora")
    posts = []
    # Uploads only (the page editor pings its editing session meanwhile).
    page.on(
        "request",
        lambda request: (
            request.method == "POST"
            and ("/chooser/" in request.url or "/multiple/" in request.url)
            and posts.append(request.url)
        ),
    )
    page.posts = posts
    return page


def spanish_message():
    with translation.override("es"):
        return too_large_message()


def test_the_multiple_upload_page_refuses_a_30_mb_file_in_spanish_before_sending(
    admin_page, demo_server, thirty_megabytes
):
    page = admin_page
    page.goto(demo_server.url + "/admin/documents/multiple/add/")
    page.set_input_files("#fileupload", str(thirty_megabytes))
    item = page.locator("#upload-list > li").first
    item.locator(".error_messages").wait_for(state="visible")
    assert item.locator(".error_messages").inner_text() == spanish_message()
    assert "20 MB" in spanish_message()
    assert page.posts == []


def test_a_chooser_modal_refuses_a_30_mb_file_in_spanish_before_sending(
    admin_page, demo_server, thirty_megabytes, django_db_blocker
):
    from publications.models import PublicationPage

    with django_db_blocker.unblock():
        publication = PublicationPage.objects.filter(files__isnull=False).order_by("path").first()
    page = admin_page
    page.goto(f"{demo_server.url}/admin/pages/{publication.pk}/edit/")
    # A new file of the publication (Files, one per language), and its document chooser.
    page.locator("#id_files-ADD").click()
    page.locator("[data-chooser-action-choose]:visible").last.click()
    upload_tab = page.locator('.modal a[href="#tab-upload"]')
    upload_tab.click()
    form = page.locator("#tab-upload form")
    form.locator('input[type="file"]').set_input_files(str(thirty_megabytes))
    error = form.locator("[data-upload-limit-error]")
    error.wait_for(state="visible")
    assert error.inner_text() == spanish_message()
    # Nothing too large can be sent: the choice was undone, and uploading sends nothing.
    assert form.locator('input[type="file"]').evaluate("input => input.files.length") == 0
    form.locator('[type="submit"]').click()
    page.wait_for_load_state("networkidle")
    assert page.posts == []
