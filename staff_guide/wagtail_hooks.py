from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views

# Wagtail's own help items link to its English guide at guide.wagtail.org.
WAGTAIL_GUIDE_ITEMS = ("editor-guide", "whats-new-in-wagtail-")


@hooks.register("register_admin_urls")
def register_guide_urls():
    return [
        path("guide/", views.index, name="staff_guide"),
        path("guide/<slug:slug>/", views.topic, name="staff_guide_topic"),
    ]


@hooks.register("register_help_menu_item")
def register_guide_menu_item():
    return MenuItem(
        views.MENU_LABEL, reverse("staff_guide"), name="portal-guide", icon_name="help", order=100
    )


@hooks.register("construct_help_menu")
def leave_out_wagtails_english_guide(request, menu_items):
    menu_items[:] = [item for item in menu_items if not item.name.startswith(WAGTAIL_GUIDE_ITEMS)]
