"""Whether a text says anything that the page does not already say next to it: a lead that only
restates the heading, a section that only repeats the lead or the titles listed below it."""

import re

from django.utils.html import strip_tags

# Words that join names without saying anything of their own, in the site's languages ("IV
# Declaración Conjunta y Hoja de Ruta" says no more than its two titles).
CONNECTING_WORDS = {
    "a", "and", "da", "de", "del", "do", "e", "el", "en", "in", "la", "na", "no", "of", "the", "y",
}  # fmt: skip


def words(text):
    """The words of a text or of rich text's HTML, in lower case."""
    return set(re.findall(r"\w+", strip_tags(str(text or "")).casefold()))


def says_nothing_more(text, *already_said):
    """True when every word of `text` is in `already_said` or only joins them; False for an
    empty text (nothing to hide)."""
    own = words(text)
    return bool(own) and not (own - CONNECTING_WORDS - set().union(*map(words, already_said)))
