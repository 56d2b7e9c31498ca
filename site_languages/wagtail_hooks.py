from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from core.i18n.launch import PERMISSION

from . import views


class SiteLanguagesMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_admin_urls")
def register_site_languages_urls():
    return [
        path("site-languages/", views.site_languages, name="site_languages"),
        path(
            "site-languages/<str:code>/launch/",
            views.confirm,
            {"action": views.LAUNCH},
            name="site_language_launch",
        ),
        path(
            "site-languages/<str:code>/withdraw/",
            views.confirm,
            {"action": views.WITHDRAW},
            name="site_language_withdraw",
        ),
    ]


@hooks.register("register_settings_menu_item")
def register_site_languages_menu_item():
    return SiteLanguagesMenuItem(
        views.MENU_LABEL, reverse("site_languages"), icon_name="globe", order=900
    )
