"""Saving a translator's edits: validated, recorded in the history, published to every server."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .catalogs import placeholders
from .models import InterfaceTranslation, InterfaceTranslationChange
from .runtime import publish_version


def validate_placeholders(entry, text):
    """A translation must keep the source's placeholders exactly, or the page would crash."""
    if not text:
        return
    expected, found = placeholders(entry.msgid), placeholders(text)
    if expected != found:
        raise ValidationError(
            _(
                "Keep the placeholders of the source text exactly as they are: expected "
                "%(expected)s, found %(found)s."
            )
            % {
                "expected": ", ".join(expected) or _("none"),
                "found": ", ".join(found) or _("none"),
            }
        )


def effective_translations(entry):
    """language -> the translation visitors see now: the edit if there is one, else the catalog."""
    values = dict(entry.translations)
    for edit in InterfaceTranslation.objects.filter(msgid=entry.msgid, msgctxt=entry.msgctxt):
        values[edit.language] = edit.msgstr
    return values


@transaction.atomic
def save_translations(entry, values, user):
    """Store the languages whose text changed; returns the languages changed."""
    current = effective_translations(entry)
    changed = []
    for language, text in values.items():
        # An empty field means "as in the catalog": a blank string must never reach a page.
        text = text.strip() or entry.translations.get(language, "")
        if text == current.get(language, ""):
            continue
        if text == entry.translations.get(language, ""):
            # Back to what the catalog says: the edit is no longer needed.
            InterfaceTranslation.objects.filter(
                language=language, msgid=entry.msgid, msgctxt=entry.msgctxt
            ).delete()
        else:
            InterfaceTranslation.objects.update_or_create(
                language=language,
                msgid=entry.msgid,
                msgctxt=entry.msgctxt,
                defaults={"msgstr": text, "updated_by": user},
            )
        InterfaceTranslationChange.objects.create(
            language=language,
            msgid=entry.msgid,
            msgctxt=entry.msgctxt,
            old_msgstr=current.get(language, ""),
            new_msgstr=text,
            changed_by=user,
        )
        changed.append(language)
    if changed:
        transaction.on_commit(publish_version)
    return changed
