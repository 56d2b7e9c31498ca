"""What a translation may contain: the source's placeholders, and no markup the source lacks.

`{% translate %}` and `{% blocktranslate %}` print translations without escaping them (Django
trusts the catalogs), so a translation edited outside the code is an injection path: a `<script>`
in a string of the admin menu, a `<meta http-equiv="refresh">` on a public page, a `"` that closes
the attribute the string is printed in. The rule, checked for every edit, before an edit is
applied, and on the catalogs in locale/:

1. Placeholders (`%(name)s`, `{name}`) are exactly those of the source.
2. Markup: the translation's tags, comments, declarations and processing instructions are exactly
   the source's, as a multiset. A tag is compared by its name and its attributes with their values
   (names lower-cased, attributes in any order); a start tag that is not plainly well formed
   (unquoted or odd attribute values, stray characters) only matches the very same text in the
   source.
3. Characters: outside those tags, `<`, `>` and `"` may appear only when the source's text has them
   outside its tags, and a `<` that starts markup (`<img …` left unclosed, `<!--`, `</`) never. A
   character reference (`&#…`, or `&` and a name that begins with an entity's name: `&lt;`,
   `&quot`, `&#34;`, `&#x22;`) may appear only when the source contains the same one, because a
   browser decodes it, inside an attribute too. Apostrophes, typographic quotes, a lone `&` and
   `R&D` are ordinary text.
"""

import re
from collections import Counter
from dataclasses import dataclass
from html.entities import html5
from html.parser import HTMLParser

from .catalogs import placeholders

PLACEHOLDERS, MARKUP, CHARACTERS = "placeholders", "markup", "characters"

# Characters that open markup or close a double-quoted attribute. The apostrophe is left out on
# purpose: it is common in English and Spanish text, and the project's templates (and Wagtail's)
# print translations in double-quoted attributes only.
SPECIAL_CHARACTERS = '<>"'
# `<` followed by what makes a browser read markup: a tag, an end tag, a comment or declaration.
MARKUP_START = re.compile(r"<[A-Za-z/!?]")
# What may start a character reference, as far as it goes: `&lt;`, `&lt`, `&#34;`, `&#x22;`, `&#`.
CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9A-Za-z]*|[0-9A-Za-z]+);?")
# A start tag whose attributes no two parsers read differently: names of ordinary characters,
# values in quotes. Only then is it compared by its parsed attributes.
PLAIN_START_TAG = re.compile(
    r"""<[A-Za-z][A-Za-z0-9-]*"""
    r"""(?:\s+[A-Za-z_:][A-Za-z0-9_:.-]*(?:\s*=\s*(?:"[^"<>]*"|'[^'<>]*'))?)*"""
    r"""\s*/?>\Z"""
)


@dataclass(frozen=True)
class Problem:
    """One way a translation breaks the rule; `expected` and `found` as the texts show them."""

    kind: str  # PLACEHOLDERS, MARKUP or CHARACTERS
    expected: tuple = ()
    found: tuple = ()


class _Markup(HTMLParser):
    """Splits a string into markup (normalised, with how it was written) and text."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.items = []  # [(normalised key, as written)]
        self.text = []

    def handle_starttag(self, tag, attrs):
        written = self.get_starttag_text()
        if PLAIN_START_TAG.match(written):
            key = ("tag", tag, tuple(sorted((name, value or "") for name, value in attrs)))
        else:
            key = ("raw tag", " ".join(written.split()))
        self.items.append((key, written))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self.items.append((("end tag", tag), f"</{tag}>"))

    def handle_comment(self, data):
        self.items.append((("comment", data), f"<!--{data}-->"))

    def handle_decl(self, decl):
        self.items.append((("declaration", decl), f"<!{decl}>"))

    def unknown_decl(self, data):
        self.items.append((("declaration", data), f"<![{data}]]>"))

    def handle_pi(self, data):
        self.items.append((("instruction", data), f"<?{data}>"))

    def handle_data(self, data):
        self.text.append(data)

    # Character references are checked on the whole string (see below), not as text.
    def handle_charref(self, name):
        pass

    def handle_entityref(self, name):
        pass


def _parse(value):
    parser = _Markup()
    parser.feed(value)
    parser.close()
    return parser.items, "".join(parser.text)


def _references(value):
    """The character references a browser would decode in `value`: every numeric one, and the
    named ones that begin with an entity's name (`&lt;`, `&lt`, `&notin`), not `R&D` or `AT&T`."""
    found = []
    for token in CHARACTER_REFERENCE.findall(value or ""):
        name = token[1:]
        if name.startswith("#") or any(name[:end] in html5 for end in range(1, len(name) + 1)):
            found.append(token)
    return found


def _unique(values):
    return tuple(dict.fromkeys(values))


def markup_problems(source, translation):
    """The ways `translation` has markup or markup characters that `source` does not."""
    if not translation:
        return []
    problems = []
    source_items, source_text = _parse(source or "")
    items, text = _parse(translation)
    if Counter(key for key, _written in items) != Counter(key for key, _written in source_items):
        problems.append(
            Problem(
                MARKUP,
                expected=tuple(written for _key, written in source_items),
                found=tuple(written for _key, written in items),
            )
        )
    characters = [c for c in SPECIAL_CHARACTERS if c in text and c not in source_text]
    if MARKUP_START.search(text) and "<" not in characters:
        characters.insert(0, "<")
    source_references = set(_references(source))
    characters += [ref for ref in _references(translation) if ref not in source_references]
    if characters:
        problems.append(Problem(CHARACTERS, found=_unique(characters)))
    return problems


def placeholder_problems(source, translation):
    if not translation:
        return []
    expected, found = placeholders(source), placeholders(translation)
    if expected != found:
        return [Problem(PLACEHOLDERS, expected=tuple(expected), found=tuple(found))]
    return []


def translation_problems(source, translation, *, check_placeholders=True):
    """Everything wrong with `translation` of `source`; [] when it may be shown. No gettext here:
    the runtime and the management commands call it too."""
    problems = placeholder_problems(source, translation) if check_placeholders else []
    return problems + markup_problems(source, translation)


def is_safe(source, translation):
    return not translation_problems(source, translation)
