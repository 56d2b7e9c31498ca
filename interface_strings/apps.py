from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterfaceStringsConfig(AppConfig):
    name = "interface_strings"
    verbose_name = _("Interface translations")

    def ready(self):
        from . import permission_names, workflow_names

        workflow_names.install()
        permission_names.install()
