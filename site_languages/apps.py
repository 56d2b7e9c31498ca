from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteLanguagesConfig(AppConfig):
    """Settings → Site languages: launching and withdrawing a language, with its impact."""

    name = "site_languages"
    verbose_name = _("Site languages")
