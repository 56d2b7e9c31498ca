from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from . import reports, urls
from .status import untranslated_pages
from .views import PERMISSION


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path("translations/", include(urls, namespace="interface_translations")),
        path(
            "reports/translation-status/",
            reports.translation_status,
            name="translation_status_report",
        ),
    ]


class TranslationsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_admin_menu_item")
def register_translations_menu_item():
    return TranslationsMenuItem(
        _("Translations"), reverse("interface_translations:index"), icon_name="globe", order=850
    )


@hooks.register("register_reports_menu_item")
def register_translation_status_report():
    return MenuItem(
        _("Translation status"), reverse("translation_status_report"), icon_name="globe", order=700
    )


class TranslationStatusPanel(Component):
    name = "translation_status"
    order = 150
    template_name = "interface_strings/dashboard_panel.html"

    def get_context_data(self, parent_context):
        return {"count": len(untranslated_pages())}


@hooks.register("construct_homepage_panels")
def add_translation_status_panel(request, panels):
    panels.append(TranslationStatusPanel())
