"""The msgids the project supplies for Wagtail and wagtail-modeltranslation (wagtail_strings.pot,
which says why): `makemessages` adds them to the project's catalogs, the interface-strings editor
lists them as "admin (Wagtail)", and the names the project stores in Wagtail's tables are read
from it (workflow_names.py)."""

from functools import cache
from pathlib import Path

import polib
from django.conf import settings

# As the catalogs' references name it (relative to the project, like every source file).
PATH = "interface_strings/wagtail_strings.pot"
# Marks a name the project creates and stores in English (a workflow, a group, "Root").
STORED_NAME_FLAG = "stored-name"


@cache
def entries():
    return tuple(polib.pofile(str(Path(settings.BASE_DIR) / PATH)))


def stored_names():
    return tuple(entry.msgid for entry in entries() if STORED_NAME_FLAG in entry.flags)


def add_to_template(potfile):
    """Add the supplied msgids to a catalog template that xgettext built from the sources (a msgid
    the sources use too gets this file as one more reference), with their format flags, so that
    msgmerge keeps them, and their translations, in every language's catalog."""
    template = polib.pofile(potfile, wrapwidth=0)
    found = {(entry.msgctxt, entry.msgid): entry for entry in template}
    for supplied in entries():
        entry = found.get((supplied.msgctxt, supplied.msgid))
        if entry is None:
            entry = polib.POEntry(
                msgctxt=supplied.msgctxt,
                msgid=supplied.msgid,
                msgid_plural=supplied.msgid_plural,
                msgstr="",
                msgstr_plural={0: "", 1: ""} if supplied.msgid_plural else {},
                flags=[flag for flag in supplied.flags if flag != STORED_NAME_FLAG],
            )
            template.append(entry)
        entry.occurrences.append((PATH, ""))
    template.save(potfile)
