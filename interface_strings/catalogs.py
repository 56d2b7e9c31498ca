"""The gettext catalogs in locale/ as data: every interface string and its translations."""

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from string import Formatter

import polib
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.i18n.languages import language_codes

from . import wagtail_strings

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
WAGTAIL_MODULES = {wagtail_strings.PATH}
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

# A printf conversion specification after its `%` and optional `(key)`, as Python reads it:
# flags, width (digits or `*`), precision, one length modifier (ignored), conversion.
PRINTF_READ = re.compile(r"[-+ #0]*(?:\*|[0-9]+)?(?:\.(?:\*|[0-9]*))?[hlL]?")
PRINTF_REST = re.compile(PRINTF_READ.pattern + "[diouxXeEfFgGcrsa]")


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


@dataclass(frozen=True)
class Placeholders:
    """A text's replacement fields, each exactly as written, in the text's order.

    `printf`: the conversion specifications `text % values` would fill (`%(name)s`, `%5.2f`,
    `%*s`; `%%` is a literal percent sign); `stray`: each `%` that starts no valid specification
    (`text % values` raises ValueError on it), up to the character that ends it; `fields`: the
    replacement fields `text.format(...)` would fill (`{page}`, `{0!r}`, `{page:>10}`; `{{` and `}}`
    are literal braces), or None when `text.format` would refuse its braces."""

    printf: tuple = ()
    stray: tuple = ()
    # `%` is a percent sign here ("100%", "50% of": a stray, or `% ` and a letter): `text % values`
    # would fail or garble it, so the text is never formatted with `%`.
    percent_as_text: bool = False
    fields: tuple | None = ()


def _printf(text):
    """(specifications, strays), scanning as CPython's `str % values` does."""
    specifications, strays = [], []
    position = 0
    while (start := text.find("%", position)) != -1:
        position = start + 1
        if text.startswith("%", position):
            position += 1
            continue
        if text.startswith("(", position):
            # The key runs to the parenthesis that balances the first one.
            depth = 0
            for index in range(position, len(text)):
                depth += {"(": 1, ")": -1}.get(text[index], 0)
                if depth == 0:
                    position = index + 1
                    break
            else:
                strays.append(text[start:])
                break
        rest = PRINTF_REST.match(text, position)
        if rest:
            position = rest.end()
            specifications.append(text[start:position])
        else:
            # The flags, width and precision Python read before the character it refuses.
            position = min(PRINTF_READ.match(text, position).end() + 1, len(text))
            strays.append(text[start:position])
    return specifications, strays


def _format_fields(text):
    """The replacement fields of `text.format(...)`, as written; None if its braces do not parse."""
    try:
        parsed = list(Formatter().parse(text))
    except ValueError:
        return None
    fields = []
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        fields.append(
            "{"
            + name
            + (f"!{conversion}" if conversion else "")
            + (f":{spec}" if spec else "")
            + "}"
        )
    return fields


def placeholders(text):
    """Every replacement field of `text`, printf and str.format (see Placeholders)."""
    text = text or ""
    specifications, strays = _printf(text)
    fields = _format_fields(text)
    return Placeholders(
        printf=tuple(specifications),
        stray=tuple(strays),
        percent_as_text=bool(strays) or any(map(is_text_percent, specifications)),
        fields=None if fields is None else tuple(fields),
    )


def is_text_percent(specification):
    """`% d` in "50 % de": a percent sign, a space and a letter, which reads as text."""
    return len(specification) == 3 and specification[1] == " "


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
