"""What the translation queue remembers: the source text each translation was made from, and the
state of every translated text of every page in every target language (see states.py)."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from .markup import canonical


def fingerprint(text):
    """A short, stable digest of a source text: the same text always gives the same value, and
    so does the same text as the editor rewrites it on its first save (markup.canonical)."""
    return hashlib.sha256(canonical(text or "").encode()).hexdigest()[:32]


class SourceFingerprint(models.Model):
    """The Spanish text a translation was last saved (or reviewed) against.

    When the Spanish text changes and the translation does not, the fingerprints no longer match:
    the translation is out of date. The text itself is kept so the queue can show what changed."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=10)
    key = models.CharField(max_length=400)
    source_text = models.TextField()
    source_hash = models.CharField(max_length=32)
    updated_at = models.DateTimeField(auto_now=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("source fingerprint")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "language", "key"], name="one_fingerprint_per_translated_text"
            )
        ]

    def __str__(self):
        return f"{self.page_id} {self.language} {self.key}"


class TranslationState(models.TextChoices):
    MISSING = "missing", _("Missing")
    OUT_OF_DATE = "out_of_date", _("Out of date")
    WAITING = "waiting", _("Waiting for approval")
    DONE = "done", _("Done")


class TranslationItem(models.Model):
    """One translated text of a page (a field, a text inside a body block, an inline item's field)
    in one target language, and its state. Rebuilt for a page whenever it is saved or published."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="translation_items")
    section = models.ForeignKey(
        Page, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(max_length=10)
    key = models.CharField(max_length=400)
    # The field (or inline relation) name and the block types down to the text: the label is
    # made from them when shown, in the reader's language.
    field_name = models.CharField(max_length=100)
    type_path = models.CharField(max_length=400, blank=True)
    position = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=20, choices=TranslationState.choices)
    source_text = models.TextField(blank=True)
    target_text = models.TextField(blank=True)
    # Where the editor should scroll to (see static/js/admin-editor.js).
    focus = models.CharField(max_length=500, blank=True)

    class Meta:
        # Named in the admin's group editor (its permission to import translated files).
        verbose_name = _("translation item")
        ordering = ["page__path", "language", "position"]
        indexes = [models.Index(fields=["language", "state"])]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "language", "key"], name="one_item_per_translated_text"
            )
        ]

    def __str__(self):
        return f"{self.page_id} {self.language} {self.key}: {self.state}"


class PageTranslationRefresh(models.Model):
    """Which revisions a page's items were computed from: a page whose latest or live revision
    has moved on since is refreshed before the queue is shown."""

    page = models.OneToOneField(Page, on_delete=models.CASCADE, related_name="+")
    latest_revision_id = models.BigIntegerField(null=True)
    live_revision_id = models.BigIntegerField(null=True)
    refreshed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("page translation refresh")

    def __str__(self):
        return f"{self.page_id}: {self.latest_revision_id}/{self.live_revision_id}"
