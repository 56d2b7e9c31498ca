from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuitoPortalConfig(AppConfig):
    name = "quito_portal"
    verbose_name = _("Quito Process portal")
