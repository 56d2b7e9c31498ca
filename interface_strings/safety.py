"""What a translation may contain: the source's placeholders, and no markup the source lacks.

`{% translate %}` and `{% blocktranslate %}` print translations without escaping them (Django
trusts the catalogs), so a translation edited outside the code is an injection path: a `<script>`
in a string of the admin menu, a `<meta http-equiv="refresh">` on a public page, a `"` that closes
the attribute the string is printed in. The rule, checked for every edit, before an edit is
applied, and on the catalogs in locale/:

1. Placeholders are exactly those of the source, character for character, as a multiset: printf
   specifications (`%(name)s`, `%5.2f`, `%*s`; `%%` is a percent sign) and str.format fields
   (`{page}`, `{0!r}`, `{page:>10}`; `{{` and `}}` are braces), because `format_html(_("… {page}"),
   page=…)` lets a field reach any attribute of its value (`{page.__init__.__globals__[…]}`) and
   a width allocates (`{page:999999999}`, `%999999999s`). A `%` that starts no specification of
   the source, or braces that do not pair up, are refused too: formatting would raise.
   The exception is a source that uses `%` as a percent sign ("50% of", "100%"), which cannot be
   formatted with `%`: its translation may too ("50 % de"), but brings no other specification.
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
from dataclasses import dataclass, replace
from html.entities import html5
from html.parser import HTMLParser

from .catalogs import Placeholders, is_text_percent, placeholders

PLACEHOLDERS, MARKUP, CHARACTERS = "placeholders", "markup", "characters"
# A `%` that starts no placeholder of the source; braces that do not pair up as str.format's.
PERCENT, BRACES = "percent", "braces"

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


def _placeholders_only(found):
    return tuple(spec for spec in found.printf if not is_text_percent(spec))


def _printf_problems(expected, found):
    if expected.percent_as_text:
        # Never formatted with `%`, nor is its translation: refuse only what can be nothing but
        # a placeholder (a key, a width, `%s`...), not "50 % de".
        extra = Counter(found.printf) - Counter(expected.printf)
        if all(map(is_text_percent, extra.elements())):
            return []
        return [Problem(PLACEHOLDERS, _placeholders_only(expected), _placeholders_only(found))]
    # Formatted with `%`, or perhaps ({% blocktranslate %} formats even without variables): a `%`
    # that is not `%%` or one of the source's specifications raises, or fills in a value.
    extra = Counter(found.printf) - Counter(expected.printf)
    percent_signs = [spec for spec in extra.elements() if is_text_percent(spec)]
    problems = []
    if extra.total() > len(percent_signs) or Counter(expected.printf) - Counter(found.printf):
        placeholders_found = [spec for spec in found.printf if spec not in percent_signs]
        problems.append(Problem(PLACEHOLDERS, expected.printf, tuple(placeholders_found)))
    if percent_signs or found.stray:
        problems.append(Problem(PERCENT, found=_unique(percent_signs + list(found.stray))))
    return problems


def _format_problems(expected, found):
    if expected.fields is None:
        # The source's braces are not str.format's, so it is never formatted with them; its
        # translation may bring no fields of its own.
        return [Problem(PLACEHOLDERS, (), found.fields)] if found.fields else []
    if found.fields is None:
        return [Problem(BRACES, expected.fields)]
    if Counter(found.fields) != Counter(expected.fields):
        return [Problem(PLACEHOLDERS, expected.fields, found.fields)]
    return []


def _any_form(each, found):
    """What one plural form may have: any of the source's forms' fields, as written; a form may
    leave one out ("One page") or repeat it."""
    fields = None
    if all(form.fields is not None for form in each):
        fields = tuple(f for f in found.fields or () if any(f in form.fields for form in each))
    return Placeholders(
        printf=tuple(spec for spec in found.printf if any(spec in form.printf for form in each)),
        stray=tuple(stray for form in each for stray in form.stray),
        percent_as_text=any(form.percent_as_text for form in each),
        fields=fields,
    )


def placeholder_problems(source, translation, *, forms=None):
    """The translation's replacement fields are exactly the source's, character for character,
    as a multiset (see Placeholders): `%(name)s`, `%5.2f`, `{page}`, `{0!r}`, `{page:>10}` each
    compare as written, so no attribute or index access, conversion, width or format spec that
    the source lacks. `forms`: the translation is one plural form of a source with these forms."""
    if not translation:
        return []
    found = placeholders(translation)
    if forms is None:
        expected = placeholders(source)
        return _printf_problems(expected, found) + _format_problems(expected, found)
    each = [placeholders(form) for form in forms]
    expected = _any_form(each, found)
    problems = _printf_problems(expected, found) + _format_problems(expected, found)
    # The message names all the fields of the source's forms.
    listed = _unique(
        [spec for form in each for spec in _placeholders_only(form)]
        + [field for form in each for field in form.fields or ()]
    )
    return [
        replace(problem, expected=listed) if problem.kind in (PLACEHOLDERS, BRACES) else problem
        for problem in problems
    ]


def translation_problems(source, translation, *, forms=None):
    """Everything wrong with `translation` of `source`; [] when it may be shown. No gettext here:
    the runtime and the management commands call it too. `forms`: see placeholder_problems;
    the markup is compared with `source`, the form of the same number."""
    return placeholder_problems(source, translation, forms=forms) + markup_problems(
        source, translation
    )


def is_safe(source, translation):
    return not translation_problems(source, translation)
