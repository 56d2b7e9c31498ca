"""Translation exchange files: a selection of the queue exported as XLIFF 2.0 or PO for the tools
professional translators use, and the translated file imported back as drafts. XLIFF 1.2 is offered
too, for the tools that read no XLIFF 2: translate-toolkit's `factory` (and what is built on it:
Virtaal, Pootle) opens every `.xlf`/`.xliff` with its XLIFF 1.2 reader, which refuses 2.0.

Each exported text carries fingerprints of its Spanish text and of its translation as they were
at export time. On import a text is written only when both still match the page's latest version
(nothing that changed since the export is overwritten), and only when the translation keeps the
source's markup (interface_strings/safety.py, the interface-strings editor's rule; a page's text is
never formatted, so its `%` and braces are text). Rich text is exchanged as its HTML, escaped inside the file.

The accepted texts of a page go into its latest version and are saved as one new draft revision:
never published, so a reviewer still approves them.

Not exchanged: blocks without text (an image without caption), a target body written by hand
with other block ids (compared as a whole, so there is no block to write each text into), and
inline items not saved yet ("new-N" keys, which have no stable id). Importing any of those is
refused with a reason.
"""

import copy
import re
import tempfile
import xml.etree.ElementTree as ET  # noqa: S405 - only to build files; parsing uses defusedxml
from dataclasses import dataclass, field, replace

import polib
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError
from defusedxml.ElementTree import fromstring as parse_xml
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname
from wagtail import blocks
from wagtail.admin.utils import get_user_display_name
from wagtail.fields import RichTextField, StreamField
from wagtail.locks import BasicLock, ScheduledForPublishLock, WorkflowLock
from wagtail.models import Page

from core.i18n.languages import default_language
from interface_strings.editing import problem_message
from interface_strings.safety import (
    BRACES,
    CHARACTERS,
    MARKUP,
    PERCENT,
    PLACEHOLDERS,
    Problem,
    translation_problems,
)

from .layout import copy_layout
from .markup import (
    PAIR,
    Segment,
    UnreadableRichText,
    UnreadableSegment,
    as_editor_stores,
    editor_widget,
    markup,
    same_markup,
    same_text,
    segment_from_parts,
    segment_from_po,
    segmented,
)
from .models import SourceFingerprint, TranslationItem, TranslationState, fingerprint
from .states import latest_version, refresh_page, refresh_stale_pages, target_languages
from .units import SEPARATOR, TEXT_BLOCKS, page_units, raw_stream, translated_fields, unit_label

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF_1_2_NS = "urn:oasis:names:tc:xliff:document:1.2"
SOURCE_FINGERPRINT = "qp-source-fingerprint"
TARGET_FINGERPRINT = "qp-target-fingerprint"
MAX_FILE_SIZE = 5 * 1024 * 1024
# What one import may hold: far more than an export of the whole site, and few enough to read
# and import within a request. A PO file's lines are counted before it is parsed, because polib
# takes time that grows with the square of an entry's number of lines.
MAX_TEXTS = 5000
MAX_PO_LINES = 60_000
MAX_PO_ENTRY_LINES = 1000
MAX_PO_ENTRY_SIZE = 200_000
MAX_PO_WORK = 100_000_000  # the sum of each entry's lines times its characters
XLIFF, XLIFF_1_2, PO = "xliff", "xliff12", "po"
CONTEXT_SEPARATOR = "|"
ASCII_NUMBER = re.compile(r"[0-9]{1,18}")
XML_ENCODING = re.compile(rb"""\A<\?xml\s[^>]*?\bencoding\s*=\s*["']([^"']*)["']""")
UTF8_NAMES = {"utf-8", "utf8"}
UTF16_AND_32_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")

IMPORTED, SKIPPED, REFUSED = "imported", "skipped", "refused"


NOT_UTF8 = gettext_lazy(
    "The file is not in UTF-8: exchange files are exported in UTF-8. Save it as UTF-8 and "
    "import it again."
)
TOO_MANY_TEXTS = gettext_lazy(
    "The file holds more than %(texts)s texts: export and import a smaller selection."
)
TOO_MANY_LINES = gettext_lazy(
    "The file has more than %(lines)s lines: export and import a smaller selection."
)


class ExchangeFileError(Exception):
    """The uploaded file cannot be read as an exchange file; the message says why."""


class MissingBlock(Exception):
    """The target body has no block (or no text) at the unit's path."""


# Exporting

# Each format's own words for a text's state (XLIFF 2.0 `state`, PO's fuzzy flag): a text that
# is missing or out of date goes out as unfinished, never as a finished translation.
XLIFF_STATES = {
    TranslationState.MISSING: "initial",
    TranslationState.OUT_OF_DATE: "initial",
    TranslationState.WAITING: "translated",
    TranslationState.DONE: "final",
}
UNFINISHED = {TranslationState.MISSING, TranslationState.OUT_OF_DATE}
SEGMENT_MARK = "#"  # "body/<block id>#2": a rich text's second paragraph (keys have no "#")


@dataclass
class ExportedPage:
    page: Page  # its latest version, as editors see it
    units: list


@dataclass
class Entry:
    """One text of an exchange file: a plain text, or one segment of a rich text."""

    key: str
    label: str
    source: object  # str, or a markup.Segment
    target: object  # str, a Segment, or None: nothing to send as a translation
    state: str  # a TranslationState
    previous: object = None  # the Spanish text the out-of-date target was made from
    notes: list = field(default_factory=list)

    @property
    def rich(self):
        return isinstance(self.source, Segment)


def exportable(unit, model):
    """Whether a unit can be written back from a file (see the module's docstring)."""
    if unit.source == f"[{unit.type_path}]":
        return False  # a block without text: only its presence is tracked
    if unit.key == unit.field_name and unit.field_name in translated_fields(model):
        # A target body written by hand, compared as a whole.
        return not isinstance(model._meta.get_field(unit.field_name), StreamField)
    return not _is_new_item(unit.key)


def copied_source(unit):
    """Whether the unit's target is the Spanish text copied by "Copy the Spanish layout": a
    starting point, not a translation, so it never goes out as one."""
    return unit.copied_from_layout and same_text(unit.target, unit.source)


def exported_target(unit, state):
    return "" if state == TranslationState.MISSING or copied_source(unit) else unit.target


def selection_units(items, language):
    """[ExportedPage] for the queue items given (one language), each page's units in form order,
    computed from its latest version so that the fingerprints are those of what editors see.
    Each unit gets its state (`state`) and, when out of date, the Spanish text its translation
    was made from (`previous_source`)."""
    states_by_page = {}
    for page_id, key, state in items.filter(language=language).values_list(
        "page_id", "key", "state"
    ):
        states_by_page.setdefault(page_id, {})[key] = state
    previous = {
        (page_id, key): text
        for page_id, key, text in SourceFingerprint.objects.filter(
            page_id__in=list(states_by_page), language=language
        ).values_list("page_id", "key", "source_text")
    }
    exported = []
    pages = Page.objects.filter(pk__in=list(states_by_page)).order_by("path").specific(defer=False)
    for page in pages:
        latest, _is_draft = latest_version(page)
        model = type(latest)
        units = []
        for unit in page_units(latest, language):
            if unit.key in states_by_page[page.pk] and exportable(unit, model):
                unit.label = unit_label(model, unit.field_name, unit.type_path)
                unit.state = states_by_page[page.pk][unit.key]
                unit.previous_source = (
                    previous.get((page.pk, unit.key))
                    if unit.state == TranslationState.OUT_OF_DATE
                    else None
                )
                units.append(unit)
        if units:
            exported.append(ExportedPage(latest, units))
    return exported


def entries(unit):
    """The unit as the file's texts: itself, or a rich text's segments (a paragraph, heading or
    list item each), with the fingerprints its import is checked against."""
    target = exported_target(unit, unit.state)
    notes = [
        (SOURCE_FINGERPRINT, fingerprint(unit.source)),
        (TARGET_FINGERPRINT, fingerprint(target)),
    ]
    if not unit.rich:
        return [
            Entry(
                unit.key,
                str(unit.label),
                unit.source,
                target or None,
                unit.state,
                unit.previous_source,
                notes,
            )
        ]
    source = segmented(unit.source)
    translated = segmented(target) if target else None
    if translated and translated.shape != source.shape:
        translated = None  # other paragraphs than the Spanish text's: nothing to pair
    before = segmented(unit.previous_source) if unit.previous_source else None
    if before and before.shape != source.shape:
        before = None
    count = len(source.segments)
    result = []
    for index, segment in enumerate(source.segments):
        label = str(unit.label)
        if count > 1:
            label = _("%(label)s (%(number)s of %(count)s)") % {
                "label": label,
                "number": index + 1,
                "count": count,
            }
        result.append(
            Entry(
                f"{unit.key}{SEGMENT_MARK}{index + 1}",
                label,
                segment,
                translated.segments[index] if translated else None,
                unit.state if translated or not target else TranslationState.MISSING,
                before.segments[index] if before else None,
                notes,
            )
        )
    return result


def xliff_key(key):
    # XLIFF 2.0 ids are NMTOKENs, which have no "/" nor "#": keys never contain ":" nor "."
    # (block ids, field names and primary keys), so the mapping is reversible.
    return key.replace(SEPARATOR, ":").replace(SEGMENT_MARK, ".")


CODE_TYPES = {"a": "link", "br": "fmt", "b": "fmt", "strong": "fmt", "i": "fmt", "em": "fmt"}


def _inline(element, segment):
    """Fills an XLIFF <source>/<target> with a segment: text, <pc> for a pair of tags, <ph> for
    a tag on its own, each pointing at the tag as written (<originalData>)."""
    stack, last = [element], None
    for part in segment.parts:
        parent = stack[-1]
        if isinstance(part, str):
            if last is None:
                parent.text = (parent.text or "") + part
            else:
                last.tail = (last.tail or "") + part
            continue
        kind, code_id = part
        code = segment.codes[code_id]
        if kind == "open":
            child = ET.SubElement(
                parent,
                "pc",
                {
                    "id": str(code_id),
                    "dataRefStart": f"o{code_id}",
                    "dataRefEnd": f"c{code_id}",
                    "type": CODE_TYPES.get(code.name, "other"),
                },
            )
            stack.append(child)
            last = None
        elif kind == "close":
            last = stack.pop()
        else:
            last = ET.SubElement(
                parent,
                "ph",
                {
                    "id": str(code_id),
                    "dataRef": f"o{code_id}",
                    "type": CODE_TYPES.get(code.name, "other"),
                },
            )


def export_xliff(exported, language):
    root = ET.Element(
        "xliff",
        {"xmlns": XLIFF_NS, "version": "2.0", "srcLang": default_language(), "trgLang": language},
    )
    for entry in exported:
        page = entry.page
        file_element = ET.SubElement(
            root, "file", {"id": f"page-{page.pk}", "original": str(page.pk)}
        )
        notes = ET.SubElement(file_element, "notes")
        ET.SubElement(notes, "note", {"category": "title"}).text = str(
            page.get_admin_display_title()
        )
        for unit in entry.units:
            for text in entries(unit):
                _xliff_unit(file_element, page, text)
    ET.indent(root)
    # Unqualified names under an xmlns attribute: ElementTree would otherwise invent "ns0:".
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def _xliff_unit(file_element, page, text):
    # Ids are unique in the whole file (tools that merge <file>s must not see one twice).
    unit_element = ET.SubElement(
        file_element, "unit", {"id": f"p{page.pk}:{xliff_key(text.key)}", "name": text.key}
    )
    notes = ET.SubElement(unit_element, "notes")
    for category, note in _notes(text):
        ET.SubElement(notes, "note", {"category": category}).text = note
    if text.rich and text.source.codes:
        original = ET.SubElement(unit_element, "originalData")
        for code in text.source.codes.values():
            ET.SubElement(original, "data", {"id": f"o{code.id}"}).text = code.start
            if code.kind == PAIR:
                ET.SubElement(original, "data", {"id": f"c{code.id}"}).text = code.end
    attributes = {"state": XLIFF_STATES[text.state]}
    if text.state == TranslationState.OUT_OF_DATE:
        attributes["subState"] = "qp:out-of-date"
    segment = ET.SubElement(unit_element, "segment", attributes)
    source = ET.SubElement(segment, "source")
    if text.rich:
        _inline(source, text.source)
    else:
        source.text = text.source
    if text.target is not None:
        target = ET.SubElement(segment, "target")
        if text.rich:
            _inline(target, text.target)
        else:
            target.text = text.target


def _notes(text):
    notes = [("location", text.label)]
    if text.state == TranslationState.OUT_OF_DATE:
        notes.append(("state", _("Out of date: the Spanish text changed after this translation.")))
        if text.previous is not None:
            previous = text.previous.po_text() if text.rich else text.previous
            notes.append(("previous-source", previous))
    return notes + text.notes


# XLIFF 1.2's words for the same states: a finished text is also `approved="yes"`, without which
# translate-toolkit calls a target fuzzy; an out-of-date one asks for review.
XLIFF_1_2_STATES = {
    TranslationState.OUT_OF_DATE: "needs-review-translation",
    TranslationState.WAITING: "translated",
    TranslationState.DONE: "final",
}
# XLIFF 1.2's `ctype` of an inline code; other tags get an "x-" name of their own.
CODE_CTYPES = {
    "a": "link",
    "br": "lb",
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
}


def export_xliff_1_2(exported, language):
    """The same texts, ids, notes and states as export_xliff, in XLIFF 1.2: <trans-unit>s, and
    <g>/<x> for a rich text's tags (1.2 has no <originalData>: the tags stay on the site)."""
    root = ET.Element("xliff", {"xmlns": XLIFF_1_2_NS, "version": "1.2"})
    for entry in exported:
        page = entry.page
        file_element = ET.SubElement(
            root,
            "file",
            {
                "original": str(page.pk),
                "source-language": default_language(),
                "target-language": language,
                "datatype": "html",
            },
        )
        header = ET.SubElement(file_element, "header")
        ET.SubElement(header, "note", {"from": "title"}).text = str(page.get_admin_display_title())
        body = ET.SubElement(file_element, "body")
        for unit in entry.units:
            for text in entries(unit):
                _xliff_1_2_unit(body, page, text)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def _xliff_1_2_unit(body, page, text):
    attributes = {"id": f"p{page.pk}:{xliff_key(text.key)}", "resname": text.key}
    finished = text.target is not None and text.state not in UNFINISHED
    if finished:
        attributes["approved"] = "yes"
    unit_element = ET.SubElement(body, "trans-unit", attributes)
    source = ET.SubElement(unit_element, "source")
    if text.rich:
        _inline_1_2(source, text.source)
    else:
        source.text = text.source
    if text.target is not None:
        target = ET.SubElement(
            unit_element,
            "target",
            {"state": XLIFF_1_2_STATES.get(text.state, "needs-translation")},
        )
        if text.rich:
            _inline_1_2(target, text.target)
        else:
            target.text = text.target
    for category, note in _notes(text):
        ET.SubElement(unit_element, "note", {"from": category}).text = note


def _inline_1_2(element, segment):
    """Fills an XLIFF 1.2 <source>/<target> with a segment: <g> for a pair of tags, <x/> for a
    tag on its own, numbered as in XLIFF 2.0 and PO."""
    stack, last = [element], None
    for part in segment.parts:
        parent = stack[-1]
        if isinstance(part, str):
            if last is None:
                parent.text = (parent.text or "") + part
            else:
                last.tail = (last.tail or "") + part
            continue
        kind, code_id = part
        name = segment.codes[code_id].name.lower()
        ctype = CODE_CTYPES.get(name, f"x-{name}")
        if kind == "open":
            stack.append(ET.SubElement(parent, "g", {"id": str(code_id), "ctype": ctype}))
            last = None
        elif kind == "close":
            last = stack.pop()
        else:
            last = ET.SubElement(parent, "x", {"id": str(code_id), "ctype": ctype})


def _po_text(value, rich):
    if value is None:
        return ""
    return value.po_text() if rich else value


def export_po(exported, language, user=None):
    po = polib.POFile(wrapwidth=0)
    now = timezone.now().strftime("%Y-%m-%d %H:%M%z")
    translator = ""
    if user is not None and user.is_authenticated:
        name = user.get_full_name() or user.get_username()
        translator = f"{name} <{user.email}>" if user.email else name
    po.metadata = {
        "Project-Id-Version": "Quito Process portal pages",
        "POT-Creation-Date": now,
        "PO-Revision-Date": now,
        "Last-Translator": translator,
        "Language-Team": f"{get_language_info(language)['name']} (Quito Process portal)",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": default_language(),
    }
    for entry in exported:
        title = str(entry.page.get_admin_display_title())
        for unit in entry.units:
            for text in entries(unit):
                comment = [f"{title} › {text.label}"]
                if text.rich and text.source.codes:
                    comment.append(
                        _("Keep each tag, as in the source: %(tags)s")
                        % {"tags": " ".join(c.placeholder for c in text.source.codes.values())}
                    )
                comment += [
                    f"{category}: {note}"
                    for category, note in _notes(text)[1:]
                    if category != "previous-source"
                ]
                po_entry = polib.POEntry(
                    msgctxt=f"{entry.page.pk}{CONTEXT_SEPARATOR}{text.key}",
                    msgid=_po_text(text.source, text.rich),
                    msgstr=_po_text(text.target, text.rich),
                    comment="\n".join(comment),
                )
                if text.state == TranslationState.OUT_OF_DATE and text.target is not None:
                    po_entry.flags.append("fuzzy")
                    if text.previous is not None:
                        po_entry.previous_msgid = _po_text(text.previous, text.rich)
                po.append(po_entry)
    return str(po)


# Reading a file


@dataclass
class FileUnit:
    page_id: int | None
    key: str
    target: str
    source_fingerprint: str = ""
    target_fingerprint: str = ""
    fuzzy: bool = False  # PO's fuzzy flag, XLIFF's state="initial": not finished
    parts: list | None = None  # XLIFF: the target's text and inline codes (markup.Segment.parts)
    unreadable: bool = False  # XLIFF: inline content that is not the source's codes


@dataclass
class ExchangeFile:
    kind: str  # XLIFF, XLIFF_1_2 or PO
    language: str
    units: list


def read_exchange_file(data):
    """An ExchangeFile from the uploaded bytes, XLIFF (2.0 or 1.2) or PO told apart by their
    content.
    Exchange files are UTF-8, as exported; any other encoding is refused with a message."""
    if data.startswith(UTF16_AND_32_BOMS):
        raise ExchangeFileError(NOT_UTF8)
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    parsed = _read_xliff(start) if start.startswith(b"<") else _read_po(data)
    if len(parsed.units) > MAX_TEXTS:
        raise ExchangeFileError(TOO_MANY_TEXTS % {"texts": MAX_TEXTS})
    if parsed.language not in target_languages():
        raise ExchangeFileError(
            _("The file's target language (%(language)s) is not one this site translates into.")
            % {"language": parsed.language or "?"}
        )
    if not parsed.units:
        raise ExchangeFileError(_("The file has no texts exported from this site."))
    return parsed


def _read_xliff(data):
    declared = XML_ENCODING.match(data)
    if declared and declared.group(1).decode("ascii", "replace").lower() not in UTF8_NAMES:
        raise ExchangeFileError(
            _(
                "The file declares the encoding %(encoding)s: exchange files are in UTF-8. "
                "Save it as UTF-8 and import it again."
            )
            % {"encoding": declared.group(1).decode("ascii", "replace")[:40]}
        )
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ExchangeFileError(NOT_UTF8) from error
    try:
        root = parse_xml(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise ExchangeFileError(
            _(
                "The file declares a document type or entities, which an exchange file never "
                "needs: it was not read."
            )
        ) from error
    except ParseError as error:
        raise ExchangeFileError(
            _("The file is not well-formed XML (%(error)s).") % {"error": error}
        ) from error
    except (ValueError, LookupError) as error:
        # An encoding the XML parser cannot read, however the file declares it.
        raise ExchangeFileError(NOT_UTF8) from error
    if root.tag == f"{{{XLIFF_1_2_NS}}}xliff" and root.get("version") == "1.2":
        return _read_xliff_1_2(root)
    if root.tag != f"{{{XLIFF_NS}}}xliff" or root.get("version") != "2.0":
        raise ExchangeFileError(_("The file is XML but not XLIFF 2.0 nor XLIFF 1.2."))
    ns = {"x": XLIFF_NS}
    units = []
    for file_element in root.iterfind("x:file", ns):
        page_id = _page_id(file_element.get("original") or file_element.get("id", ""))
        for unit_element in file_element.iter(f"{{{XLIFF_NS}}}unit"):
            key = unit_element.get("name") or unit_element.get("id", "").replace(":", SEPARATOR)
            notes = {
                note.get("category"): (note.text or "").strip()
                for note in unit_element.iterfind("x:notes/x:note", ns)
            }
            target, parts, fuzzy = _xliff_target(unit_element)
            units.append(
                FileUnit(
                    page_id=page_id,
                    key=key,
                    target=target,
                    source_fingerprint=notes.get(SOURCE_FINGERPRINT, ""),
                    target_fingerprint=notes.get(TARGET_FINGERPRINT, ""),
                    fuzzy=fuzzy,
                    parts=parts,
                    unreadable=parts is None,
                )
            )
    return ExchangeFile(XLIFF, root.get("trgLang", ""), units)


def _read_xliff_1_2(root):
    ns = {"x": XLIFF_1_2_NS}
    units, language = [], ""
    for file_element in root.iterfind("x:file", ns):
        language = language or file_element.get("target-language", "")
        page_id = _page_id(file_element.get("original", ""))
        for unit_element in file_element.iter(f"{{{XLIFF_1_2_NS}}}trans-unit"):
            key = unit_element.get("resname") or unit_element.get("id", "").partition(":")[2]
            notes = {
                note.get("from"): (note.text or "").strip()
                for note in unit_element.iterfind("x:note", ns)
            }
            target = unit_element.find(f"{{{XLIFF_1_2_NS}}}target")
            text, parts, fuzzy = "", [], False
            if target is not None and (target.text or len(target)):
                text = "".join(target.itertext())
                try:
                    parts = _inline_parts_1_2(target)
                except UnreadableSegment:
                    parts = None
                # Unfinished: a "needs-…" or "new" state, or not approved by a tool that
                # approves what it finishes (translate-toolkit's fuzzy).
                state = target.get("state", "")
                fuzzy = (
                    state.startswith("needs-")
                    or state == "new"
                    or unit_element.get("approved") == "no"
                )
            units.append(
                FileUnit(
                    page_id=page_id,
                    key=key,
                    target=text,
                    source_fingerprint=notes.get(SOURCE_FINGERPRINT, ""),
                    target_fingerprint=notes.get(TARGET_FINGERPRINT, ""),
                    fuzzy=fuzzy,
                    parts=parts,
                    unreadable=parts is None,
                )
            )
    return ExchangeFile(XLIFF_1_2, language, units)


def _inline_parts_1_2(element):
    """An XLIFF 1.2 <target>'s content as text and codes: <g> a pair, <x/> a code on its own,
    <bx/>/<ex/> a pair a tool wrote apart; <mrk> (a tool's segments and marks) reads through.
    Native code (<ph>, <bpt>, <it>…) is not this site's: unreadable."""
    parts = [element.text] if element.text else []
    for child in element:
        kind = child.tag.rpartition("}")[2]
        if kind == "g":
            code_id = _code_id(child.get("id"))
            parts += [("open", code_id), *_inline_parts_1_2(child), ("close", code_id)]
        elif kind == "x":
            parts.append(("ph", _code_id(child.get("id"))))
        elif kind == "bx":
            parts.append(("open", _code_id(child.get("rid") or child.get("id"))))
        elif kind == "ex":
            parts.append(("close", _code_id(child.get("rid") or child.get("id"))))
        elif kind == "mrk":
            parts += _inline_parts_1_2(child)
        else:
            raise UnreadableSegment(kind)
        if child.tail:
            parts.append(child.tail)
    return parts


def _xliff_target(unit_element):
    """(text, parts, unfinished) of the unit's translation: its segments' targets in order (a tool
    may have split the text into sentences), the text between them (ignorables) as in the source
    when it has no target; `parts` its text and inline codes (None when they cannot be read);
    unfinished when a segment with a target is in the state "initial" (translate-toolkit's
    "fuzzy"). Empty when a segment is left untranslated: part of a text is not a translation."""
    texts, parts, translated, unfinished = [], [], False, False
    for child in unit_element:
        kind = child.tag.rpartition("}")[2]
        if kind not in ("segment", "ignorable"):
            continue
        target = child.find(f"{{{XLIFF_NS}}}target")
        if target is None:
            if kind == "segment":
                return "", [], False
            target = child.find(f"{{{XLIFF_NS}}}source")
            if target is None:
                continue
        else:
            translated = translated or kind == "segment"
            unfinished = unfinished or (kind == "segment" and child.get("state") == "initial")
        texts.append("".join(target.itertext()))
        if parts is not None:
            try:
                parts.extend(_inline_parts(target))
            except UnreadableSegment:
                parts = None
    if not translated:
        return "", [], False
    return "".join(texts), parts, unfinished


def _code_id(value):
    if not ASCII_NUMBER.fullmatch(value or ""):
        raise UnreadableSegment("code id")
    return int(value)


def _inline_parts(element):
    """An XLIFF 2.0 <target>'s content as text and codes: <pc> a pair, <ph> a code on its own,
    <sc>/<ec> a pair a tool wrote apart; annotations (<mrk>, <sm>, <em>) and <cp> read through."""
    parts = [element.text] if element.text else []
    for child in element:
        kind = child.tag.rpartition("}")[2]
        if kind == "pc":
            code_id = _code_id(child.get("id"))
            parts += [("open", code_id), *_inline_parts(child), ("close", code_id)]
        elif kind == "ph":
            parts.append(("ph", _code_id(child.get("id"))))
        elif kind == "sc":
            parts.append(("open", _code_id(child.get("id"))))
        elif kind == "ec":
            parts.append(("close", _code_id(child.get("startRef") or child.get("id"))))
        elif kind == "mrk":
            parts += _inline_parts(child)
        elif kind == "cp":
            try:
                parts.append(chr(int(child.get("hex", ""), 16)))
            except (ValueError, OverflowError) as error:
                raise UnreadableSegment("code point") from error
        elif kind not in ("sm", "em"):
            raise UnreadableSegment(kind)
        if child.tail:
            parts.append(child.tail)
    return parts


def _page_id(value):
    # ASCII digits only: "²".isdigit() is true, and int() refuses it.
    value = (value or "").removeprefix("page-")
    return int(value) if ASCII_NUMBER.fullmatch(value) else None


def _check_po_size(text):
    """Refuses, before parsing, a PO file that would take polib too long. polib's time grows
    with each entry's number of lines times its length (it rebuilds the entry's strings line by
    line), so that product is bounded per entry and for the whole file, as are the file's lines
    and entries. An entry has one `msgid` line, so what lies between two of them belongs to at
    most two entries."""
    lines = text.splitlines()
    if len(lines) > MAX_PO_LINES:
        raise ExchangeFileError(TOO_MANY_LINES % {"lines": MAX_PO_LINES})
    entries = work = 0
    spans = []  # (first line's number, lines, characters) of each stretch between msgid lines
    first, count, size = 1, 0, 0
    for number, line in enumerate(lines, start=1):
        if line.lstrip().startswith("msgid "):
            spans.append((first, count, size))
            first, count, size = number, 0, 0
            entries += 1
            if entries > MAX_TEXTS + 1:  # the header is an entry too
                raise ExchangeFileError(TOO_MANY_TEXTS % {"texts": MAX_TEXTS})
        count += 1
        size += len(line)
        if count > MAX_PO_ENTRY_LINES or size > MAX_PO_ENTRY_SIZE:
            raise ExchangeFileError(
                _(
                    "The text that starts at line %(line)s is too long for a translation "
                    "exchange file (at most %(lines)s lines and %(characters)s characters per "
                    "text)."
                )
                % {"line": first, "lines": MAX_PO_ENTRY_LINES, "characters": MAX_PO_ENTRY_SIZE}
            )
    spans.append((first, count, size))
    for _first, count, size in spans:
        work += count * size
    if work > MAX_PO_WORK:
        raise ExchangeFileError(
            _(
                "The file's texts are split over too many lines to be read in one import: "
                "export and import a smaller selection."
            )
        )


def _read_po(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ExchangeFileError(_("The file is neither XLIFF nor a PO file in UTF-8.")) from error
    _check_po_size(text)
    # polib takes a string that names an existing file as that file's path: give it a file.
    with tempfile.NamedTemporaryFile("w", suffix=".po", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        try:
            po = polib.pofile(handle.name, encoding="utf-8")
        except (OSError, ValueError, UnicodeError) as error:
            raise ExchangeFileError(_("The file is not a PO file.")) from error
    units = []
    for entry in po:
        if entry.obsolete or entry.msgid_plural or CONTEXT_SEPARATOR not in (entry.msgctxt or ""):
            continue
        page_part, key = entry.msgctxt.split(CONTEXT_SEPARATOR, 1)
        notes = dict(
            line.split(": ", 1) for line in (entry.comment or "").splitlines() if ": " in line
        )
        units.append(
            FileUnit(
                page_id=_page_id(page_part),
                key=key,
                target=entry.msgstr,
                source_fingerprint=notes.get(SOURCE_FINGERPRINT, "").strip(),
                target_fingerprint=notes.get(TARGET_FINGERPRINT, "").strip(),
                fuzzy="fuzzy" in entry.flags,
            )
        )
    return ExchangeFile(PO, po.metadata.get("Language", "").replace("_", "-").lower(), units)


# Importing


@dataclass
class Outcome:
    key: str
    label: str
    status: str  # IMPORTED, SKIPPED or REFUSED
    reasons: list = field(default_factory=list)


@dataclass
class PageReport:
    page_id: int | None
    page: Page | None
    outcomes: list = field(default_factory=list)
    revision: object = None

    def of(self, status):
        return [outcome for outcome in self.outcomes if outcome.status == status]

    @property
    def imported(self):
        return self.of(IMPORTED)

    @property
    def skipped(self):
        return self.of(SKIPPED)

    @property
    def refused(self):
        return self.of(REFUSED)


# Reasons, translated when shown (the report is made in the reader's language).
NO_PAGE = gettext_lazy("The page no longer exists.")
NO_PERMISSION = gettext_lazy("You cannot edit this page.")
LOCKED = gettext_lazy("The page is locked by someone else.")
NO_TEXT = gettext_lazy("This text is no longer on the page.")
EMPTY = gettext_lazy("No translation in the file.")
FUZZY = gettext_lazy(
    "Marked as unfinished in the file (fuzzy, or the state “initial”): mark it as "
    "translated in your tool to import it."
)
CONFIRMED = gettext_lazy(
    "Confirmed as the translation: the same text as the page's, now marked as translated."
)
TAGS = gettext_lazy(
    "Keep each tag of the source text exactly once, around the words it belongs to: %(tags)s."
)
PARTIAL = gettext_lazy(
    "Only %(done)s of the %(count)s paragraphs of this text are translated in the file: "
    "translate all of them (the text is saved as a whole)."
)
SEGMENT_OF = gettext_lazy("%(label)s (%(number)s of %(count)s)")
UNCHANGED = gettext_lazy("The same as the page's current text.")
NO_FINGERPRINT = gettext_lazy(
    "The file does not say what this text was exported against: export the file from the "
    "translation queue."
)
CHANGED = gettext_lazy(
    "Changed since the export: the Spanish text or the current translation is not what was "
    "exported. Export it again."
)
NOT_IMPORTABLE = gettext_lazy(
    "This body was written by hand in this language, not from the Spanish layout: translate it "
    "in the editor."
)
NEW_ITEM = gettext_lazy(
    "This item was not saved when the file was exported: translate it in the editor."
)
COPY_LAYOUT = gettext_lazy(
    "The translated body has other blocks than the Spanish one, and not this one: add it in "
    "the editor, or empty the translated body so that the import copies the Spanish layout."
)
INVALID = gettext_lazy("The page would not be valid: %(errors)s")
UNREADABLE = gettext_lazy(
    "The editor cannot read this text's HTML (a tag is not closed, or closed in the wrong "
    "order): keep the source text's tags as they are."
)


def import_exchange_file(parsed, user):
    """Writes each acceptable text of the file into its page's latest version, one new draft
    revision per page; returns a [PageReport] in the file's order of pages."""
    by_page = {}
    for unit in parsed.units:
        by_page.setdefault(unit.page_id, []).append(unit)
    pages = Page.objects.filter(pk__in=[pk for pk in by_page if pk is not None]).specific(
        defer=False
    )
    pages = {page.pk: page for page in pages}
    reports = []
    for page_id, units in by_page.items():
        page = pages.get(page_id)
        if page is None:
            report = PageReport(page_id, None)
            report.outcomes = [Outcome(u.key, u.key, REFUSED, [NO_PAGE]) for u in units]
        else:
            report = _import_page(page, units, parsed.language, user)
        reports.append(report)
    return reports


def _import_page(page, file_units, language, user):
    report = PageReport(page.pk, page)
    refusal = _page_refusal(page, user)
    # Each text's state (states.py), to tell a confirmation from a text left as it was.
    refresh_stale_pages(Page.objects.filter(pk=page.pk))
    states = dict(
        TranslationItem.objects.filter(page=page, language=language).values_list("key", "state")
    )
    latest, is_draft = latest_version(page)
    if not is_draft:
        # A copy, so that the live page object (and its inline items) is never changed.
        latest = page.with_content_json(page.serializable_data())
    model = type(latest)
    current = {unit.key: unit for unit in page_units(latest, language)}
    groups = {}  # a text's key: the file's units for it (a rich text's segments)
    for file_unit in file_units:
        groups.setdefault(file_unit.key.partition(SEGMENT_MARK)[0], []).append(file_unit)
    accepted, confirmed = [], []
    for key, group in groups.items():
        unit = current.get(key)
        label = unit_label(model, unit.field_name, unit.type_path) if unit else key
        outcomes = [Outcome(file_unit.key, label, REFUSED) for file_unit in group]
        report.outcomes += outcomes
        if refusal or unit is None:
            reason = refusal or (NEW_ITEM if _is_new_item(key) else NO_TEXT)
            for outcome in outcomes:
                outcome.reasons = [reason]
            continue
        pending = []
        for file_unit, outcome in zip(group, outcomes, strict=True):
            if not file_unit.target.strip():
                outcome.status, outcome.reasons = SKIPPED, [EMPTY]
            elif file_unit.fuzzy:
                outcome.status, outcome.reasons = SKIPPED, [FUZZY]
            else:
                pending.append((file_unit, outcome))
        if SEGMENT_MARK in group[0].key:
            text, pending = _joined_segments(unit, pending, label)
        else:
            text = pending[-1][0].target if pending else None
            pending = pending[-1:]
        if not pending:
            continue
        result = _import_text(latest, unit, text, pending[0][0], states.get(unit.key), language)
        for _file_unit, outcome in pending:
            outcome.status, outcome.reasons = result
        if result[0] == IMPORTED:
            if result[1] == [CONFIRMED] or copied_source(_with_target(unit, text)):
                confirmed.append(unit)
            if result[1] != [CONFIRMED]:
                accepted += [outcome for _f, outcome in pending]
    if accepted:
        try:
            with transaction.atomic():
                report.revision = latest.save_revision(user=user, log_action=True)
        except ValidationError as error:
            messages = "; ".join(error.messages)
            for outcome in accepted:
                outcome.status, outcome.reasons = REFUSED, [INVALID % {"errors": messages}]
            confirmed = [unit for unit in confirmed if unit.key not in {o.key for o in accepted}]
    for unit in confirmed:
        # A translation the same as the Spanish text ("Cookies"), or an out-of-date one the
        # file confirms: recorded as made from this Spanish text, as "Mark as reviewed" does.
        SourceFingerprint.objects.update_or_create(
            page_id=page.pk,
            language=language,
            key=unit.key,
            defaults={
                "source_text": unit.source,
                "source_hash": fingerprint(unit.source),
                "reviewed_by": user,
            },
        )
    if accepted or confirmed:
        # From the database: `page` still has the revision ids from before this draft.
        refresh_page(Page.objects.get(pk=page.pk))
    return report


def _with_target(unit, text):
    return replace(unit, target=text)


def _joined_segments(unit, pending, label):
    """(the rich text made of the file's segments, [(file unit, outcome)] accepted so far).
    Segments the file leaves out keep the current translation's when it has the same paragraphs;
    a text copied from Spanish, or with other paragraphs, must be translated whole."""
    source = segmented(unit.source)
    count = len(source.segments)
    translated, kept = {}, []
    for file_unit, outcome in pending:
        number = file_unit.key.partition(SEGMENT_MARK)[2]
        if count > 1:
            outcome.label = SEGMENT_OF % {"label": label, "number": number, "count": count}
        if not unit.rich or not ASCII_NUMBER.fullmatch(number) or not 0 < int(number) <= count:
            outcome.reasons = [NO_TEXT]
            continue
        segment = source.segments[int(number) - 1]
        try:
            if file_unit.parts is not None:
                translation = segment_from_parts(file_unit.parts, segment)
            elif file_unit.unreadable:
                raise UnreadableSegment("inline content")
            else:
                translation = segment_from_po(file_unit.target, segment)
        except UnreadableSegment:
            placeholders = [code.placeholder for code in segment.codes.values()]
            outcome.reasons = [TAGS % {"tags": " ".join(placeholders) or "—"}]
            continue
        translated[int(number) - 1] = translation
        kept.append((file_unit, outcome))
    if not kept:
        return None, []
    if len(translated) < count:
        current = segmented(unit.target) if not copied_source(unit) else None
        if current is None or current.shape != source.shape:
            for _file_unit, outcome in kept:
                outcome.reasons = [PARTIAL % {"done": len(translated), "count": count}]
            return None, []
        for index, segment in enumerate(current.segments):
            translated.setdefault(index, segment)
    return source.html(translated), kept


def _import_text(latest, unit, text, file_unit, state, language):
    """(status, reasons) of writing `text` as the unit's translation into `latest`."""
    unfinished = state in UNFINISHED
    if same_text(text, unit.target) and not unfinished:
        return SKIPPED, [UNCHANGED]
    if not (file_unit.source_fingerprint and file_unit.target_fingerprint):
        return REFUSED, [NO_FINGERPRINT]
    # The translation as exported: a copied Spanish text went out as no translation, so the
    # file is right whether the layout was copied before or after the export.
    targets = {fingerprint(unit.target)}
    if copied_source(unit) or not unit.target.strip():
        targets.add(fingerprint(""))
    if (
        file_unit.source_fingerprint != fingerprint(unit.source)
        or file_unit.target_fingerprint not in targets
    ):
        return REFUSED, [CHANGED]
    if same_text(text, unit.target):
        return IMPORTED, [CONFIRMED]
    if problems := text_problems(unit.source, text, rich=unit.rich):
        return REFUSED, [problem_message(problem) for problem in problems]
    try:
        try:
            _write(latest, unit, language, text)
        except MissingBlock:
            # No translated body yet: the import copies the Spanish layout, as the editor's
            # "Copy the Spanish layout" does, and writes the text into it.
            if not copy_layout(latest, language):
                raise
            _write(latest, unit, language, text)
    except MissingBlock:
        return REFUSED, [COPY_LAYOUT]
    except NotImportable as error:
        return REFUSED, [error.reason]
    return IMPORTED, []


def _page_refusal(page, user):
    if not page.permissions_for_user(user).can_edit():
        return NO_PERMISSION
    lock = page.get_lock()
    if lock is not None and lock.for_user(user):
        return lock_reason(page, lock, user)
    return None


SUBMITTED_BY_YOU = gettext_lazy(
    "You submitted this page for moderation (task “%(task)s”): while it waits, only its "
    "reviewers can change it. Cancel the moderation in the page's editor (“Cancel "
    "workflow”) and import the file again, or import it after the reviewers approve it or "
    "request changes."
)
IN_MODERATION = gettext_lazy(
    "The page is in moderation (task “%(task)s”, submitted by %(person)s): while it "
    "waits, only its reviewers can change it. Import the file after they approve it or request "
    "changes, or ask %(person)s to cancel the moderation."
)
LOCKED_BY = gettext_lazy(
    "%(person)s locked the page for editing: ask them (or a moderator) to unlock it, then "
    "import the file again."
)
SCHEDULED = gettext_lazy(
    "The page is scheduled to be published, and cannot change until then: cancel the scheduled "
    "publication in the page's editor, then import the file again."
)


def lock_reason(page, lock, user):
    """What keeps `user` from changing the page, and how to go on (the lock's own message is
    HTML and says neither)."""
    if isinstance(lock, WorkflowLock):
        state = page.current_workflow_state
        requester = state.requested_by if state else None
        if requester is not None and requester.pk == user.pk:
            return SUBMITTED_BY_YOU % {"task": lock.task.name}
        return IN_MODERATION % {
            "task": lock.task.name,
            "person": get_user_display_name(requester) if requester else "?",
        }
    if isinstance(lock, ScheduledForPublishLock):
        return SCHEDULED
    if isinstance(lock, BasicLock) and page.locked_by is not None:
        return LOCKED_BY % {"person": get_user_display_name(page.locked_by)}
    return LOCKED


def _is_new_item(key):
    parts = key.split(SEPARATOR)
    return len(parts) == 3 and parts[1].startswith("new-")


def text_problems(source, target, *, rich):
    """The interface-strings editor's rule (markup exactly the source's), as it fits page
    texts: a plain text is escaped when shown, so only tags the source lacks are
    refused there; a rich text is HTML, so it may also not open markup the parser did not
    read as a tag, and its tags are compared as a parser reads them (names, attributes and
    their values), Draftail's paragraph ids aside (markup.same_markup). What is accepted is
    then stored as the editor would store it (as_editor_stores). A page's text is never
    formatted: a percent sign or a brace in it is text ("80 % de"), not a placeholder."""
    kept = []
    for problem in translation_problems(source, target):
        if problem.kind in (PLACEHOLDERS, PERCENT, BRACES):
            continue
        if problem.kind == MARKUP and rich:
            continue  # compared below, without the paragraph ids
        if problem.kind != CHARACTERS:
            kept.append(problem)
        elif rich and "<" in problem.found:
            kept.append(Problem(CHARACTERS, found=("<",)))
    if rich and not same_markup(source, target):
        kept.append(
            Problem(
                MARKUP,
                expected=tuple(written for _token, written in markup(source)),
                found=tuple(written for _token, written in markup(target)),
            )
        )
    return kept


class NotImportable(Exception):
    def __init__(self, reason):
        super().__init__(str(reason))
        self.reason = reason


def _write(page, unit, language, text):
    """Sets one text in `page` (an in-memory version: nothing is saved here)."""
    model = type(page)
    parts = unit.key.split(SEPARATOR)
    if len(parts) == 1:
        model_field = model._meta.get_field(unit.key)
        if isinstance(model_field, StreamField):
            raise NotImportable(NOT_IMPORTABLE)
        if not isinstance(model_field, (models.CharField, models.TextField)):
            raise NotImportable(NO_TEXT)
        if isinstance(model_field, RichTextField):
            text = _as_editor_stores(text, editor_widget(model_field=model_field))
        setattr(page, build_localized_fieldname(unit.key, language), text)
        return
    name = parts[0]
    if name in translated_fields(model):
        model_field = model._meta.get_field(name)
        if not isinstance(model_field, StreamField):
            raise NotImportable(NO_TEXT)
        target_name = build_localized_fieldname(name, language)
        raw = copy.deepcopy(raw_stream(getattr(page, target_name)))
        raw = set_stream_text(model_field.stream_block, raw, parts[1:], text)
        setattr(page, target_name, raw)
        return
    _write_child(page, parts, language, text)


def _write_child(page, parts, language, text):
    if (
        len(parts) != 3
        or _is_new_item(SEPARATOR.join(parts))
        or not ASCII_NUMBER.fullmatch(parts[1])
    ):
        raise NotImportable(NEW_ITEM)
    relation, child_pk, field_name = parts
    manager = getattr(page, relation, None)
    if manager is None:
        raise NotImportable(NO_TEXT)
    children = list(manager.all())
    for child in children:
        if str(child.pk) == child_pk and field_name in translated_fields(type(child)):
            setattr(child, build_localized_fieldname(field_name, language), text)
            # Hand the same objects back to the cluster, so the revision serializes them.
            manager.set(children)
            return
    raise NotImportable(NO_TEXT)


def set_stream_text(block, raw, parts, text):
    """`raw` (a block's raw value) with the text at `parts` (block ids, list item ids, struct
    child names, as in unit keys) replaced by `text`; MissingBlock when the path is not there."""
    if isinstance(block, blocks.StreamBlock):
        if not parts:
            raise MissingBlock
        for index, item in enumerate(raw or []):
            if (item.get("id") or str(index)) == parts[0]:
                child = block.child_blocks.get(item.get("type"))
                if child is None:
                    raise MissingBlock
                item["value"] = set_stream_text(child, item.get("value"), parts[1:], text)
                return raw
        raise MissingBlock
    if isinstance(block, blocks.ListBlock):
        if not parts:
            raise MissingBlock
        for index, item in enumerate(raw or []):
            if isinstance(item, dict) and "value" in item and "type" in item:
                if (item.get("id") or str(index)) == parts[0]:
                    item["value"] = set_stream_text(
                        block.child_block, item["value"], parts[1:], text
                    )
                    return raw
            elif str(index) == parts[0]:
                raw[index] = set_stream_text(block.child_block, item, parts[1:], text)
                return raw
        raise MissingBlock
    if isinstance(block, blocks.StructBlock):
        if not parts or not isinstance(raw, dict) or parts[0] not in block.child_blocks:
            raise MissingBlock
        raw[parts[0]] = set_stream_text(
            block.child_blocks[parts[0]], raw.get(parts[0]), parts[1:], text
        )
        return raw
    if isinstance(block, blocks.RichTextBlock) and not parts:
        return _as_editor_stores(text, editor_widget(block=block))
    if isinstance(block, TEXT_BLOCKS) and not parts:
        return text
    raise MissingBlock


def _as_editor_stores(text, widget):
    try:
        return as_editor_stores(text, widget)
    except UnreadableRichText as error:
        raise NotImportable(UNREADABLE) from error
