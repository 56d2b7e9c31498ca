"""The gettext catalogs in locale/ as data: every interface string and its translations."""

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import polib
from django.conf import settings

from core.i18n import language_codes

DOMAIN = "django"

# printf-style (%(name)s, %s, %d) and str.format-style ({name}, {0}, {}) placeholders.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdifr]|\{\w*\}")


def locale_dir():
    return Path(settings.LOCALE_PATHS[0])


def po_path(language, directory=None):
    return Path(directory or locale_dir()) / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def entry_key(msgid, msgctxt=""):
    """A short, URL-safe, stable key for one source string."""
    return hashlib.sha1(f"{msgctxt}\x04{msgid}".encode(), usedforsecurity=False).hexdigest()[:16]


def placeholders(text):
    return sorted(PLACEHOLDER.findall(text or ""))


@dataclass
class CatalogEntry:
    msgid: str
    msgctxt: str = ""
    msgid_plural: str = ""
    # language -> translation as compiled from the .po file ("" when untranslated)
    translations: dict = field(default_factory=dict)

    @property
    def key(self):
        return entry_key(self.msgid, self.msgctxt)

    @property
    def is_plural(self):
        return bool(self.msgid_plural)


def _po_mtimes(directory):
    return tuple(
        po_path(code, directory).stat().st_mtime_ns if po_path(code, directory).exists() else 0
        for code in language_codes()
    )


@lru_cache(maxsize=4)
def _load(directory, mtimes):
    entries = {}
    for code in language_codes():
        path = po_path(code, directory)
        if not path.exists():
            continue
        for po_entry in polib.pofile(str(path)):
            if po_entry.obsolete:
                continue
            msgctxt = po_entry.msgctxt or ""
            key = entry_key(po_entry.msgid, msgctxt)
            entry = entries.setdefault(
                key, CatalogEntry(po_entry.msgid, msgctxt, po_entry.msgid_plural or "")
            )
            # Plural entries are listed by their singular form.
            value = po_entry.msgstr_plural.get(0, "") if po_entry.msgid_plural else po_entry.msgstr
            entry.translations[code] = "" if "fuzzy" in po_entry.flags else value
    return entries


def catalog_entries(directory=None):
    """Every source string in the catalogs, by key; re-read when a .po file changes."""
    directory = str(directory or locale_dir())
    return _load(directory, _po_mtimes(directory))
