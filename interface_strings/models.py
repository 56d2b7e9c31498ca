"""Translators' edits of interface strings, kept in the database on top of the compiled catalogs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .catalogs import entry_key
from .safety import translation_problems


class InterfaceTranslation(models.Model):
    """The current edited translation of one source string in one language."""

    language = models.CharField(_("language"), max_length=10)
    msgctxt = models.CharField(_("context"), max_length=255, blank=True, default="")
    msgid = models.TextField(_("source text"))
    msgstr = models.TextField(_("translation"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("interface translation")
        constraints = [
            models.UniqueConstraint(
                fields=["language", "msgctxt", "msgid"], name="unique_interface_translation"
            )
        ]

    def __str__(self):
        return f"[{self.language}] {self.msgid[:60]}"

    @property
    def key(self):
        return entry_key(self.msgid, self.msgctxt)

    @property
    def problems(self):
        """What keeps this edit from being shown (interface_strings/safety.py); empty when safe.
        An edit stored before the rule existed, or written around the editor, is never applied."""
        return translation_problems(self.msgid, self.msgstr)


class InterfaceTranslationChange(models.Model):
    """Who changed which string, when, from what to what. Never edited, never deleted."""

    language = models.CharField(_("language"), max_length=10)
    msgctxt = models.CharField(_("context"), max_length=255, blank=True, default="")
    msgid = models.TextField(_("source text"))
    old_msgstr = models.TextField(_("previous translation"), blank=True)
    new_msgstr = models.TextField(_("new translation"), blank=True)
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("interface translation change")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"[{self.language}] {self.msgid[:60]} ({self.changed_at:%Y-%m-%d %H:%M})"
