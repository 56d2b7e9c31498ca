"""The fixed lists a help entry is described with: what a person needs help with, and the
languages an organization serves in. Their keys appear in the help page's query string
(`?need=education`), the same in every language, so a shared link works in both."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Need(models.TextChoices):
    DOCUMENTS = "documents", _("Documents and regularisation")
    ASYLUM = "asylum", _("Asylum")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health")
    WORK = "work", _("Work")
    SHELTER = "shelter", _("Shelter")
    VIOLENCE = "violence", _("Protection from violence")
    CHILDREN = "children", _("Children")
    FAMILY = "family", _("Family reunification")


class ServedLanguage(models.TextChoices):
    SPANISH = "es", _("Spanish")
    PORTUGUESE = "pt", _("Portuguese")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    HAITIAN_CREOLE = "ht", _("Haitian Creole")
    WAYUU = "guc", _("Wayuunaiki")
    WARAO = "wba", _("Warao")
