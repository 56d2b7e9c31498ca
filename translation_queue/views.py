"""The translation queue in the admin: what is missing, out of date or waiting, page by page and
language by language; each item opens the editor at its field."""

from collections import defaultdict
from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from core.i18n.languages import admin_titles
from core.pages.listing import admin_page, admin_query_string

from .diff import plain, word_diff
from .forms import QueueFilterForm, language_choices, sections_for_filter
from .models import SourceFingerprint, TranslationItem, TranslationState
from .states import mark_reviewed, refresh_stale_pages, target_languages
from .units import unit_label

TO_DO = [TranslationState.MISSING, TranslationState.OUT_OF_DATE, TranslationState.WAITING]


def editor_url(item):
    query = urlencode({"translate": item.language, "focus": item.focus})
    return f"{reverse('wagtailadmin_pages:edit', args=[item.page_id])}?{query}#translation-status"


def filtered_items(data):
    items = TranslationItem.objects.all()
    if data.get("language"):
        items = items.filter(language=data["language"])
    if data.get("section"):
        items = items.filter(Q(section_id=data["section"]) | Q(page_id=data["section"]))
    if data.get("page"):
        items = items.filter(page_id=data["page"])
    return items


def describe(items):
    """Labels, editor links and, for out-of-date texts, the Spanish change since translation."""
    items = list(items)
    wanted = {(item.page_id, item.language, item.key) for item in items}
    page_ids = {page_id for page_id, _language, _key in wanted}
    fingerprints = {
        (fp.page_id, fp.language, fp.key): fp
        for fp in SourceFingerprint.objects.filter(page_id__in=page_ids)
        if (fp.page_id, fp.language, fp.key) in wanted
    }
    admin_titles([item.page for item in items])
    for item in items:
        model = item.page.specific_class or Page
        item.label = unit_label(model, item.field_name, item.type_path)
        item.editor_url = editor_url(item)
        item.excerpt = Truncator(plain(item.source_text)).words(30)
        fp = fingerprints.get((item.page_id, item.language, item.key))
        item.diff = (
            word_diff(fp.source_text, item.source_text)
            if fp and item.state == TranslationState.OUT_OF_DATE
            else None
        )
        # Out of date but still right, or missing on purpose (an empty English text falls back
        # to Spanish, as an organization's "name in a sentence" does).
        item.reviewable = item.state in (TranslationState.OUT_OF_DATE, TranslationState.MISSING)
    return items


def queue(request):
    refresh_stale_pages()
    sections = sections_for_filter()
    form = QueueFilterForm(request.GET or None, sections=sections)
    data = form.cleaned_or_empty()
    items = filtered_items(data)
    counts = dict(
        items.values_list("state").annotate(count=Count("pk")).values_list("state", "count")
    )
    if data.get("state"):
        items = items.filter(state=data["state"])
    else:
        items = items.filter(state__in=TO_DO)
    items = items.select_related("page").order_by("page__path", "language", "position")
    page_obj = admin_page(request.GET, items, 50)
    return TemplateResponse(
        request,
        "translation_queue/queue.html",
        {
            "form": form,
            "items": describe(page_obj.object_list),
            "page_obj": page_obj,
            "counts": [
                (value, label, counts.get(value, 0)) for value, label in TranslationState.choices
            ],
            "query_string": admin_query_string(request.GET),
            "filtered_page": Page.objects.filter(pk=data["page"]).first()
            if data.get("page")
            else None,
        },
    )


def table(rows, keys):
    """{row key: {language: {state: count}}} from (row key, language, state, count) rows."""
    result = defaultdict(lambda: {code: dict.fromkeys(TranslationState.values, 0) for code in keys})
    for row_key, language, state, count in rows:
        if language in keys:
            result[row_key][language][state] = count
    return result


def section_summary():
    """Per section (the home page's children) and language: how many texts are in each state."""
    languages = target_languages()
    counts = table(
        TranslationItem.objects.filter(section__isnull=False)
        .values_list("section_id", "language", "state")
        .annotate(count=Count("pk")),
        languages,
    )
    return [
        {
            "section": section,
            "cells": _cells(counts.get(section.pk), languages, section_id=section.pk),
        }
        for section in admin_titles(sections_for_filter())
    ]


def _cells(counts, languages, section_id=None, page_id=None):
    cells = []
    for code in languages:
        states = (counts or {}).get(code, dict.fromkeys(TranslationState.values, 0))
        query = {"language": code}
        if section_id:
            query["section"] = section_id
        if page_id:
            query["page"] = page_id
        cells.append(
            {
                "language": code,
                "states": [
                    (value, label, states.get(value, 0), urlencode({**query, "state": value}))
                    for value, label in TranslationState.choices
                ],
                "to_do": sum(states.get(value, 0) for value in TO_DO),
                "url": urlencode(query),
            }
        )
    return cells


def overview(request):
    """Pages × languages: for every page, how many texts are in each state per language."""
    refresh_stale_pages()
    languages = target_languages()
    sections = sections_for_filter()
    form = QueueFilterForm(request.GET or None, sections=sections)
    data = form.cleaned_or_empty()
    items = filtered_items(data)
    page_counts = table(
        items.values_list("page_id", "language", "state").annotate(count=Count("pk")), languages
    )
    pages = Page.objects.filter(pk__in=list(page_counts)).order_by("path")
    page_obj = admin_page(request.GET, pages, 100)
    return TemplateResponse(
        request,
        "translation_queue/overview.html",
        {
            "form": form,
            "languages": [(code, name) for code, name in language_choices()],
            "sections": section_summary(),
            "pages": [
                {"page": p, "cells": _cells(page_counts.get(p.pk), languages, page_id=p.pk)}
                for p in admin_titles(list(page_obj.object_list))
            ],
            "page_obj": page_obj,
        },
    )


def safe_next(request, fallback):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


@require_POST
def review(request, item_id):
    item = get_object_or_404(TranslationItem.objects.select_related("page"), pk=item_id)
    if not item.page.specific.permissions_for_user(request.user).can_edit():
        return HttpResponseForbidden(_("You cannot edit this page."))
    mark_reviewed(item, request.user)
    messages.success(
        request,
        _("Marked as reviewed: the translation is right for the current Spanish text."),
    )
    return redirect(safe_next(request, reverse("translation_queue:queue")))


def editor_status(request, page_id):
    """The page's translation state, shown at the top of its editor (a fragment)."""
    page = get_object_or_404(Page, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise Http404
    refresh_stale_pages(Page.objects.filter(pk=page.pk))
    items = TranslationItem.objects.filter(page=page).select_related("page")
    counts = defaultdict(lambda: dict.fromkeys(TranslationState.values, 0))
    for language, state in items.values_list("language", "state"):
        counts[language][state] += 1
    focus = request.GET.get("focus", "")
    pending = describe(
        items.filter(state__in=[TranslationState.MISSING, TranslationState.OUT_OF_DATE])
    )
    return TemplateResponse(
        request,
        "translation_queue/editor_status.html",
        {
            "page": page,
            "languages": [
                {"code": code, "name": name, "counts": counts[code]}
                for code, name in language_choices()
            ],
            "pending": pending,
            "focus": focus,
            "queue_url": reverse("translation_queue:queue") + "?" + urlencode({"page": page.pk}),
        },
    )
