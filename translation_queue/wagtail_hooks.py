from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.models import Page, TaskState

from core.admin.roles import IMPORT_TRANSLATION_FILES
from core.i18n.languages import admin_titles, language_codes, language_name

from . import urls
from .forms import language_choices
from .layout import copy_layout, copyable_fields
from .models import TranslationItem, TranslationState
from .states import refresh_page, target_languages
from .units import SEPARATOR, page_units
from .views import section_summary

COPY_LAYOUT_ACTION = "action-copy-layout-"


@hooks.register("register_admin_urls")
def register_urls():
    return [path("translation-queue/", include(urls, namespace="translation_queue"))]


@hooks.register("register_permissions")
def import_permission():
    # Shown in the admin's group editor, so that other groups can be given it deliberately.
    app_label, _model, codename = IMPORT_TRANSLATION_FILES
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)


@hooks.register("register_admin_menu_item")
def register_queue_menu_item():
    return MenuItem(
        gettext_lazy("Translation queue"),
        reverse("translation_queue:queue"),
        icon_name="tasks",
        order=840,
    )


@hooks.register("register_reports_menu_item")
def register_overview_report():
    return MenuItem(
        gettext_lazy("Translation status"),
        reverse("translation_queue:overview"),
        icon_name="globe",
        order=700,
    )


@hooks.register("insert_global_admin_css")
def queue_css():
    return format_html('<link rel="stylesheet" href="{}">', static("translation_queue/queue.css"))


@hooks.register("insert_editor_js")
def editor_js():
    return format_html(
        '<script src="{}" defer></script>', static("translation_queue/editor-status.js")
    )


class TranslationQueuePanel(Component):
    """Dashboard: per section and language, how many texts are missing, out of date or waiting."""

    name = "translation_queue"
    order = 150
    template_name = "translation_queue/dashboard_panel.html"

    def get_context_data(self, parent_context):
        return {"sections": section_summary(), "languages": language_choices()}


class ModerationTranslationsPanel(Component):
    """Dashboard, for reviewers: the pages awaiting their review, a preview in each language, and
    which translations are missing or out of date, so nothing is approved half-translated unknowingly."""

    name = "translations_awaiting_review"
    order = 110
    template_name = "translation_queue/moderation_panel.html"

    def __init__(self, rows):
        self.rows = rows

    def get_context_data(self, parent_context):
        return {"rows": self.rows}


def incomplete_translations(page_ids):
    """{page id: [(language name, missing, out of date)]} for the pages with any."""
    names = dict(language_choices())
    rows = (
        TranslationItem.objects.filter(
            page_id__in=page_ids,
            state__in=[TranslationState.MISSING, TranslationState.OUT_OF_DATE],
        )
        .values_list("page_id", "language", "state")
        .annotate(count=Count("pk"))
    )
    result = {}
    for page_id, language, state, count in rows:
        per_language = result.setdefault(page_id, {}).setdefault(
            language, [names.get(language, language), 0, 0]
        )
        per_language[1 if state == TranslationState.MISSING else 2] += count
    return {page_id: list(languages.values()) for page_id, languages in result.items()}


@hooks.register("construct_homepage_panels")
def add_panels(request, panels):
    panels.append(TranslationQueuePanel())
    page_type = ContentType.objects.get_for_model(Page).pk
    task_states = [
        state
        for state in TaskState.objects.reviewable_by(request.user).select_related("workflow_state")
        if state.workflow_state.base_content_type_id == page_type
    ]
    if not task_states:
        return
    page_ids = [int(state.workflow_state.object_id) for state in task_states]
    incomplete = incomplete_translations(page_ids)
    pages = Page.objects.in_bulk(page_ids)
    admin_titles(list(pages.values()))
    rows = []
    for state in task_states:
        page = pages.get(int(state.workflow_state.object_id))
        if page is None:
            continue
        preview = reverse("wagtailadmin_pages:workflow_preview", args=[page.pk, state.task_id])
        rows.append(
            {
                "page": page,
                "translations": incomplete.get(page.pk, []),
                # The moderator reads each language before approving (core/admin/views.py
                # makes this preview honour ?mode=).
                "previews": [
                    (name, f"{preview}?mode={code}") for code, name in preview_languages()
                ],
            }
        )
    rows.sort(key=lambda row: row["page"].path)
    panels.append(ModerationTranslationsPanel(rows))


def preview_languages():
    return [(code, language_name(code)) for code in language_codes()]


def copy_label(language):
    return _("Copy the Spanish layout into %(language)s") % {
        "language": language_name(language, in_running_text=True)
    }


class CopyLayoutMenuItem(ActionMenuItem):
    """Saves the draft, then fills the empty body in `language` with the Spanish layout."""

    icon_name = "copy"
    order = 60

    def __init__(self, language):
        super().__init__()
        self.language = language
        self.name = COPY_LAYOUT_ACTION + language
        self.label = copy_label(language)

    def is_shown(self, context):
        if context.get("view") != "edit" or context.get("locked_for_user"):
            return False
        return bool(copyable_fields(context["page"], self.language))

    def get_context_data(self, parent_context):
        # The label is made in the editor's language when the menu is drawn.
        self.label = copy_label(self.language)
        return super().get_context_data(parent_context)


@hooks.register("construct_page_action_menu")
def add_copy_layout_items(menu_items, request, context):
    for language in target_languages():
        menu_items.append(CopyLayoutMenuItem(language))


@hooks.register("after_edit_page")
def after_edit(request, page):
    copy_to = [code for code in target_languages() if request.POST.get(COPY_LAYOUT_ACTION + code)]
    if copy_to:
        latest = page.get_latest_revision_as_object()
        filled = {code: copy_layout(latest, code) for code in copy_to}
        if any(filled.values()):
            latest.save_revision(user=request.user, log_action=True)
            response = _edit_with_translation_open(page, latest, copy_to[0])
            messages.success(
                request,
                _(
                    "The Spanish layout is copied: images, documents and links are in place and "
                    "each text is ready to translate. The translation queue lists them."
                ),
            )
        else:
            messages.warning(request, _("Nothing was copied: that body is not empty."))
    if request.POST.get("action-submit") or copy_to:
        warn_incomplete(request, page)
    if copy_to and any(filled.values()):
        return response


def _edit_with_translation_open(page, latest, language):
    """The editor with `language` shown beside Spanish at its first text to translate, so the
    translator who copied the layout finds it there (static/js/admin-editor.js reads both)."""
    query = {"translate": language}
    first = next((unit for unit in page_units(latest, language) if SEPARATOR in unit.key), None)
    if first is not None:
        query["focus"] = first.focus
    return redirect(f"{reverse('wagtailadmin_pages:edit', args=[page.pk])}?{urlencode(query)}")


def warn_incomplete(request, page):
    refresh_page(page)
    for name, missing, out_of_date in incomplete_translations([page.pk]).get(page.pk, []):
        messages.warning(
            request,
            _("%(language)s: %(missing)s texts missing, %(out_of_date)s out of date.")
            % {"language": name, "missing": missing, "out_of_date": out_of_date},
        )
