from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Quito Process portal")

    def ready(self):
        from . import fragments, redirects, signals

        signals.connect()
        redirects.connect()
        fragments.remember_site_root_paths()
