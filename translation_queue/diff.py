"""What changed in the Spanish text since a translation was made: a word diff for people."""

import difflib
import html
import re

from django.utils.html import strip_tags

WORDS = re.compile(r"\s+|[^\s]+")
# Where a reader sees a break between two texts: "Pro Tempore</p><p>10:00" reads as two words.
BLOCK_EDGE = re.compile(
    r"<\s*/?\s*(?:p|h[1-6]|li|ul|ol|div|blockquote|br|hr|tr|td|th|table|figure|figcaption)\b[^>]*>",
    re.IGNORECASE,
)
SPACES = re.compile(r"[ \t\n\f\r]+")


def plain(text):
    """A text as a reader sees it, without markup: blocks apart, spaces collapsed."""
    return SPACES.sub(" ", html.unescape(strip_tags(BLOCK_EDGE.sub(" ", text or "")))).strip()


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
