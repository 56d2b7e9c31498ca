"""Saving a translator's edits: validated, recorded in the history, published to every server."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import InterfaceTranslation, InterfaceTranslationChange
from .runtime import publish_version
from .safety import BRACES, MARKUP, PERCENT, PLACEHOLDERS, translation_problems


def _listed(values):
    return ", ".join(values) or _("none")


def problem_message(problem):
    """What a translator reads about one problem, in the language of their admin."""
    if problem.kind == PLACEHOLDERS:
        message = _(
            "Keep the placeholders of the source text exactly as they are: expected "
            "%(expected)s, found %(found)s."
        )
    elif problem.kind == MARKUP:
        message = _(
            "Keep the HTML tags of the source text exactly as they are, with the same "
            "attributes: expected %(expected)s, found %(found)s."
        )
    elif problem.kind == PERCENT:
        return _(
            "Write a percent sign as %%%%: in this text, %(found)s would be read as a "
            "placeholder, which the source text does not have."
        ) % {"found": ", ".join(f"“{found}”" for found in problem.found)}
    elif problem.kind == BRACES:
        return _(
            "Braces mark placeholders in this text, and yours do not pair up: keep the source "
            "text's placeholders (%(expected)s) exactly as they are, and write a brace that is "
            "text as {{ or }}."
        ) % {"expected": _listed(problem.expected)}
    else:  # CHARACTERS
        return _(
            "Remove %(characters)s: the source text does not have them, and on a web page they "
            "could be read as code. For quotation marks, use “ ” or « »."
        ) % {"characters": " ".join(problem.found)}
    return message % {"expected": _listed(problem.expected), "found": _listed(problem.found)}


def validate_translation(entry, text):
    """The one check for a translation: the source's placeholders (or the page would crash) and
    no markup the source lacks (or a translator could inject code into every page)."""
    errors = [problem_message(problem) for problem in translation_problems(entry.msgid, text)]
    if errors:
        raise ValidationError(errors)


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
        # The form has checked it already; whoever else calls this must not store unsafe text.
        validate_translation(entry, text)
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
