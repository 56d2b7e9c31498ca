from django.contrib.auth.models import Permission
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.log_actions import LogFormatter
from wagtail.models import Site

from core.admin.document_forms import REPLACE_FILE_ACTION
from core.admin.roles import REPLACE_DOCUMENT_FILE
from core.admin.workflow_feedback import changes_requested_of
from core.i18n.languages import admin_titles
from core.i18n.launch import LAUNCH_ACTION, WITHDRAW_ACTION
from core.pages.navigation import home_page
from core.private_apis import sites_listing_columns
from core.serving.uploads import max_file_bytes, too_large_message


class SectionsPanel(Component):
    """Quick links to each section of the site, on the admin dashboard."""

    name = "site_sections"
    order = 50
    template_name = "core/admin/sections_panel.html"

    def get_context_data(self, parent_context):
        home = home_page()
        return {"sections": admin_titles(list(home.get_children())) if home else []}


class ChangesRequestedPanel(Component):
    """The user's pages that a moderator sent back, with the moderator's name and comment: first
    on the dashboard, since they wait on the user."""

    name = "changes_requested"
    order = 10
    template_name = "core/admin/changes_requested_panel.html"

    def __init__(self, requests):
        self.requests = requests

    def get_context_data(self, parent_context):
        admin_titles([feedback.page for feedback in self.requests])
        return {"requests": self.requests}


@hooks.register("construct_homepage_panels")
def add_sections_panel(request, panels):
    panels.append(SectionsPanel())


@hooks.register("construct_homepage_panels")
def add_changes_requested_panel(request, panels):
    requests = changes_requested_of(request.user)
    if requests:
        panels.append(ChangesRequestedPanel(requests))


@hooks.register("insert_editor_js")
def editor_language_helpers():
    """Errors in a hidden language and translation links (static/js/admin-editor.js); after
    wagtail-modeltranslation's locale picker, whose hook registers first (its app comes first
    in INSTALLED_APPS)."""
    return format_html('<script src="{}"></script>', static("js/admin-editor.js"))


@hooks.register("insert_global_admin_js")
def keep_every_edit_after_a_failed_submit():
    """Every change after a failed submit is autosaved or warned about, in every admin form
    (static/js/admin-unsaved.js)."""
    return format_html('<script src="{}" defer></script>', static("js/admin-unsaved.js"))


@hooks.register("insert_global_admin_js")
def refuse_too_large_files_before_sending():
    """Every file input refuses a file above the site's limit, with the site's message in the
    editor's language (static/js/admin-upload-limit.js, core/serving/uploads.py)."""
    return format_html(
        '<script src="{}" data-max-bytes="{}" data-message="{}" defer></script>',
        static("js/admin-upload-limit.js"),
        max_file_bytes(),
        too_large_message(),
    )


@hooks.register("insert_global_admin_css")
def editor_styles():
    """Every admin page, not only the editor's: forms, headings and tables on a phone
    (static/css/admin-editor.css); its address carries the file's hash in production."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin-editor.css"))


@hooks.register("register_permissions")
def register_replace_document_file_permission():
    """Shown with the other object permissions in the admin's group editor."""
    app_label, _model, codename = REPLACE_DOCUMENT_FILE
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)


@hooks.register("register_log_actions")
def register_document_log_actions(actions):
    @actions.register_action(REPLACE_FILE_ACTION)
    class ReplaceDocumentFile(LogFormatter):
        label = _("Replace document file")

        def format_message(self, log_entry):
            return _("Replaced the file; the previous one is kept as “%(previous_file)s”") % {
                "previous_file": log_entry.data.get("previous_file", "")
            }


@hooks.register("register_log_actions")
def register_language_log_actions(actions):
    """Launches and withdrawals of a site language (core/i18n/launch.py), in the site history."""
    actions.register_action(
        LAUNCH_ACTION,
        _("Launch a site language"),
        _("Launched the language: visitors see it"),
    )
    actions.register_action(
        WITHDRAW_ACTION,
        _("Withdraw a site language"),
        _("Withdrew the language: back to preparation, its addresses answer “not found”"),
    )


def label_site_columns_by_their_fields():
    """Wagtail's sites listing labels three columns from their field names ("Port", "Site name",
    "Root page"), never translated: label them with the fields' verbose names, which its
    catalogs translate."""
    for column in sites_listing_columns():
        if column.name in {"port", "site_name", "root_page"}:
            column.label = capfirst(Site._meta.get_field(column.name).verbose_name)


label_site_columns_by_their_fields()
