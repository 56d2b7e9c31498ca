import contextlib
import shutil
import tempfile
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from core.i18n.languages import language_codes
from interface_strings.catalogs import locale_dir, po_path
from interface_strings.safety import (
    BRACES,
    CHARACTERS,
    MARKUP,
    PERCENT,
    PLACEHOLDERS,
    translation_problems,
)

# What makemessages must not scan, and how it writes references: the same as `make messages`.
IGNORED = [".venv", "staticfiles", "media", "tests", "artifacts"]
# `#: path` without line numbers: the Translations area tells where each string is used from them,
# and they do not change when unrelated lines move.
ADD_LOCATION = "file"


def entry_ids(path):
    return {(e.msgctxt or "", e.msgid) for e in polib.pofile(str(path)) if not e.obsolete}


def entry_files(path):
    return {
        (e.msgctxt or "", e.msgid): sorted({file for file, _line in e.occurrences})
        for e in polib.pofile(str(path))
        if not e.obsolete
    }


def unsafe_translations(entry):
    """What is wrong with an entry's translations (interface_strings/safety.py): the one rule for
    every translation, whether a translator typed it in the admin or it comes from a file."""
    if entry.msgid_plural:
        # A plural form may leave out the number ("One string") but has no field the source's
        # forms lack; its markup is compared with the source of the same form.
        forms = (entry.msgid, entry.msgid_plural)
        return [
            problem
            for index, text in sorted(entry.msgstr_plural.items())
            for problem in translation_problems(
                entry.msgid if index == 0 else entry.msgid_plural, text, forms=forms
            )
        ]
    return translation_problems(entry.msgid, entry.msgstr)


def describe(problem):
    if problem.kind == CHARACTERS:
        return f"markup characters not in the source: {' '.join(problem.found)}"
    if problem.kind == PERCENT:
        found = ", ".join(problem.found)
        return f"a % that starts no placeholder of the source (a percent sign is %%): {found}"
    if problem.kind == BRACES:
        return "braces that do not pair up (write {{ or }} for a brace): expected " + (
            ", ".join(problem.expected) or "no fields"
        )
    what = {PLACEHOLDERS: "placeholders differ", MARKUP: "markup differs"}[problem.kind]
    expected, found = ", ".join(problem.expected) or "none", ", ".join(problem.found) or "none"
    return f"{what} from the source: expected {expected}, found {found}"


def is_translated(entry):
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


class Command(BaseCommand):
    help = (
        "Fails when a catalog in locale/ is stale (makemessages would add or remove entries, or "
        "change the files an entry is used in) or "
        "has an untranslated or fuzzy entry, or a translation with markup or placeholders that "
        "its source text does not have, and names each one. Staleness needs GNU gettext."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--locale-dir", default=None, help="Check these catalogs instead of locale/."
        )
        parser.add_argument(
            "--skip-stale",
            action="store_true",
            help="Only check for untranslated, fuzzy and unsafe entries.",
        )

    def handle(self, *args, skip_stale=False, **options):
        directory = Path(options["locale_dir"]) if options["locale_dir"] else locale_dir()
        problems = []
        for code in language_codes():
            path = po_path(code, directory)
            if not path.exists():
                problems.append(f"{code}: no catalog at {path}")
                continue
            for entry in polib.pofile(str(path)):
                if entry.obsolete:
                    continue
                if "fuzzy" in entry.flags:
                    problems.append(f"{code}: fuzzy: {entry.msgid!r}")
                elif not is_translated(entry):
                    problems.append(f"{code}: untranslated: {entry.msgid!r}")
                problems += [
                    f"{code}: unsafe: {describe(problem)}: {entry.msgid!r}"
                    for problem in unsafe_translations(entry)
                ]
        if not skip_stale:
            problems.extend(self.stale_entries(directory))
        if problems:
            raise CommandError("The catalogs need work:\n  " + "\n  ".join(problems))
        self.stdout.write(self.style.SUCCESS("Catalogs are complete and up to date."))

    def stale_entries(self, directory):
        """Run makemessages on a copy of the catalogs and compare what it would change."""
        if shutil.which("xgettext") is None or shutil.which("msgmerge") is None:
            raise CommandError(
                "GNU gettext (xgettext, msgmerge) is needed to check that the catalogs are up to "
                "date: install the 'gettext' package, or pass --skip-stale."
            )
        problems = []
        with tempfile.TemporaryDirectory() as tmp:
            # makemessages writes into the locale/ folder of the tree it scans: give it a copy of
            # the sources and of the catalogs, so the real ones are never touched.
            tree = Path(tmp) / "tree"
            shutil.copytree(
                settings.BASE_DIR,
                tree,
                # Databases (with their journals, which come and go while tests run) are no
                # source of strings.
                ignore=shutil.ignore_patterns(
                    ".*", "__pycache__", "*.sqlite3*", "locale", "node_modules", *IGNORED
                ),
            )
            copy = tree / "locale"
            shutil.copytree(directory, copy)
            with override_settings(LOCALE_PATHS=[copy]), contextlib.chdir(tree):
                call_command(
                    "makemessages",
                    locale=language_codes(),
                    no_obsolete=True,
                    add_location=ADD_LOCATION,
                    ignore_patterns=IGNORED,
                    verbosity=0,
                )
            for code in language_codes():
                before, after = entry_ids(po_path(code, directory)), entry_ids(po_path(code, copy))
                problems += [
                    f"{code}: missing (run `make messages`): {m!r}"
                    for _c, m in sorted(after - before)
                ]
                problems += [
                    f"{code}: no longer in the code: {m!r}" for _c, m in sorted(before - after)
                ]
                # Where a string is used decides its context in the Translations area.
                files_before = entry_files(po_path(code, directory))
                files_after = entry_files(po_path(code, copy))
                problems += [
                    f"{code}: used in other files now (run `make messages`): {ids[1]!r}: "
                    f"{', '.join(files_after[ids]) or 'none'}"
                    for ids in sorted(before & after)
                    if files_before[ids] != files_after[ids]
                ]
        return problems
