"""What changed in the Spanish text since a translation was made: a word diff for people."""

import difflib
import html
import re

from django.utils.html import strip_tags

WORDS = re.compile(r"\s+|[^\s]+")


def plain(text):
    return html.unescape(strip_tags(text or "")).strip()


def word_diff(before, after):
    """[(operation, text)] with operation "same", "removed" or "added"."""
    old, new = WORDS.findall(plain(before)), WORDS.findall(plain(after))
    parts = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if operation == "equal":
            parts.append(("same", "".join(old[old_start:old_end])))
            continue
        if old_end > old_start:
            parts.append(("removed", "".join(old[old_start:old_end])))
        if new_end > new_start:
            parts.append(("added", "".join(new[new_start:new_end])))
    return parts
