from pathlib import Path

from django.conf import settings
from django.core.management.commands import makemessages

from interface_strings import wagtail_strings


class Command(makemessages.Command):
    # No fuzzy matching: a new string must never inherit a neighbour's translation unseen
    # ("States" became "Estado" that way); it arrives empty and the catalog check flags it.
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]

    def build_potfiles(self):
        potfiles = super().build_potfiles()
        if self.domain == "django":
            # The msgids no source file holds (interface_strings/wagtail_strings.pot).
            project = {Path(path).resolve() for path in settings.LOCALE_PATHS}
            for potfile in potfiles:
                if Path(potfile).resolve().parent in project:
                    wagtail_strings.add_to_template(potfile)
        return potfiles
