from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LanguageLaunch(models.Model):
    """Whether visitors see a language of settings.LANGUAGES (see core/i18n/launch.py). A language
    with no row is in preparation: editable, previewable, counted in the translation queue."""

    code = models.CharField(_("language"), max_length=10, unique=True)
    launched = models.BooleanField(_("visible to visitors"), default=False)
    changed_at = models.DateTimeField(_("changed at"), null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("site language")
        verbose_name_plural = _("site languages")
        permissions = [("launch_language", _("Can launch or withdraw a site language"))]

    def __str__(self):
        return f"{self.code}: {'launched' if self.launched else 'in preparation'}"
