from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenDataConfig(AppConfig):
    name = "open_data"
    verbose_name = _("Open data")

    def ready(self):
        from core.serving.sitemaps import list_in_sitemaps

        from .resources import data_last_modified
        from .spreadsheets import protect_wagtail_csv_exports

        protect_wagtail_csv_exports()
        # The data page is a page to visitors: in every language's sitemap, dated by its data.
        list_in_sitemaps("open_data:index", data_last_modified)
