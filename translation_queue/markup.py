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
from dataclasses import dataclass, field
from html import escape
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


# Segmenting rich text for translation tools: one segment per paragraph, heading and list item,
# its inline tags (links, emphasis, line breaks) as numbered codes that a tool protects, so that
# the translator never sees (nor can change) an attribute or Draftail's paragraph ids.

SEGMENT_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dt", "dd"}
STRUCTURE = {"ul", "ol", "dl", "div", "hr", "embed", "figure", "table", "tr", "td", "th"}
VOID = {"br", "wbr", "img", "embed", "hr", "input"}
PAIR, ISOLATED = "pair", "isolated"
PO_CODE = re.compile(r"<(/?)([A-Za-z]+)([0-9]+)\s*(/?)>")
TAG_LIKE = re.compile(r"<\s*/?\s*[A-Za-z!?]")


class UnreadableSegment(Exception):
    """A translated segment's codes are not the source's: the message says which."""


@dataclass
class Code:
    id: int
    kind: str  # PAIR or ISOLATED
    name: str  # the tag's name ("a", "b", "br")
    start: str  # as written in the source
    end: str = ""

    @property
    def placeholder(self):
        """The code as a PO text shows it: <a1>…</a1>, <br2/>."""
        if self.kind == PAIR:
            return f"<{self.name}{self.id}>…</{self.name}{self.id}>"
        return f"<{self.name}{self.id}/>"


@dataclass
class Segment:
    block: str  # the enclosing element ("p", "li"), "" for text outside any
    parts: list = field(default_factory=list)  # str, ("open", id), ("close", id), ("ph", id)
    codes: dict = field(default_factory=dict)  # id: Code
    raw: str = ""

    @property
    def text(self):
        return "".join(part for part in self.parts if isinstance(part, str))

    def html(self, codes=None):
        """The segment as HTML; `codes` (the source's) give the tags of a translated segment."""
        codes = codes or self.codes
        written = []
        for part in self.parts:
            if isinstance(part, str):
                written.append(escape(part, quote=False))
            elif part[0] == "close":
                written.append(codes[part[1]].end)
            else:
                written.append(codes[part[1]].start)
        return "".join(written)

    def po_text(self):
        written = []
        for part in self.parts:
            if isinstance(part, str):
                written.append(part)
            else:
                code = self.codes[part[1]]
                slash = "/" if part[0] == "close" else ""
                end = "/" if part[0] == "ph" else ""
                written.append(f"<{slash}{code.name}{code.id}{end}>")
        return "".join(written)


@dataclass
class Segmented:
    skeleton: list  # HTML as written (str) and segment numbers (int), in order
    segments: list

    @property
    def shape(self):
        return [segment.block for segment in self.segments]

    def html(self, translated):
        """The HTML with each segment replaced by translated[number] (a Segment)."""
        written = []
        for piece in self.skeleton:
            if isinstance(piece, int):
                written.append(translated[piece].html())
            else:
                written.append(piece)
        return "".join(written)


class _Segmenter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skeleton, self.segments = [], []
        self.blocks, self.open_codes = [], []
        self.current = None

    def _begin(self):
        if self.current is None:
            self.current = Segment(self.blocks[-1] if self.blocks else "")
        return self.current

    def _finish(self):
        segment, self.current = self.current, None
        if segment is None:
            return
        for code_id in self.open_codes:  # opened and never closed: a code on its own
            code = segment.codes[code_id]
            code.kind = ISOLATED
            segment.parts = [
                ("ph", code_id) if p == ("open", code_id) else p for p in segment.parts
            ]
        self.open_codes = []
        if segment.text.strip():
            self.skeleton.append(len(self.segments))
            self.segments.append(segment)
        else:
            self.skeleton.append(segment.raw)

    def _code(self, name, kind, start):
        segment = self._begin()
        code = Code(len(segment.codes) + 1, kind, name, start)
        segment.codes[code.id] = code
        segment.raw += start
        return segment, code

    def handle_starttag(self, tag, attrs):
        written = self.get_starttag_text()
        if tag in SEGMENT_BLOCKS or (tag in STRUCTURE and not self.current):
            self._finish()
            self.skeleton.append(written)
            if tag in SEGMENT_BLOCKS:
                self.blocks.append(tag)
                self.current = Segment(tag)
        elif tag in STRUCTURE and tag not in VOID:
            self._finish()
            self.skeleton.append(written)
        elif tag in VOID:
            segment, code = self._code(tag, ISOLATED, written)
            segment.parts.append(("ph", code.id))
        else:
            segment, code = self._code(tag, PAIR, written)
            code.end = f"</{tag}>"
            segment.parts.append(("open", code.id))
            self.open_codes.append(code.id)

    def handle_startendtag(self, tag, attrs):
        if tag in VOID and tag not in ("br", "wbr") and self.current is None:
            self._finish()
            self.skeleton.append(self.get_starttag_text())
            return
        segment, code = self._code(tag, ISOLATED, self.get_starttag_text())
        segment.parts.append(("ph", code.id))

    def handle_endtag(self, tag):
        written = f"</{tag}>"
        if tag in SEGMENT_BLOCKS or tag in STRUCTURE:
            self._finish()
            self.skeleton.append(written)
            if tag in SEGMENT_BLOCKS and self.blocks and self.blocks[-1] == tag:
                self.blocks.pop()
            return
        segment = self.current
        if segment is not None and self.open_codes:
            code = segment.codes[self.open_codes[-1]]
            if code.name == tag:
                self.open_codes.pop()
                segment.parts.append(("close", code.id))
                segment.raw += written
                return
        if segment is None:
            self.skeleton.append(written)
            return
        segment, code = self._code(tag, ISOLATED, written)
        segment.parts.append(("ph", code.id))

    def handle_data(self, data):
        if self.current is None and not data.strip():
            self.skeleton.append(data)
            return
        segment = self._begin()
        segment.parts.append(data)
        segment.raw += escape(data, quote=False)

    def _other(self, written):
        if self.current is None:
            self.skeleton.append(written)
        else:
            segment, code = self._code("x", ISOLATED, written)
            segment.parts.append(("ph", code.id))

    def handle_comment(self, data):
        self._other(f"<!--{data}-->")

    def handle_decl(self, decl):
        self._other(f"<!{decl}>")

    def unknown_decl(self, data):
        self._other(f"<![{data}]>")

    def handle_pi(self, data):
        self._other(f"<?{data}>")


def segmented(html):
    """`html` as a skeleton and its segments (see Segment)."""
    segmenter = _Segmenter()
    segmenter.feed(html or "")
    segmenter.close()
    segmenter._finish()
    return Segmented(segmenter.skeleton, segmenter.segments)


def _checked(parts, source):
    """`parts` of a translated segment, when they hold each of the source's codes exactly once,
    a pair's opening before its closing and pairs nested as tags must be."""
    seen, stack = Counter(), []
    for part in parts:
        if isinstance(part, str):
            if TAG_LIKE.search(part):
                raise UnreadableSegment("tag in text")
            continue
        kind, code_id = part
        code = source.codes.get(code_id)
        expected = {"open": PAIR, "close": PAIR, "ph": ISOLATED}[kind]
        if code is None or code.kind != expected:
            raise UnreadableSegment("unknown code")
        seen[part] += 1
        if kind == "open":
            stack.append(code_id)
        elif kind == "close" and (not stack or stack.pop() != code_id):
            raise UnreadableSegment("codes crossed")
    wanted = Counter(part for part in source.parts if not isinstance(part, str))
    if seen != wanted or stack:
        raise UnreadableSegment("codes missing or repeated")
    return Segment(source.block, parts, source.codes)


def segment_from_po(text, source):
    """The translated segment a PO text gives (its placeholders are the source's codes)."""
    parts, position = [], 0
    for match in PO_CODE.finditer(text):
        if match.start() > position:
            parts.append(text[position : match.start()])
        closing, name, number, empty = match.groups()
        code_id = int(number)
        code = source.codes.get(code_id)
        if code is None or code.name.lower() != name.lower():
            raise UnreadableSegment("unknown placeholder")
        parts.append(("close" if closing else "ph" if empty else "open", code_id))
        position = match.end()
    if position < len(text):
        parts.append(text[position:])
    return _checked(parts, source)


def segment_from_parts(parts, source):
    """The translated segment an XLIFF target's inline content gives (see exchange.py)."""
    return _checked(parts, source)
