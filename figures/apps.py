from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiguresConfig(AppConfig):
    name = "figures"
    verbose_name = _("Figures")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from core.caching.page_cache import purge

        from .models import RegionalFigure, StateFigure

        # Publishing a page purges already; a record saved outside the admin (a script, an
        # import) changes the pages, downloads and API answers that show it too.
        for model in (StateFigure, RegionalFigure):
            post_save.connect(purge, sender=model, dispatch_uid=f"page_cache_{model.__name__}")
            post_delete.connect(
                purge, sender=model, dispatch_uid=f"page_cache_{model.__name__}_deleted"
            )
