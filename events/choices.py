"""What kind of meeting, in what format, in what state: read by the pages and their calendar file."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    PLENARY = "plenary", _("Plenary meeting")
    TECHNICAL = "technical", _("Technical meeting")
    WORKSHOP = "workshop", _("Workshop")
    THEMATIC = "thematic", _("Thematic meeting")
    OTHER = "other", _("Other meeting")


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")
