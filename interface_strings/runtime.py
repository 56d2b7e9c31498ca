"""Applying translators' edits on top of the compiled catalogs, in every process.

The edits live in the database. A version (the id and time of the latest change) is kept in the
cache, which is shared between app servers in production; each process compares it with the
version it has applied, and when they differ it rebuilds its catalogs from the .mo files and
lays the edits over them. So an edit shows on the next request on every server, and survives
restarts and deploys, without touching the files.
"""

import logging
import threading

from django.core.cache import cache
from django.db.models import Max

from core.caching.page_cache import purge as purge_page_cache
from core.i18n.languages import language_codes
from core.private_apis import reset_translation_catalogs, translation_catalog

from .catalogs import catalog_entries, entry_key
from .models import InterfaceTranslation, InterfaceTranslationChange

logger = logging.getLogger(__name__)

VERSION_CACHE_KEY = "interface-translations:version"

_lock = threading.Lock()
_applied_version = None


def database_version():
    """The latest change's id and time: the history is only ever appended to, so two databases
    (before and after restoring a backup, say) with the same version have the same edits."""
    latest = InterfaceTranslationChange.objects.aggregate(pk=Max("pk"), at=Max("changed_at"))
    return f"{latest['pk'] or 0}:{latest['at'].isoformat() if latest['at'] else ''}"


def current_version():
    version = cache.get(VERSION_CACHE_KEY)
    if version is None:
        version = database_version()
        # `add`, not `set`: an edit committed since this read has stored its own version.
        cache.add(VERSION_CACHE_KEY, version, None)
    return version


def publish_version():
    """Called once an edit has committed: every process sees the new version on its next
    request. It replaces the old one at once; deleting it would let a process that read the
    database just before the commit store the old version again, for good."""
    version = database_version()
    cache.set(VERSION_CACHE_KEY, version, None)
    # Cached pages carry the old text.
    purge_page_cache()
    return version


def catalog_key(msgid, msgctxt):
    # gettext stores a string with a context as "context\x04msgid".
    return f"{msgctxt}\x04{msgid}" if msgctxt else msgid


def apply_edits(version):
    """Rebuild this process's catalogs and lay the edits over them, once per version."""
    global _applied_version
    if version == _applied_version:
        return
    with _lock:
        if version == _applied_version:
            return
        known = catalog_entries()
        edits = InterfaceTranslation.objects.filter(language__in=language_codes())
        # Drop the cached catalogs: the next lookup reloads them from the .mo files.
        reset_translation_catalogs()
        for edit in edits:
            entry = known.get(entry_key(edit.msgid, edit.msgctxt))
            if entry is None or entry.is_plural:
                continue  # obsolete: its source string is no longer in the code
            problems = edit.problems
            if problems:
                # Stored before the check existed, or written to the database directly: the
                # editor lists it as refused; the catalog's translation stays.
                logger.warning(
                    "Interface translation edit %s not applied (%s): [%s] %r -> %r",
                    edit.pk,
                    ", ".join(problem.kind for problem in problems),
                    edit.language,
                    edit.msgid,
                    edit.msgstr,
                )
                continue
            catalog = translation_catalog(edit.language)
            catalog[catalog_key(edit.msgid, edit.msgctxt)] = edit.msgstr
        _applied_version = version


def forget_applied_edits():
    """Make this process rebuild its catalogs on the next request (tests, after a rollback)."""
    global _applied_version
    _applied_version = None
    cache.delete(VERSION_CACHE_KEY)


class InterfaceTranslationsMiddleware:
    """Before LocaleMiddleware activates a language, make sure this process has the latest edits."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        apply_edits(current_version())
        return self.get_response(request)
