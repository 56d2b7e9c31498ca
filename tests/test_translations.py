import os
import shutil
from io import StringIO

import polib
import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import CommandError

from interface_strings.catalogs import entry_key, po_path
from interface_strings.models import InterfaceTranslation, InterfaceTranslationChange

from .factories import StandardPageFactory
from .html import parse, text

HAS_GETTEXT = shutil.which("xgettext") is not None and shutil.which("msgmerge") is not None
needs_gettext = pytest.mark.skipif(
    not HAS_GETTEXT and not os.environ.get("CI"),
    reason="GNU gettext is not installed: `apt-get install gettext` to run the staleness check.",
)

SKIP_LINK = "Skip to main content"


def edit_url(msgid):
    return f"/admin/translations/{entry_key(msgid)}/"


def save(client, capture, msgid, **values):
    with capture(execute=True):
        return client.post(edit_url(msgid), values)


@pytest.fixture
def incomplete_catalogs(tmp_path, settings):
    copy = tmp_path / "locale"
    shutil.copytree(settings.LOCALE_PATHS[0], copy)
    catalog = polib.pofile(str(po_path("es", copy)))
    catalog.find(SKIP_LINK).msgstr = ""
    catalog.find("Main menu").flags.append("fuzzy")
    catalog.save()
    return copy


@needs_gettext
def test_catalog_check_passes_on_the_real_catalogs():
    out = StringIO()
    call_command("check_catalogs", stdout=out)
    assert "complete and up to date" in out.getvalue()


def test_catalog_check_names_untranslated_and_fuzzy_entries(incomplete_catalogs):
    with pytest.raises(CommandError) as error:
        call_command("check_catalogs", "--skip-stale", "--locale-dir", str(incomplete_catalogs))
    message = str(error.value)
    assert f"es: untranslated: '{SKIP_LINK}'" in message
    assert "es: fuzzy: 'Main menu'" in message
    assert "en:" not in message


@needs_gettext
def test_catalog_check_names_entries_missing_from_a_stale_catalog(incomplete_catalogs):
    catalog = polib.pofile(str(po_path("en", incomplete_catalogs)))
    catalog.remove(catalog.find("Breadcrumbs"))
    catalog.save()
    with pytest.raises(CommandError) as error:
        call_command("check_catalogs", "--locale-dir", str(incomplete_catalogs))
    assert "en: missing (run `make messages`): 'Breadcrumbs'" in str(error.value)


def test_editor_lists_every_string_with_each_language(translator_client):
    response = translator_client.get("/admin/translations/", {"q": "skip to main"})
    assert response.status_code == 200
    rows = parse(response).select("table.listing tbody tr")
    assert [[text(cell) for cell in row.select("td")] for row in rows] == [
        [
            SKIP_LINK,
            "sitio público templates/base.html",
            "Saltar al contenido principal",
            SKIP_LINK,
            "Pular para o conteúdo principal",
        ]
    ]


def test_editor_filters_untranslated_strings(
    translator_client, settings, tmp_path, incomplete_catalogs
):
    settings.LOCALE_PATHS = [incomplete_catalogs]
    response = translator_client.get("/admin/translations/", {"untranslated": "1"})
    rows = parse(response).select("table.listing tbody tr")
    # A fuzzy translation is not trusted: it counts as untranslated.
    assert [text(row.select_one("td a")) for row in rows] == ["Main menu", SKIP_LINK]


def test_translators_edit_shows_on_the_public_site_in_that_language_only(
    translator_client, client, home, django_capture_on_commit_callbacks
):
    response = save(
        translator_client,
        django_capture_on_commit_callbacks,
        SKIP_LINK,
        es="Ir al contenido",
        en=SKIP_LINK,
    )
    assert response.status_code == 302
    client.logout()
    assert text(parse(client.get("/es/")).select_one("a.skip-link")) == "Ir al contenido"
    assert text(parse(client.get("/en/")).select_one("a.skip-link")) == SKIP_LINK


def test_an_edit_is_kept_in_the_database_with_who_and_when(
    translator_client, translator, django_capture_on_commit_callbacks
):
    save(
        translator_client,
        django_capture_on_commit_callbacks,
        "Main menu",
        es="Navegación",
        en="Main menu",
    )
    edit = InterfaceTranslation.objects.get()
    assert (edit.language, edit.msgid, edit.msgstr, edit.updated_by) == (
        "es",
        "Main menu",
        "Navegación",
        translator,
    )
    change = InterfaceTranslationChange.objects.get()
    assert (change.old_msgstr, change.new_msgstr, change.changed_by) == (
        "Menú principal",
        "Navegación",
        translator,
    )
    history = parse(translator_client.get(edit_url("Main menu"))).select("table.listing tbody tr")
    assert "Navegación" in text(history[0])


def test_an_edit_survives_a_restart(
    translator_client, client, home, django_capture_on_commit_callbacks
):
    from interface_strings.runtime import forget_applied_edits

    save(
        translator_client,
        django_capture_on_commit_callbacks,
        SKIP_LINK,
        es="Ir al contenido",
        en=SKIP_LINK,
    )
    forget_applied_edits()  # what a new process, after a deploy, starts from
    client.logout()
    assert text(parse(client.get("/es/")).select_one("a.skip-link")) == "Ir al contenido"


def test_emptying_a_field_goes_back_to_the_catalog(
    translator_client, client, home, django_capture_on_commit_callbacks
):
    save(
        translator_client,
        django_capture_on_commit_callbacks,
        SKIP_LINK,
        es="Ir al contenido",
        en=SKIP_LINK,
    )
    save(translator_client, django_capture_on_commit_callbacks, SKIP_LINK, es="", en=SKIP_LINK)
    assert not InterfaceTranslation.objects.exists()
    client.logout()
    assert (
        text(parse(client.get("/es/")).select_one("a.skip-link")) == "Saltar al contenido principal"
    )


def test_an_edit_that_breaks_a_placeholder_is_refused(
    translator_client, django_capture_on_commit_callbacks
):
    msgid = "Taking part since %(year)s"
    response = save(
        translator_client,
        django_capture_on_commit_callbacks,
        msgid,
        es="Participa desde %(año)s",
        en=msgid,
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["es"]
    assert errors == [
        "Mantenga los marcadores del texto original tal como están: se esperaba %(year)s y se encontró %(año)s."
    ]
    assert not InterfaceTranslation.objects.exists()


def test_an_edit_that_drops_a_placeholder_is_refused(
    translator_client, django_capture_on_commit_callbacks
):
    msgid = "Taking part since %(year)s"
    response = save(
        translator_client, django_capture_on_commit_callbacks, msgid, es=msgid, en="Taking part"
    )
    assert "en" in response.context["form"].errors
    assert not InterfaceTranslation.objects.exists()


def test_the_editor_is_forbidden_outside_the_translators_group(client, django_user_model):
    user = django_user_model.objects.create_user("editora", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get("/admin/translations/").status_code == 403
    assert client.get(edit_url(SKIP_LINK)).status_code == 403


def test_an_edit_of_a_string_no_longer_in_the_code_is_shown_as_obsolete_and_not_applied(
    translator_client, client, home
):
    InterfaceTranslation.objects.create(language="es", msgid="Old string", msgstr="Texto viejo")
    page = parse(translator_client.get("/admin/translations/"))
    assert "Texto viejo" in text(page.select_one(".help-warning"))


def test_export_writes_the_edits_into_the_catalogs(
    tmp_path, settings, translator_client, django_capture_on_commit_callbacks
):
    copy = tmp_path / "locale"
    shutil.copytree(settings.LOCALE_PATHS[0], copy)
    save(
        translator_client,
        django_capture_on_commit_callbacks,
        "Main menu",
        es="Navegación",
        en="Main menu",
    )
    InterfaceTranslation.objects.create(language="es", msgid="Old string", msgstr="Texto viejo")
    out = StringIO()
    call_command("export_interface_translations", "--locale-dir", str(copy), stdout=out)
    assert polib.pofile(str(po_path("es", copy))).find("Main menu").msgstr == "Navegación"
    assert "obsolete, not exported: es: 'Old string'" in out.getvalue()
    assert "Exported 1 edit(s); 1 obsolete." in out.getvalue()


def queued(admin_client, **filters):
    """(page title, text) of each item still to do in the translation queue."""
    response = admin_client.get("/admin/translation-queue/", filters)
    return {(item.page.title_es, item.key) for item in response.context["items"]}


def test_the_queue_lists_a_page_without_english_and_not_a_complete_page(admin_client, home):
    StandardPageFactory(parent=home, title_es="Solo español", title_en="", slug_en="", intro_en="")
    StandardPageFactory(parent=home, title_es="Completa", title_en="Complete")
    assert queued(admin_client, language="en") == {
        ("Solo español", "title"),
        ("Solo español", "intro"),
    }


def test_the_queue_filters_by_section(admin_client, home):
    about = StandardPageFactory(parent=home, title_es="Acerca", title_en="About")
    StandardPageFactory(parent=about, title_es="Historia", title_en="", slug_en="")
    StandardPageFactory(parent=home, title_es="Otra", title_en="", slug_en="")
    assert queued(admin_client, section=about.pk, language="en") == {("Historia", "title")}


def test_the_old_report_address_leads_to_the_translation_status(admin_client, home):
    response = admin_client.get("/admin/reports/translation-status/", {"section": "3"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/translation-queue/overview/?section=3"


def test_the_translation_status_table_counts_each_pages_missing_texts(admin_client, home):
    page = StandardPageFactory(parent=home, title_es="Solo español", title_en="", slug_en="")
    table = parse(admin_client.get("/admin/translation-queue/overview/")).find(id="pages-heading")
    row = next(
        tr for tr in table.find_next("table").select("tbody tr") if "Solo español" in text(tr)
    )
    assert f"page={page.pk}" in str(row)
    assert "Falta 1" in text(row)


def test_a_restored_database_with_other_edits_is_applied_after_the_cache_is_emptied(
    translator_client, translator, client, home, django_capture_on_commit_callbacks
):
    """A worker that applied one database's edits must not keep them when a backup with other
    edits is restored (`make restore` empties the cache), even where the ids coincide."""
    from django.core.cache import cache

    save(translator_client, django_capture_on_commit_callbacks, SKIP_LINK, es="Saltar (antes)")
    assert "Saltar (antes)" in client.get("/es/").content.decode()
    latest = InterfaceTranslationChange.objects.latest("pk")
    # The restored database: another history whose latest change has the same id.
    InterfaceTranslationChange.objects.all().delete()
    InterfaceTranslation.objects.all().delete()
    InterfaceTranslation.objects.create(language="es", msgid=SKIP_LINK, msgstr="Saltar (copia)")
    InterfaceTranslationChange.objects.create(
        pk=latest.pk, language="es", msgid=SKIP_LINK, new_msgstr="Saltar (copia)"
    )
    InterfaceTranslationChange.objects.filter(pk=latest.pk).update(
        changed_at=latest.changed_at.replace(year=latest.changed_at.year - 1)
    )
    cache.clear()
    assert "Saltar (copia)" in client.get("/es/").content.decode()
