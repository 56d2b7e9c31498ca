"""Rich text as the editor stores it, and its markup as a parser reads it.

Draftail gives each paragraph an id (`data-block-key`) when a text is first saved in the editor,
and writes the HTML in its own way (entities, spaces, `<br/>`). Neither changes what a reader
sees, so neither counts as a change of the text: the translation queue compares and fingerprints
an HTML text by what a parser reads in it, without those ids (`canonical`). Imported rich text is
stored only as the editor itself would store it (`as_editor_stores`).
"""

import json
import re
from collections import Counter
from html.parser import HTMLParser

from wagtail import blocks
from wagtail.fields import RichTextField

BLOCK_KEY = "data-block-key"
WHITESPACE = re.compile(r"[ \t\n\f\r]+")


class _Reader(HTMLParser):
    """The tokens of an HTML string: tags with their parsed attributes (paragraph ids left
    out), text with its character references decoded and its spaces collapsed."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tokens = []  # [(token, as written)]

    def handle_starttag(self, tag, attrs):
        kept = tuple(sorted((name, value or "") for name, value in attrs if name != BLOCK_KEY))
        self.tokens.append((("tag", tag, kept), self.get_starttag_text()))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self.tokens.append((("end tag", tag), f"</{tag}>"))

    def handle_comment(self, data):
        self.tokens.append((("comment", data), f"<!--{data}-->"))

    def handle_decl(self, decl):
        self.tokens.append((("declaration", decl), f"<!{decl}>"))

    def unknown_decl(self, data):
        self.tokens.append((("declaration", data), f"<![{data}]>"))

    def handle_pi(self, data):
        self.tokens.append((("instruction", data), f"<?{data}>"))

    def handle_data(self, data):
        text = WHITESPACE.sub(" ", data)
        if self.tokens and self.tokens[-1][0][0] == "text":
            text = self.tokens.pop()[0][1] + text
        self.tokens.append((("text", text), text))


def _read(html):
    reader = _Reader()
    reader.feed(html or "")
    reader.close()
    return reader.tokens


def canonical(html):
    """What a reader gets from `html`, as a string: for HTML, equal for two texts that differ
    only in Draftail's paragraph ids, in how characters are written (`&amp;` or `&#38;`) and in
    runs of spaces, which a browser collapses. A text without markup is shown as it is written
    (escaped), so it is its own canonical form."""
    read = _read(html)
    if all(token[0] == "text" for token, _written in read):
        return html or ""
    tokens = []
    for token, _written in read:
        if token[0] == "text":
            text = token[1].strip()
            if not text:
                continue
            token = ("text", text)
        tokens.append(token)
    return json.dumps(tokens, ensure_ascii=False, separators=(",", ":"))


def same_text(first, second):
    """Whether two versions of a text read the same (see canonical)."""
    return first == second or canonical(first) == canonical(second)


def markup(html):
    """The markup of `html`: [(tag and parsed attributes, as written)], paragraph ids left out
    of the first (it is what is compared), text left out altogether."""
    return [(token, written) for token, written in _read(html) if token[0] != "text"]


def same_markup(source, translation):
    """Whether `translation` has exactly the tags of `source` (in any order: a translation may
    move a link), compared by name and parsed attributes, paragraph ids aside."""
    return Counter(token for token, _w in markup(source)) == Counter(
        token for token, _w in markup(translation)
    )


class UnreadableRichText(Exception):
    """The editor's converter could not read the HTML (unbalanced tags, for example)."""


def editor_widget(model_field=None, block=None):
    """The rich-text editor widget of a RichTextField or a RichTextBlock, with its features."""
    if isinstance(block, blocks.RichTextBlock):
        return block.field.widget
    if isinstance(model_field, RichTextField):
        return model_field.formfield().widget
    raise TypeError("not a rich text")


def as_editor_stores(html, widget):
    """`html` converted the way the admin's editor converts what it saves: read into the editor's
    format, then written back with only the elements and attributes of the field's features
    (Draftail's whitelist: no event handler, no `javascript:` link, no other element)."""
    name = "text"
    try:
        editor_value = widget.format_value(html)
        stored = widget.value_from_datadict({name: editor_value}, {}, name)
    except Exception as error:  # noqa: BLE001 - any failure of the converter means unreadable
        raise UnreadableRichText(str(error)) from error
    if stored is None:
        raise UnreadableRichText("no value")
    return stored
