"""Translation exchange files: a selection of the queue exported as XLIFF 2.0 or PO for the tools
professional translators use, and the translated file imported back as drafts.

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
from dataclasses import dataclass, field

import polib
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError
from defusedxml.ElementTree import fromstring as parse_xml
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.utils import build_localized_fieldname
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from core.i18n import default_language
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

from .markup import UnreadableRichText, as_editor_stores, editor_widget, markup, same_markup
from .models import fingerprint
from .states import latest_version, refresh_page, target_languages
from .units import SEPARATOR, TEXT_BLOCKS, page_units, raw_stream, translated_fields, unit_label

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
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
XLIFF, PO = "xliff", "po"
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


@dataclass
class ExportedPage:
    page: Page  # its latest version, as editors see it
    units: list


def exportable(unit, model):
    """Whether a unit can be written back from a file (see the module's docstring)."""
    if unit.source == f"[{unit.type_path}]":
        return False  # a block without text: only its presence is tracked
    if unit.key == unit.field_name and unit.field_name in translated_fields(model):
        # A target body written by hand, compared as a whole.
        return not isinstance(model._meta.get_field(unit.field_name), StreamField)
    return not _is_new_item(unit.key)


def selection_units(items, language):
    """[ExportedPage] for the queue items given (one language), each page's units in form order,
    computed from its latest version so that the fingerprints are those of what editors see."""
    keys_by_page = {}
    for page_id, key in items.filter(language=language).values_list("page_id", "key"):
        keys_by_page.setdefault(page_id, set()).add(key)
    exported = []
    pages = Page.objects.filter(pk__in=list(keys_by_page)).order_by("path").specific(defer=False)
    for page in pages:
        latest, _is_draft = latest_version(page)
        model = type(latest)
        units = []
        for unit in page_units(latest, language):
            if unit.key in keys_by_page[page.pk] and exportable(unit, model):
                unit.label = unit_label(model, unit.field_name, unit.type_path)
                units.append(unit)
        if units:
            exported.append(ExportedPage(latest, units))
    return exported


def xliff_key(key):
    # XLIFF 2.0 ids are NMTOKENs, which have no "/": keys never contain ":" (block ids, field
    # names and primary keys), so the mapping is reversible. The key itself is the unit's name.
    return key.replace(SEPARATOR, ":")


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
            unit_element = ET.SubElement(
                file_element, "unit", {"id": xliff_key(unit.key), "name": unit.key}
            )
            notes = ET.SubElement(unit_element, "notes")
            for category, text in _unit_notes(unit):
                ET.SubElement(notes, "note", {"category": category}).text = text
            segment = ET.SubElement(unit_element, "segment")
            ET.SubElement(segment, "source").text = unit.source
            if unit.target:
                ET.SubElement(segment, "target").text = unit.target
    ET.indent(root)
    # Unqualified names under an xmlns attribute: ElementTree would otherwise invent "ns0:".
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def _unit_notes(unit):
    notes = [("location", str(unit.label))]
    if unit.rich:
        notes.append(("format", _("HTML: keep its tags and their attributes as they are.")))
    notes += [
        (SOURCE_FINGERPRINT, fingerprint(unit.source)),
        (TARGET_FINGERPRINT, fingerprint(unit.target)),
    ]
    return notes


def export_po(exported, language):
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "Quito Process portal pages",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "POT-Creation-Date": timezone.now().strftime("%Y-%m-%d %H:%M%z"),
        "X-Source-Language": default_language(),
    }
    for entry in exported:
        title = str(entry.page.get_admin_display_title())
        for unit in entry.units:
            comment = [f"{title} › {unit.label}"]
            comment += [f"{category}: {text}" for category, text in _unit_notes(unit)[1:]]
            po.append(
                polib.POEntry(
                    msgctxt=f"{entry.page.pk}{CONTEXT_SEPARATOR}{unit.key}",
                    msgid=unit.source,
                    msgstr=unit.target,
                    comment="\n".join(comment),
                )
            )
    return str(po)


# Reading a file


@dataclass
class FileUnit:
    page_id: int | None
    key: str
    target: str
    source_fingerprint: str = ""
    target_fingerprint: str = ""
    fuzzy: bool = False


@dataclass
class ExchangeFile:
    kind: str  # XLIFF or PO
    language: str
    units: list


def read_exchange_file(data):
    """An ExchangeFile from the uploaded bytes, XLIFF 2.0 or PO told apart by their content.
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
    if root.tag != f"{{{XLIFF_NS}}}xliff" or root.get("version") != "2.0":
        raise ExchangeFileError(_("The file is XML but not XLIFF 2.0."))
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
            units.append(
                FileUnit(
                    page_id=page_id,
                    key=key,
                    target=_xliff_target(unit_element),
                    source_fingerprint=notes.get(SOURCE_FINGERPRINT, ""),
                    target_fingerprint=notes.get(TARGET_FINGERPRINT, ""),
                )
            )
    return ExchangeFile(XLIFF, root.get("trgLang", ""), units)


def _xliff_target(unit_element):
    """The unit's translation: its segments' targets in order (a tool may have split the text
    into sentences), the text between them (ignorables) as in the source when it has no target.
    Empty when a segment is left untranslated: part of a text is not a translation."""
    parts, translated = [], False
    for child in unit_element:
        kind = child.tag.rpartition("}")[2]
        if kind not in ("segment", "ignorable"):
            continue
        target = child.find(f"{{{XLIFF_NS}}}target")
        if target is None:
            if kind == "segment":
                return ""
            source = child.find(f"{{{XLIFF_NS}}}source")
            parts.append("".join(source.itertext()) if source is not None else "")
        else:
            translated = translated or kind == "segment"
            parts.append("".join(target.itertext()))
    return "".join(parts) if translated else ""


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
FUZZY = gettext_lazy("Marked as fuzzy (unsure) in the file.")
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
    "The translated body does not have this block: copy the Spanish layout first."
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
    latest, is_draft = latest_version(page)
    if not is_draft:
        # A copy, so that the live page object (and its inline items) is never changed.
        latest = page.with_content_json(page.serializable_data())
    model = type(latest)
    current = {unit.key: unit for unit in page_units(latest, language)}
    accepted = []
    for file_unit in file_units:
        unit = current.get(file_unit.key)
        label = unit_label(model, unit.field_name, unit.type_path) if unit else file_unit.key
        outcome = Outcome(file_unit.key, label, REFUSED)
        report.outcomes.append(outcome)
        if refusal:
            outcome.reasons = [refusal]
        elif unit is None:
            outcome.reasons = [NEW_ITEM if _is_new_item(file_unit.key) else NO_TEXT]
        elif not file_unit.target.strip():
            outcome.status, outcome.reasons = SKIPPED, [EMPTY]
        elif file_unit.fuzzy:
            outcome.status, outcome.reasons = SKIPPED, [FUZZY]
        elif file_unit.target == unit.target:
            outcome.status, outcome.reasons = SKIPPED, [UNCHANGED]
        elif not (file_unit.source_fingerprint and file_unit.target_fingerprint):
            outcome.reasons = [NO_FINGERPRINT]
        elif (file_unit.source_fingerprint, file_unit.target_fingerprint) != (
            fingerprint(unit.source),
            fingerprint(unit.target),
        ):
            outcome.reasons = [CHANGED]
        elif problems := text_problems(unit.source, file_unit.target, rich=unit.rich):
            outcome.reasons = [problem_message(problem) for problem in problems]
        else:
            try:
                _write(latest, unit, language, file_unit.target)
            except MissingBlock:
                outcome.reasons = [COPY_LAYOUT]
            except NotImportable as error:
                outcome.reasons = [error.reason]
            else:
                outcome.status = IMPORTED
                accepted.append(outcome)
    if accepted:
        try:
            with transaction.atomic():
                report.revision = latest.save_revision(user=user, log_action=True)
        except ValidationError as error:
            messages = "; ".join(error.messages)
            for outcome in accepted:
                outcome.status, outcome.reasons = REFUSED, [INVALID % {"errors": messages}]
        else:
            # From the database: `page` still has the revision ids from before this draft.
            refresh_page(Page.objects.get(pk=page.pk))
    return report


def _page_refusal(page, user):
    if not page.permissions_for_user(user).can_edit():
        return NO_PERMISSION
    lock = page.get_lock()
    if lock is not None and lock.for_user(user):
        return LOCKED
    return None


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
