"""The state of each translated text, and the fingerprints that tell when it went out of date.

For a page and a target language, each text (see units.py) is:
- missing: empty in that language, or still the Spanish text ("Copy the Spanish layout" copies
  it as a starting point) and never reviewed as right;
- out of date: the Spanish text has changed since the translation was last saved or reviewed;
- waiting for approval: translated in a draft (or a draft in a workflow) that is not live yet;
- done.
The state is computed from the page's latest revision (what editors and translators see) and
stored as TranslationItem rows, so that the queue and its counts are plain queries.
"""

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Revision

from core.i18n.languages import default_language, language_codes

from .markup import same_text
from .models import (
    PageTranslationRefresh,
    SourceFingerprint,
    TranslationItem,
    TranslationState,
    fingerprint,
)
from .units import page_units


def target_languages():
    return [code for code in language_codes() if code != default_language()]


def state_of(unit, fingerprint_hash, live_target, is_draft):
    reviewed = fingerprint_hash == fingerprint(unit.source)
    if not unit.target.strip():
        # Reviewed as needing no text in this language (it falls back to Spanish), or missing.
        return TranslationState.DONE if reviewed else TranslationState.MISSING
    if unit.copied_from_layout and same_text(unit.target, unit.source) and not reviewed:
        return TranslationState.MISSING
    if fingerprint_hash is not None and not reviewed:
        return TranslationState.OUT_OF_DATE
    if is_draft and (live_target is None or not same_text(live_target, unit.target)):
        return TranslationState.WAITING
    return TranslationState.DONE


def latest_version(page):
    """The page as editors see it: its latest revision, or the page itself."""
    page = page.specific
    if page.latest_revision_id and (page.has_unpublished_changes or not page.live):
        revision = Revision.objects.filter(pk=page.latest_revision_id).first()
        if revision is not None:
            return revision.as_object(), True
    return page, False


def section_of(page, sections):
    # The home page is at depth 2, the sections right under it.
    return sections.get(page.path[: page.steplen * 3]) if page.depth >= 3 else None


def refresh_page(page, sections=None):
    """Recompute every item of one page in every target language, from what the database holds:
    a caller's page object may carry a draft's values (the edit view's, after a submit), and
    taking those for the live page would call a translation done before it is live."""
    return _refresh(Page.objects.get(pk=page.pk).specific, sections)


def _refresh(page, sections=None):
    if sections is None:
        sections = dict(Page.objects.filter(depth=3).values_list("path", "pk"))
    latest, is_draft = latest_version(page)
    fingerprints = {
        (language, key): source_hash
        for language, key, source_hash in SourceFingerprint.objects.filter(page=page).values_list(
            "language", "key", "source_hash"
        )
    }
    items = []
    for language in target_languages():
        live_targets = (
            {unit.key: unit.target for unit in page_units(page, language)}
            if is_draft and page.live
            else {}
        )
        for unit in page_units(latest, language):
            items.append(
                TranslationItem(
                    page=page,
                    section_id=section_of(page, sections),
                    language=language,
                    key=unit.key,
                    field_name=unit.field_name,
                    type_path=unit.type_path,
                    position=unit.position,
                    state=state_of(
                        unit,
                        fingerprints.get((language, unit.key)),
                        live_targets.get(unit.key),
                        is_draft,
                    ),
                    source_text=unit.source,
                    target_text=unit.target,
                    focus=unit.focus,
                )
            )
    with transaction.atomic():
        TranslationItem.objects.filter(page=page).delete()
        TranslationItem.objects.bulk_create(items)
        PageTranslationRefresh.objects.update_or_create(
            page=page,
            defaults={
                "latest_revision_id": page.latest_revision_id,
                "live_revision_id": page.live_revision_id,
            },
        )
    return items


def stale_pages(pages=None):
    """Pages (of `pages`, all by default) whose items were computed from other revisions than
    their current ones, or never."""
    pages = Page.objects.filter(depth__gt=1) if pages is None else pages
    refreshed = {
        page_id: (latest, live)
        for page_id, latest, live in PageTranslationRefresh.objects.filter(
            page__in=pages
        ).values_list("page_id", "latest_revision_id", "live_revision_id")
    }
    return [
        page_id
        for page_id, latest, live in pages.values_list(
            "pk", "latest_revision_id", "live_revision_id"
        )
        if refreshed.get(page_id) != (latest, live)
    ]


def refresh_stale_pages(pages=None):
    sections = dict(Page.objects.filter(depth=3).values_list("path", "pk"))
    stale = stale_pages(pages)
    for page in Page.objects.filter(pk__in=stale).specific(defer=False).iterator(chunk_size=200):
        _refresh(page, sections)
    return len(stale)


def record_fingerprints(revision):
    """After a page revision is saved: each translation that was just written (its text changed
    since the previous revision) is recorded as made from the Spanish text of this revision.
    A translation not touched keeps its fingerprint, so a change to the Spanish alone makes it
    out of date. A page seen for the first time gets the previous revision's Spanish as its
    baseline (that is what its existing translations were made from)."""
    previous_revision = (
        Revision.page_revisions.filter(
            object_id=revision.object_id, created_at__lte=revision.created_at
        )
        .exclude(pk=revision.pk)
        .order_by("-created_at", "-pk")
        .first()
    )
    if previous_revision is None:
        # A page's first revision: its translations are as made, and a later save records the
        # baseline from this revision if it needs one (below).
        return
    page, previous = revision.as_object(), previous_revision.as_object()
    existing = {
        (fp.language, fp.key): fp for fp in SourceFingerprint.objects.filter(page_id=page.pk)
    }
    to_create, to_update = [], []
    for language in target_languages():
        before = {unit.key: unit for unit in page_units(previous, language)}
        for unit in page_units(page, language):
            if not unit.target.strip() or (
                unit.copied_from_layout and same_text(unit.target, unit.source)
            ):
                continue
            earlier = before.get(unit.key)
            # The editor's first save of a text from elsewhere (the demo, an import) gives its
            # paragraphs ids and rewrites its HTML: that is not a translation being written.
            written = earlier is None or not same_text(earlier.target, unit.target)
            current = existing.get((language, unit.key))
            if written:
                source = unit.source
            elif current is None:
                source = earlier.source
            else:
                continue
            if current is None:
                to_create.append(
                    SourceFingerprint(
                        page_id=page.pk,
                        language=language,
                        key=unit.key,
                        source_text=source,
                        source_hash=fingerprint(source),
                    )
                )
            elif current.source_hash != fingerprint(source):
                current.source_text, current.source_hash = source, fingerprint(source)
                current.reviewed_by = None
                to_update.append(current)
    SourceFingerprint.objects.bulk_create(to_create, ignore_conflicts=True)
    now = timezone.now()
    for fp in to_update:
        fp.updated_at = now
    SourceFingerprint.objects.bulk_update(
        to_update, ["source_text", "source_hash", "reviewed_by", "updated_at"]
    )


def mark_reviewed(item, user):
    """The translation needs no change for the current Spanish text: record that text."""
    SourceFingerprint.objects.update_or_create(
        page_id=item.page_id,
        language=item.language,
        key=item.key,
        defaults={
            "source_text": item.source_text,
            "source_hash": fingerprint(item.source_text),
            "reviewed_by": user,
        },
    )
    refresh_page(item.page)
