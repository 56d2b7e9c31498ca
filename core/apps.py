from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Quito Process portal")

    def ready(self):
        # Imported here, not at the top: they import models, which Django loads after this file.
        from core.admin import notifications
        from core.caching import process_memo
        from core.pages import purges
        from core.serving import redirects, site_address

        purges.connect()
        redirects.connect()
        notifications.connect()
        checks.register(site_address.check_default_site_address, checks.Tags.database)
        process_memo.remember_site_root_paths()
