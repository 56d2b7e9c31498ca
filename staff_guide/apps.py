from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffGuideConfig(AppConfig):
    """The portal's guide for staff and translators, in the admin's Help menu."""

    name = "staff_guide"
    verbose_name = _("Staff guide")
