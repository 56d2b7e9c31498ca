"""A Spanish-speaking moderator and translator in a real browser: a Spanish change turns the
English text out of date, the queue shows it until it is translated or marked as reviewed, and an
empty English body gets the Spanish layout in one action."""

import re

import pytest
from django.contrib.auth.models import Group, User

from .conftest import screenshot

pytestmark = [pytest.mark.xdist_group("browser_translation_queue")]

PASSWORD = "una clave larga y segura"  # noqa: S105


@pytest.fixture(scope="module")
def spanish_staff(demo_server, django_db_blocker):
    from wagtail.users.models import UserProfile

    with django_db_blocker.unblock():
        for username, group in [("moderadora", "Moderators"), ("traductora", "Translators")]:
            user = User.objects.create_user(username, f"{username}@example.org", PASSWORD)
            user.groups.add(Group.objects.get(name=group))
            profile = UserProfile.get_for_user(user)
            profile.preferred_language = "es"
            profile.save()


@pytest.fixture(scope="module")
def prepared_pages(demo_server, django_db_blocker):
    """Changes made before the journeys, committed so that the server sees them (a test's own
    writes stay in its transaction, and would lock the rows the server then writes)."""
    from wagtail.models import Page

    with django_db_blocker.unblock():
        # A Spanish correction that leaves the English right: a reviewer's case.
        chile = Page.objects.get(slug_es="chile").specific.get_latest_revision_as_object()
        chile.intro_es = chile.intro_es.rstrip(".") + " ."
        chile.save_revision().publish()
        # An English body left empty: the Spanish layout's case.
        privacy = Page.objects.get(slug_es="privacidad").specific.get_latest_revision_as_object()
        privacy.body_en = []
        privacy.save_revision()
        return {"privacy_blocks": [(block.id, block.block_type) for block in privacy.body_es]}


def log_in(open_page, server, username):
    page = open_page()
    page.goto(server.url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/admin/")
    return page


def edit_url(server, slug_es):
    from wagtail.models import Page

    return f"{server.url}/admin/pages/{Page.objects.get(slug_es=slug_es).pk}/edit/"


def queue_row(page, title, label):
    return (
        page.locator("table.translation-queue tbody tr")
        .filter(has_text=title)
        .filter(has_text=label)
    )


def test_a_spanish_change_waits_in_the_queue_until_the_translator_translates_it(
    demo_server, spanish_staff, open_page
):
    moderator = log_in(open_page, demo_server, "moderadora")
    moderator.goto(edit_url(demo_server, "peru"))
    moderator.fill(
        "#id_intro_es",
        "Perú es Estado miembro del Proceso de Quito desde 2018 y acoge a 1,5 millones de personas.",
    )
    moderator.locator(".dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    # Each post is waited for by its own navigation: the edit form's URL already matches.
    with moderator.expect_navigation():
        moderator.get_by_role("button", name=re.compile("Publicar")).click()

    translator = log_in(open_page, demo_server, "traductora")
    translator.goto(demo_server.url + "/admin/translation-queue/?language=en&state=out_of_date")
    row = queue_row(translator, "Perú", "Introducción")
    assert row.count() == 1
    assert "Desactualizada" in row.inner_text() or "Desactualizado" in row.inner_text()
    assert "acoge a 1,5 millones de personas." in row.locator(".translation-diff ins").inner_text()
    screenshot(translator, "translator-queue-out-of-date")

    row.get_by_role("link", name="Abrir en el editor").click()
    translator.wait_for_url("**/edit/?translate=en*")
    english = translator.locator("#id_intro_en")
    english.wait_for(state="visible")
    english.fill("Peru has been a member state since 2018 and hosts 1.5 million people.")
    with translator.expect_navigation():
        translator.get_by_role("button", name=re.compile("Guardar borrador")).click()
    screenshot(translator, "translator-editor-after-save")

    translator.goto(demo_server.url + "/admin/translation-queue/?language=en&state=waiting")
    assert "Esperando aprobación" in queue_row(translator, "Perú", "Introducción").inner_text()


def test_a_translation_that_needs_no_change_is_marked_as_reviewed(
    demo_server, spanish_staff, prepared_pages, open_page
):
    translator = log_in(open_page, demo_server, "traductora")
    translator.goto(demo_server.url + "/admin/translation-queue/?language=en&state=out_of_date")
    row = queue_row(translator, "Chile", "Introducción")
    with translator.expect_navigation():
        row.get_by_role("button", name="Marcar como revisada").click()
    assert queue_row(translator, "Chile", "Introducción").count() == 0
    translator.goto(demo_server.url + "/admin/translation-queue/?language=en&state=done")
    assert queue_row(translator, "Chile", "Introducción").count() == 1


def test_the_spanish_layout_is_copied_into_the_empty_english_body(
    demo_server, spanish_staff, prepared_pages, open_page
):
    from wagtail.models import Page

    translator = log_in(open_page, demo_server, "traductora")
    translator.goto(edit_url(demo_server, "privacidad"))
    translator.locator(".dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    with translator.expect_navigation():
        translator.get_by_role("button", name="Copiar la estructura del español al inglés").click()
    assert "estructura" in translator.locator(".messages").inner_text()
    screenshot(translator, "translator-layout-copied")

    latest = Page.objects.get(slug_es="privacidad").specific.get_latest_revision_as_object()
    assert [(b.id, b.block_type) for b in latest.body_en] == prepared_pages["privacy_blocks"]


def test_a_po_file_goes_to_a_translation_tool_and_comes_back_as_a_draft(
    demo_server, spanish_staff, prepared_pages, open_page, tmp_path
):
    """After the layout is copied (the test above), the privacy notice's English texts are
    missing: exported, translated outside the site, imported into a new draft."""
    import polib
    from wagtail.models import Page

    privacy = Page.objects.get(slug_es="privacidad")
    translator = log_in(open_page, demo_server, "traductora")
    translator.goto(
        f"{demo_server.url}/admin/translation-queue/export/?language=en&page={privacy.pk}"
    )
    translator.get_by_label("PO (gettext)").check()
    with translator.expect_download() as download:
        translator.get_by_role("button", name="Descargar el archivo").click()
    exported = tmp_path / "privacidad.po"
    download.value.save_as(exported)

    catalog = polib.pofile(str(exported))
    assert len(catalog) >= 2
    for entry in catalog:
        # What a translation tool gives back: the text translated, its tags kept.
        entry.msgstr = (
            re.sub(r">([^<]+)<", r">EN \1<", entry.msgid)
            if "<" in entry.msgid
            else (f"EN {entry.msgid}")
        )
    catalog.save(str(exported))

    translator.goto(demo_server.url + "/admin/translation-queue/import/")
    translator.set_input_files("input[type=file]", str(exported))
    translator.get_by_role("button", name="Importar", exact=True).click()
    translator.wait_for_load_state()
    screenshot(translator, "translator-import-report")
    report = translator.locator("main").inner_text()
    assert f"Importados: {len(catalog)}" in report or f"{len(catalog)} importado" in report

    page = Page.objects.get(pk=privacy.pk).specific
    draft = str(list(page.get_latest_revision_as_object().body_en.raw_data))
    assert draft.count("EN ") >= len(catalog)
    assert "EN " not in str(list(page.body_en.raw_data))  # a draft: the live page is as it was
    translator.goto(
        f"{demo_server.url}/admin/translation-queue/?language=en&state=waiting&page={privacy.pk}"
    )
    assert translator.locator("table.translation-queue tbody tr").count() == len(catalog)
