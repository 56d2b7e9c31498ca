from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GettingHelpConfig(AppConfig):
    name = "getting_help"
    verbose_name = _("Help for refugees and migrants")
