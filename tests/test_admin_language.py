"""The admin speaks the staff member's language, and the Translations area says where each
interface string is used and which ones are left to translate."""

import re
import shutil
from pathlib import Path

import polib
import pytest
import wagtail
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from wagtail.models import GroupApprovalTask, Task, Workflow
from wagtail.users.models import UserProfile

from interface_strings.catalogs import (
    ADMIN,
    EMAIL,
    PUBLIC,
    WAGTAIL,
    catalog_entries,
    entry_key,
    po_path,
    usage_context,
)
from interface_strings.models import InterfaceTranslation

from .html import parse, text

pytestmark = pytest.mark.django_db

# The Wagtail apps the project installs (quito_portal/settings/base.py).
WAGTAIL_APPS = [
    "admin",
    "contrib/settings",
    "contrib/redirects",
    "documents",
    "embeds",
    "images",
    "search",
    "sites",
    "snippets",
    "users",
    ".",
]


def speaking(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


@pytest.fixture
def editor(staff):
    return speaking(staff("editora", "Editors"), "es")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def translated(entry):
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr) and "fuzzy" not in entry.flags


def wagtail_strings_spanish_lacks():
    """(msgctxt, msgid) of every string of the installed Wagtail apps that Wagtail's own Spanish
    catalog leaves untranslated or fuzzy."""
    root = Path(wagtail.__file__).parent
    lacking = set()
    for app in WAGTAIL_APPS:
        source = root / app / "locale" / "en" / "LC_MESSAGES" / "django.po"
        spanish = {
            (e.msgctxt or "", e.msgid): e
            for e in polib.pofile(str(root / app / "locale" / "es" / "LC_MESSAGES" / "django.po"))
        }
        for entry in polib.pofile(str(source)):
            ours = spanish.get((entry.msgctxt or "", entry.msgid))
            if not entry.obsolete and (ours is None or not translated(ours)):
                lacking.add((entry.msgctxt or "", entry.msgid))
    return lacking


def test_every_wagtail_string_its_spanish_catalog_lacks_is_translated_by_the_project(settings):
    project = {
        (e.msgctxt or "", e.msgid): e
        for e in polib.pofile(str(po_path("es", settings.LOCALE_PATHS[0])))
    }
    lacking = wagtail_strings_spanish_lacks()
    assert lacking  # Wagtail 7.4's Spanish is incomplete: otherwise this test checks nothing
    untranslated = [key[1] for key in lacking if not translated(project.get(key, polib.POEntry()))]
    assert sorted(untranslated) == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("es", ["Buscar en todas las páginas…", "Ir al primer error", "Guardado"]),
        ("en", ["Search all pages…", "Go to the first error", "Saved"]),
    ],
)
def test_wagtail_strings_reported_in_english_follow_the_active_language(language, expected):
    with translation.override(language):
        assert [
            translation.gettext("Search all pages…"),
            translation.gettext("Go to the first error"),
            translation.gettext("Saved"),
        ] == expected


def test_modeltranslation_language_switch_is_in_spanish():
    with translation.override("es"):
        assert translation.gettext("View / edit fields for") == "Ver / editar los campos en"


def test_usage_count_reads_in_spanish():
    with translation.override("es"):
        message = translation.ngettext(
            "This %(model_name)s is referenced %(usage_count)s time.",
            "This %(model_name)s is referenced %(usage_count)s times.",
            0,
        ) % {"model_name": "página de Estado miembro", "usage_count": 0}
    assert message == "Este elemento (página de Estado miembro) se usa en 0 lugares."


def test_dashboard_search_box_speaks_the_users_language(editor_client):
    page = parse(editor_client.get("/admin/"))
    assert page.select_one("input[name=q]")["placeholder"] == "Buscar en todas las páginas…"


def test_dashboard_search_box_speaks_english_to_an_english_user(client, staff):
    client.force_login(speaking(staff("editor", "Editors"), "en"))
    page = parse(client.get("/admin/"))
    assert page.select_one("input[name=q]")["placeholder"] == "Search all pages…"


@pytest.mark.parametrize(("language", "label"), [("es", "Contraseña"), ("en", "Password")])
def test_login_page_labels_the_password_in_the_browsers_language(client, language, label):
    page = parse(client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE=language))
    # The label, without the required marker after it.
    assert text(page.select_one("label[for=id_password]")).rstrip("*") == label


def test_account_page_offers_only_the_sites_languages(editor_client):
    page = parse(editor_client.get("/admin/account/"))
    options = page.select("select[name=locale-preferred_language] option")
    # Each language in its own name, as language pickers do; "" is the server's (Spanish).
    assert [(option["value"], text(option)) for option in options] == [
        ("", "Usar el idioma del servidor: español"),
        ("en", "English"),
        ("es", "español"),
        ("pt", "Português"),
    ]


@pytest.mark.parametrize("path", ["/admin/", "/admin/account/", "/admin/pages/"])
def test_no_admin_page_asks_gravatar_for_an_avatar(editor_client, path):
    assert b"gravatar.com" not in editor_client.get(path).content


# The group editor: every permission in the admin user's language
# (interface_strings/permission_names.py). Django stores their names in English, and Wagtail builds
# some of its labels in the language of whichever request imported it first.


def group_editor_labels(client, user, language):
    client.force_login(speaking(user, language))
    editors = Group.objects.get(name="Editors")
    page = parse(client.get(reverse("wagtailusers_groups:edit", args=[editors.pk])))
    for template in page.select("template"):  # the formsets' empty forms, written by scripts
        template.decompose()
    return {text(element).rstrip("*").strip() for element in page.select("label, th, h3")}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "es",
            {
                "Puede agregar grupo",
                "Puede cambiar pie de página",
                "Puede reemplazar el archivo de los documentos",
                "Puede importar archivos traducidos a las páginas",
                "Elemento de traducción",
                "Publicar cualquier página",
                "Eliminar en bloque",
                "Añadir/editar sus propias imágenes",
                "Seleccionar imágenes en los selectores",
                "Editar cualquier documento",
                "Redirección",
                "Página",
                "Colección",
            },
        ),
        (
            "en",
            {
                "Can add group",
                "Can change footer",
                "Can replace a document's file",
                "Can import translated files into pages",
                "Translation item",
                "Publish any page",
                "Bulk delete",
                "Add/edit images you own",
                "Select images in choosers",
                "Edit any document",
                "Redirect",
                "Page",
                "Collection",
            },
        ),
    ],
)
def test_the_group_editor_names_every_permission_in_the_users_language(
    client, django_user_model, language, expected
):
    admin = django_user_model.objects.create_superuser("admin", "a@example.org", "x")
    labels = group_editor_labels(client, admin, language)
    assert expected <= labels, sorted(labels)
    if language == "es":
        english = re.compile(
            r"^(Can|Add|Edit|Choose|Select|Collection|Page|Bulk|Delete|Publish|Lock|Unlock|"
            r"Translation)\b|.\|"
        )
        assert sorted(label for label in labels if english.search(label)) == []
        assert "Eliminar volumen." not in labels


def test_a_permission_read_in_spanish_keeps_its_english_name_when_saved():
    with translation.override("es"):
        permission = Permission.objects.get(codename="add_page")
        assert permission.name == "Puede agregar página"
        assert str(permission).endswith("| Puede agregar página")
        permission.save()
    assert Permission.objects.filter(codename="add_page", name="Can add page").exists()
    with translation.override("en"):
        assert Permission.objects.get(codename="add_page").name == "Can add page"


def test_every_model_of_ours_is_named_in_spanish():
    """The group editor, the reports and Django's admin name models by their verbose names: one
    Django makes up from the class name ("translation item") stays English."""
    ours = [
        model
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(settings.BASE_DIR)
        and ".venv" not in Path(config.path).parts
        for model in config.get_models()
    ]
    assert len(ours) > 30
    with translation.override("es"):
        english = [
            model._meta.label
            for model in ours
            if str(model._meta.verbose_name) == model._meta.verbose_name_raw
        ]
    assert english == []


# The workflow and its task, named per language.


def moderation_workflow():
    return Workflow.objects.get(name="Moderators approval")


@pytest.mark.parametrize(
    ("language", "name"), [("es", "Aprobación de los moderadores"), ("en", "Moderators approval")]
)
def test_the_moderation_workflow_and_its_task_are_named_in_the_active_language(language, name):
    with translation.override(language):
        workflow = moderation_workflow()
        assert workflow.name == name
        assert str(workflow) == name
        assert [task.specific.name for task in workflow.tasks] == [name]


def test_saving_the_workflow_with_its_spanish_name_keeps_the_english_msgid():
    with translation.override("es"):
        workflow = moderation_workflow()
        workflow.name = "Aprobación de los moderadores"
        workflow.save()
        task = GroupApprovalTask.objects.get()
        task.save()
    assert Workflow.objects.filter(name="Moderators approval").exists()
    assert Task.objects.filter(name="Moderators approval").exists()


def test_a_name_staff_typed_is_shown_as_typed():
    with translation.override("en"):
        workflow = Workflow.objects.create(name="Revisión jurídica")
        assert Workflow.objects.get(pk=workflow.pk).name == "Revisión jurídica"


@pytest.mark.parametrize(
    ("language", "subject"),
    [
        (
            "es",
            "«Perú» (página de Estado miembro) se ha enviado para su aprobación en la etapa de "
            "moderación «Aprobación de los moderadores»",
        ),
        (
            "en",
            'The member state page "Perú" has been submitted for approval in moderation stage '
            '"Moderators approval"',
        ),
    ],
)
def test_the_moderation_email_subject_names_the_task_in_the_recipients_language(language, subject):
    # Wagtail renders each notification inside override(recipient's language).
    with translation.override(language):
        model_name = {"es": "página de Estado miembro", "en": "member state page"}[language]
        rendered = render_to_string(
            "wagtailadmin/notifications/task_state_submitted_subject.txt",
            {
                "task": GroupApprovalTask.objects.get(),
                "object": "Perú",
                "model_name": model_name,
            },
        )
    assert " ".join(rendered.split()) == subject


# The Translations area: where each string is used.


@pytest.mark.parametrize(
    ("path", "context"),
    [
        ("templates/base.html", PUBLIC),
        ("members/templates/members/member_state_page.html", PUBLIC),
        ("core/templatetags/navigation_tags.py", PUBLIC),
        ("core/templates/wagtailadmin/pages/edit.html", ADMIN),
        ("core/templates/core/admin/panel.html", ADMIN),
        ("members/models.py", ADMIN),
        ("core/wagtail_hooks.py", ADMIN),
        ("core/admin/document_forms.py", ADMIN),
        ("interface_strings/templates/interface_strings/index.html", ADMIN),
        ("interface_strings/wagtail_strings.pot", WAGTAIL),
        ("core/templates/core/emails/welcome.html", EMAIL),
        ("core/templates/wagtailadmin/notifications/x_subject.txt", EMAIL),
    ],
)
def test_a_strings_file_decides_where_it_is_used(path, context):
    assert usage_context(path) == context


def test_catalog_entries_know_their_files_and_contexts():
    entries = catalog_entries()
    assert entries[entry_key("Search all pages…")].contexts == [WAGTAIL]
    assert entries[entry_key("Search all pages…")].files == (
        "interface_strings/wagtail_strings.pot",
    )
    assert PUBLIC in entries[entry_key("Skip to main content")].contexts


def listed_msgids(response):
    return [
        text(row.select_one("td a")) for row in parse(response).select("table.listing tbody tr")
    ]


def test_editor_filters_strings_by_where_they_are_used(translator_client):
    response = translator_client.get(
        "/admin/translations/", {"used": "wagtail", "q": "search all pages"}
    )
    assert listed_msgids(response) == ["Search all pages…"]
    response = translator_client.get("/admin/translations/", {"used": "wagtail", "q": "skip to"})
    assert listed_msgids(response) == []


def test_editor_shows_where_a_string_is_used(translator_client):
    response = translator_client.get("/admin/translations/", {"q": "search all pages"})
    row = parse(response).select_one("table.listing tbody tr")
    assert "administración (Wagtail)" in text(row)
    assert "interface_strings/wagtail_strings.pot" in text(row)


def test_editor_finds_strings_by_the_file_that_uses_them(translator_client):
    response = translator_client.get("/admin/translations/", {"q": "templates/base.html"})
    in_that_file = [
        entry.msgid
        for entry in catalog_entries().values()
        if any("templates/base.html" in path for path in entry.files)
    ]
    assert "Skip to main content" in in_that_file
    assert sorted(listed_msgids(response)) == sorted(in_that_file, key=str.casefold)


@pytest.fixture
def incomplete_catalogs(tmp_path, settings):
    copy = tmp_path / "locale"
    shutil.copytree(settings.LOCALE_PATHS[0], copy)
    spanish = polib.pofile(str(po_path("es", copy)))
    spanish.find("Skip to main content").msgstr = ""
    spanish.find("Main menu").flags.append("fuzzy")
    spanish.save()
    settings.LOCALE_PATHS = [copy]
    return copy


def test_untranslated_in_spanish_lists_empty_and_fuzzy_spanish(
    translator_client, incomplete_catalogs
):
    response = translator_client.get("/admin/translations/", {"untranslated": "es", "q": "main"})
    assert listed_msgids(response) == ["Main menu", "Skip to main content"]


def test_untranslated_in_english_ignores_what_spanish_lacks(translator_client, incomplete_catalogs):
    response = translator_client.get("/admin/translations/", {"untranslated": "en", "q": "main"})
    assert listed_msgids(response) == []


def test_an_edit_fills_an_untranslated_string(translator_client, incomplete_catalogs):
    InterfaceTranslation.objects.create(
        language="es", msgid="Skip to main content", msgstr="Ir al contenido"
    )
    response = translator_client.get("/admin/translations/", {"untranslated": "es", "q": "main"})
    assert listed_msgids(response) == ["Main menu"]


def test_a_refused_edit_counts_as_untranslated_in_its_language_only(translator_client):
    InterfaceTranslation.objects.create(
        language="en", msgid="Main menu", msgstr='Main <script>alert("x")</script>menu'
    )
    in_english = translator_client.get("/admin/translations/", {"untranslated": "en", "q": "main"})
    in_spanish = translator_client.get("/admin/translations/", {"untranslated": "es", "q": "main"})
    assert listed_msgids(in_english) == ["Main menu"]
    assert listed_msgids(in_spanish) == []
