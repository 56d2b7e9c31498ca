"""What a publication's file says about itself: its format, size, page count and text.

Read once, when the file is attached to a publication (never on a page view), within bounds: a
PDF's text is read page by page until a time and a length budget run out, so a huge or hostile
file costs at most a few seconds. A PDF that cannot be read, or is encrypted, is refused with a
message the editor can act on.
"""

import logging
import time
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# Enough for search to find a document by what it says, small enough to index quickly.
MAX_TEXT_CHARACTERS = 200_000
MAX_SECONDS = 5.0
MAX_PAGES_READ = 300


@dataclass
class FileFacts:
    file_format: str
    file_size: int
    page_count: int | None
    text: str


class UnreadableFile(ValidationError):
    pass


def extension_of(name):
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def read_pdf(file_obj):
    """(page count, text) of a PDF, or UnreadableFile with a message for the editor."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(file_obj)
        if reader.is_encrypted:
            raise UnreadableFile(
                _(
                    "This PDF is encrypted or password-protected. Upload a copy without "
                    "protection, so that visitors can open it and search can read it."
                ),
                code="encrypted_pdf",
            )
        page_count = len(reader.pages)
        deadline = time.monotonic() + MAX_SECONDS
        parts, length = [], 0
        for number, page in enumerate(reader.pages):
            if number >= MAX_PAGES_READ or length >= MAX_TEXT_CHARACTERS:
                break
            if time.monotonic() > deadline:
                logger.warning("Stopped reading a PDF's text after %s pages (time budget).", number)
                break
            text = page.extract_text() or ""
            parts.append(text)
            length += len(text)
    except UnreadableFile:
        raise
    except (PdfReadError, ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
        logger.info("Unreadable PDF: %s", error)
        raise UnreadableFile(
            _(
                "This file is not a PDF that can be read. Check that it opens, then upload it again."
            ),
            code="broken_pdf",
        ) from error
    # NUL bytes cannot be stored in PostgreSQL text columns.
    text = "\n".join(parts)[:MAX_TEXT_CHARACTERS].replace("\x00", "")
    return page_count, text


def read_file_facts(document):
    """The facts of a Wagtail document's file."""
    file_format = extension_of(document.file.name)
    with document.open_file() as file_obj:
        file_size = document.file.size
        page_count, text = None, ""
        if file_format == "pdf":
            page_count, text = read_pdf(file_obj)
        elif file_format in {"txt", "csv"}:
            text = file_obj.read(MAX_TEXT_CHARACTERS).decode("utf-8", "replace").replace("\x00", "")
    return FileFacts(file_format.upper(), file_size, page_count, text)
