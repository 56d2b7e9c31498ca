from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuitoPortalConfig(AppConfig):
    name = "quito_portal"
    verbose_name = _("Quito Process portal")

    def ready(self):
        from .models import HomePage
        from .routing import route_by_url_path

        # wagtail-modeltranslation replaces every page type's `route` when it starts (it is
        # earlier in INSTALLED_APPS); the site root's routing is ours from here on.
        HomePage.route = route_by_url_path

        from . import signals

        signals.connect()
