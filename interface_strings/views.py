"""The "Translations" area of the admin: every interface string, searchable, editable."""

from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from core.i18n.languages import language_codes
from core.pages.listing import admin_page

from .catalogs import CONTEXTS, catalog_entries
from .editing import effective_translations, problem_message, save_translations
from .forms import InterfaceStringForm
from .models import InterfaceTranslation, InterfaceTranslationChange

PERMISSION = "interface_strings.change_interfacetranslation"


def translators_only(view):
    """A plain 403 (not Wagtail's redirect) for anyone outside the Translators group."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            return TemplateResponse(request, "interface_strings/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapped


def _rows(entries, edits, refused):
    for entry in entries:
        values = []
        untranslated = set()
        for code in language_codes():
            edit = edits.get((code, entry.key))
            value = edit.msgstr if edit else entry.translations.get(code, "")
            # "edited", "refused" (stored but not applied: see refused_edits) or "" (catalog).
            status = ("refused" if edit.pk in refused else "edited") if edit else ""
            values.append((code, value, status))
            # What visitors get in this language is not a translation: the catalog's is empty or
            # fuzzy (compiled catalogs leave fuzzy ones out) and no applied edit replaces it, or
            # the edit is refused (the runtime skips it: fixing it is the translator's job).
            if status == "refused" or (not entry.translations.get(code) and not edit):
                untranslated.add(code)
        yield {
            "entry": entry,
            "values": values,
            "untranslated": untranslated,
            "contexts": [(context, CONTEXTS[context]) for context in entry.contexts],
        }


def untranslated_count(language):
    """(untranslated, total): how many interface strings visitors get in the default language
    instead of `language`, by the same rule as the editor's "Untranslated in" filter."""
    entries = catalog_entries()
    edits = {(e.language, e.key): e for e in InterfaceTranslation.objects.filter(language=language)}
    refused = refused_edits(edits.values(), entries)
    rows = _rows(entries.values(), edits, refused)
    return sum(language in row["untranslated"] for row in rows), len(entries)


def _choice(request, name, choices):
    """A query parameter's value when it is one of `choices`, else "" (no filter)."""
    value = request.GET.get(name, "")
    return value if value in choices else ""


def refused_edits(edits, entries):
    """Edit id -> why it is not applied: it breaks the rule for translations (interface_strings/safety.py).
    Such an edit was stored before the rule existed or around the editor; the runtime skips it."""
    return {
        edit.pk: [problem_message(problem) for problem in problems]
        for edit in edits
        if edit.key in entries and (problems := edit.problems)
    }


@translators_only
def index(request):
    entries = catalog_entries()
    edits = {(e.language, e.key): e for e in InterfaceTranslation.objects.all()}
    query = request.GET.get("q", "").strip()
    # "Untranslated in": one language (the default language when the box was ticked before
    # there was a choice: ?untranslated=1).
    untranslated = request.GET.get("untranslated", "")
    if untranslated == "1":
        untranslated = language_codes()[0]
    untranslated = untranslated if untranslated in language_codes() else ""
    used_in = _choice(request, "used", CONTEXTS)

    refused = refused_edits(edits.values(), entries)
    rows = list(_rows(sorted(entries.values(), key=lambda e: e.msgid.casefold()), edits, refused))
    if query:
        needle = query.casefold()
        rows = [
            row
            for row in rows
            if needle in row["entry"].msgid.casefold()
            or any(needle in value.casefold() for _code, value, _status in row["values"])
            or any(needle in path.casefold() for path in row["entry"].files)
        ]
    if used_in:
        rows = [row for row in rows if used_in in row["entry"].contexts]
    if untranslated:
        rows = [row for row in rows if untranslated in row["untranslated"]]
    obsolete = [edit for edit in edits.values() if edit.key not in entries]
    refused_list = sorted(
        ((edit, refused[edit.pk]) for edit in edits.values() if edit.pk in refused),
        key=lambda item: (item[0].msgid.casefold(), item[0].language),
    )
    page = admin_page(request.GET, rows, 50)
    return TemplateResponse(
        request,
        "interface_strings/index.html",
        {
            "rows": page,
            "page_obj": page,
            "total": len(rows),
            "query": query,
            "untranslated": untranslated,
            "used_in": used_in,
            "contexts": list(CONTEXTS.items()),
            "language_choices": [
                (code, get_language_info(code)["name_translated"]) for code in language_codes()
            ],
            "languages": language_codes(),
            "obsolete": obsolete,
            "refused": refused_list,
        },
    )


@translators_only
def edit(request, key):
    entry = catalog_entries().get(key)
    if entry is None:
        raise Http404(_("This interface string is no longer in the catalogs."))
    if entry.is_plural:
        messages.error(request, _("Plural strings are edited in the catalog files, not here."))
        return redirect("interface_translations:index")
    current = effective_translations(entry)
    edits = InterfaceTranslation.objects.filter(msgid=entry.msgid, msgctxt=entry.msgctxt)
    edits = list(edits.order_by("language"))
    errors = refused_edits(edits, {entry.key: entry})
    refused = [(edit, errors[edit.pk]) for edit in edits if edit.pk in errors]
    form = InterfaceStringForm(request.POST or None, entry=entry, current=current)
    if request.method == "POST" and form.is_valid():
        changed = save_translations(
            entry, {code: form.cleaned_data[code] for code in language_codes()}, request.user
        )
        if changed:
            messages.success(
                request, _("Translation saved. Visitors see it from their next request.")
            )
        else:
            messages.info(request, _("Nothing changed."))
        return redirect("interface_translations:edit", key=key)
    history = InterfaceTranslationChange.objects.filter(
        msgid=entry.msgid, msgctxt=entry.msgctxt
    ).select_related("changed_by")[:50]
    return TemplateResponse(
        request,
        "interface_strings/edit.html",
        {
            "entry": entry,
            "form": form,
            "history": history,
            "catalog": entry.translations,
            "contexts": [CONTEXTS[context] for context in entry.contexts],
            "refused": refused,
        },
    )
