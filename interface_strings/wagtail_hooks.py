from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import urls
from .views import PERMISSION


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path("translations/", include(urls, namespace="interface_translations")),
        # The pages' translation status moved to the translation queue (translation_queue app).
        path(
            "reports/translation-status/",
            RedirectView.as_view(pattern_name="translation_queue:overview", query_string=True),
        ),
    ]


class TranslationsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_admin_menu_item")
def register_translations_menu_item():
    # Named as the page it opens (tests/test_admin.py: a link and its page agree).
    return TranslationsMenuItem(
        _("Interface translations"),
        reverse("interface_translations:index"),
        icon_name="globe",
        order=850,
    )
