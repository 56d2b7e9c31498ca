"""The gettext catalogs in locale/ as data: every interface string and its translations."""

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import polib
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.i18n import language_codes

DOMAIN = "django"

# Where a string is used, from the catalogs' `#: path` references (`make messages` writes them with
# --add-location=file). A string used in several places has several contexts.
PUBLIC, ADMIN, WAGTAIL, EMAIL = "public", "admin", "wagtail", "email"
CONTEXTS = {
    PUBLIC: _("public site"),
    ADMIN: _("admin"),
    WAGTAIL: _("admin (Wagtail)"),
    EMAIL: _("e-mail"),
}
# Strings that Wagtail and its add-ons show, supplied by the project (their catalogs lack them).
WAGTAIL_MODULES = {"core/admin_strings.py"}
# Apps that exist only in the admin: their templates are admin templates.
ADMIN_APPS = {"interface_strings", "translation_queue"}
# Modules whose strings staff read: verbose names, help texts, panels, blocks' labels, forms, hooks.
ADMIN_MODULES = {
    "admin.py",
    "apps.py",
    "blocks.py",
    "forms.py",
    "models.py",
    "panels.py",
    "permissions.py",
    "roles.py",
    "translation.py",
    "wagtail_hooks.py",
    "widgets.py",
}
ADMIN_FOLDERS = {"admin", "wagtailadmin", "models", "management", "migrations", "panels"}
EMAIL_FOLDERS = {"email", "emails", "mail", "notifications"}
EMAIL_MODULES = {"email.py", "emails.py", "mail.py", "notifications.py"}

# printf-style (%(name)s, %s, %d) and str.format-style ({name}, {0}, {}) placeholders.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdifr]|\{\w*\}")


def locale_dir():
    return Path(settings.LOCALE_PATHS[0])


def po_path(language, directory=None):
    return Path(directory or locale_dir()) / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def entry_key(msgid, msgctxt=""):
    """A short, URL-safe, stable key for one source string."""
    return hashlib.sha1(f"{msgctxt}\x04{msgid}".encode(), usedforsecurity=False).hexdigest()[:16]


def usage_context(path):
    """PUBLIC, ADMIN, WAGTAIL or EMAIL for one `#:` reference (a path from the project's root).

    Templates are public unless they are under an `admin/` or `wagtailadmin/` folder or in an
    admin-only app; Python modules are public (views, template tags, page logic) unless they
    describe the admin: models (verbose names, help texts, panels), forms, blocks, hooks."""
    path = path.replace("\\", "/")
    parts = path.split("/")
    folders, name = set(parts[:-1]), parts[-1]
    if path in WAGTAIL_MODULES:
        return WAGTAIL
    if folders & EMAIL_FOLDERS or name in EMAIL_MODULES or name.endswith("_subject.txt"):
        return EMAIL
    if (
        parts[0] in ADMIN_APPS
        or folders & ADMIN_FOLDERS
        or name in ADMIN_MODULES
        or name.startswith("admin_")
        or name.endswith(("_forms.py", "_panels.py"))
    ):
        return ADMIN
    return PUBLIC


def placeholders(text):
    return sorted(PLACEHOLDER.findall(text or ""))


@dataclass
class CatalogEntry:
    msgid: str
    msgctxt: str = ""
    msgid_plural: str = ""
    # language -> translation as compiled from the .po file ("" when untranslated or fuzzy)
    translations: dict = field(default_factory=dict)
    # The files that use it (the catalogs' `#:` references), sorted.
    files: tuple = ()

    @property
    def contexts(self):
        """Where it is used, in CONTEXTS' order: ["public", "admin"]..."""
        found = {usage_context(path) for path in self.files}
        return [context for context in CONTEXTS if context in found]

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
            files = {path for path, _line in po_entry.occurrences}
            entry.files = tuple(sorted(files.union(entry.files)))
            # Plural entries are listed by their singular form.
            value = po_entry.msgstr_plural.get(0, "") if po_entry.msgid_plural else po_entry.msgstr
            entry.translations[code] = "" if "fuzzy" in po_entry.flags else value
    return entries


def catalog_entries(directory=None):
    """Every source string in the catalogs, by key; re-read when a .po file changes."""
    directory = str(directory or locale_dir())
    return _load(directory, _po_mtimes(directory))
