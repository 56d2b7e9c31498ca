"""What a publication's file says about itself: its format, size, page count and text.

Read once, when the file is attached to a publication (never on a page view), within bounds: a
PDF is read in a separate process (pdf_probe.py) that limits its own CPU time, memory and output
and that is stopped after a wall-clock timeout, so a huge or hostile file costs at most a few
seconds of one process and never the site's worker. Its text is read page by page until a time
and a length budget run out. A PDF that cannot be read, is encrypted, or costs too much to read
is refused with a message the editor can act on.
"""

import json
import logging
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# Enough for search to find a document by what it says, small enough to index quickly.
MAX_TEXT_CHARACTERS = 200_000
# Text reading stops after this much CPU time, with the text of the pages read so far.
MAX_SECONDS = 2.0
MAX_PAGES_READ = 300
# The reading process's limits: past them it is stopped and the file refused.
MAX_CPU_SECONDS = 4
MAX_WALL_SECONDS = 8
MAX_MEMORY_BYTES = 512 * 1024 * 1024
# The JSON of MAX_TEXT_CHARACTERS characters, escaped, fits.
MAX_OUTPUT_BYTES = 8 * MAX_TEXT_CHARACTERS + 64 * 1024

PROBE = Path(__file__).with_name("pdf_probe.py")


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


ENCRYPTED = _(
    "This PDF is encrypted or password-protected. Upload a copy without "
    "protection, so that visitors can open it and search can read it."
)
BROKEN = _("This file is not a PDF that can be read. Check that it opens, then upload it again.")
TOO_COSTLY = _(
    "This PDF takes too long or too much memory to read. Save it again with a PDF tool "
    "(for example “print to PDF” or “reduce file size”), then upload it again."
)


def probe_pdf(file_obj):
    """The probe's answer (a dict), or None when it was stopped (time, memory, output)."""
    with tempfile.TemporaryFile() as source, tempfile.TemporaryFile() as answer:
        for chunk in iter(lambda: file_obj.read(1024 * 1024), b""):
            source.write(chunk)
        source.seek(0)
        limits = [
            MAX_CPU_SECONDS,
            MAX_MEMORY_BYTES,
            MAX_OUTPUT_BYTES,
            MAX_SECONDS,
            MAX_PAGES_READ,
            MAX_TEXT_CHARACTERS,
        ]
        try:
            process = subprocess.run(  # noqa: S603 - our own script, no shell
                [sys.executable, "-I", str(PROBE), *map(str, limits)],
                stdin=source,
                stdout=answer,
                stderr=subprocess.DEVNULL,
                timeout=MAX_WALL_SECONDS,
                close_fds=True,
                check=False,
            )
        except subprocess.TimeoutExpired:
            logger.warning("Stopped reading a PDF after %s seconds.", MAX_WALL_SECONDS)
            return None
        if process.returncode != 0:
            logger.warning("Stopped reading a PDF (exit status %s).", process.returncode)
            return None
        answer.seek(0)
        output = answer.read(MAX_OUTPUT_BYTES + 1)
    if len(output) > MAX_OUTPUT_BYTES:
        return None
    try:
        result = json.loads(output)
    except ValueError:
        return None
    return result if isinstance(result, dict) else None


def read_pdf(file_obj):
    """(page count, text) of a PDF, or UnreadableFile with a message for the editor."""
    result = probe_pdf(file_obj)
    if result is None:
        raise UnreadableFile(TOO_COSTLY, code="costly_pdf")
    if result.get("error") == "encrypted":
        raise UnreadableFile(ENCRYPTED, code="encrypted_pdf")
    pages, text = result.get("pages"), result.get("text")
    if result.get("error") or not isinstance(pages, int) or not isinstance(text, str):
        logger.info("Unreadable PDF.")
        raise UnreadableFile(BROKEN, code="broken_pdf")
    # NUL bytes cannot be stored in PostgreSQL text columns.
    return pages, text[:MAX_TEXT_CHARACTERS].replace("\x00", "")


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
