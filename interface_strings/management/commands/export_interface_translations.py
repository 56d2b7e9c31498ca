from pathlib import Path

import polib
from django.core.management.base import BaseCommand

from core.i18n.languages import language_codes
from interface_strings.catalogs import catalog_entries, locale_dir, po_path
from interface_strings.models import InterfaceTranslation


class Command(BaseCommand):
    help = (
        "Writes the translators' edits from the database into the locale/ catalogs, so that "
        "developers can commit them. Edits of strings no longer in the code, and edits that break "
        "the rule for translations (markup, placeholders), are reported, not written."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--locale-dir", default=None, help="Write into these catalogs instead of locale/."
        )
        parser.add_argument(
            "--delete",
            action="store_true",
            help="Delete the exported edits from the database (once the catalogs are deployed).",
        )

    def handle(self, *args, delete=False, **options):
        directory = Path(options["locale_dir"]) if options["locale_dir"] else locale_dir()
        known = catalog_entries(directory)
        edits = list(InterfaceTranslation.objects.filter(language__in=language_codes()))
        exported, obsolete, refused = [], [], []
        for code in language_codes():
            path = po_path(code, directory)
            catalog = polib.pofile(str(path))
            changed = False
            for edit in (e for e in edits if e.language == code):
                entry = catalog.find(edit.msgid, msgctxt=edit.msgctxt or None)
                if entry is None or edit.key not in known:
                    obsolete.append(edit)
                    continue
                if edit.problems:
                    refused.append(edit)  # not applied on the site either: see runtime.py
                    continue
                if entry.msgstr != edit.msgstr or "fuzzy" in entry.flags:
                    entry.msgstr = edit.msgstr
                    if "fuzzy" in entry.flags:
                        entry.flags.remove("fuzzy")
                    changed = True
                exported.append(edit)
                self.stdout.write(f"  {code}: {edit.msgid!r} -> {edit.msgstr!r}")
            if changed:
                catalog.save()
        for edit in obsolete:
            self.stdout.write(
                self.style.WARNING(f"  obsolete, not exported: {edit.language}: {edit.msgid!r}")
            )
        for edit in refused:
            self.stdout.write(
                self.style.WARNING(
                    f"  unsafe, not exported: {edit.language}: {edit.msgid!r} -> {edit.msgstr!r}"
                )
            )
        if delete:
            InterfaceTranslation.objects.filter(pk__in=[e.pk for e in exported]).delete()
        self.stdout.write(
            self.style.SUCCESS(
                f"Exported {len(exported)} edit(s); {len(obsolete)} obsolete."
                + (f" {len(refused)} unsafe." if refused else "")
            )
        )
