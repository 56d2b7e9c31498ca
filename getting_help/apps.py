from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GettingHelpConfig(AppConfig):
    name = "getting_help"
    verbose_name = _("Help for refugees and migrants")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from core.caching.page_cache import purge

        from .models import HelpEntry

        # An entry is on the help page, its plain-text address and its state's page, all cached:
        # saving or deleting one (in the admin, a script, an import) empties the page cache.
        post_save.connect(purge, sender=HelpEntry, dispatch_uid="page_cache_help_entry")
        post_delete.connect(purge, sender=HelpEntry, dispatch_uid="page_cache_help_entry_deleted")
