"""Reads a PDF from standard input and writes what it says about itself to standard output, as
JSON: {"pages": n, "text": "..."} or {"error": "encrypted" | "broken"}.

Run by publications.files in a separate process, never imported by the site: a hostile PDF
(a compression bomb, a page tree of millions of entries, a content stream that takes minutes to
parse) can only exhaust this process, which limits its own CPU time, memory and output before
reading anything, and which the site stops after a wall-clock timeout.

Arguments: CPU seconds, memory bytes, output bytes, seconds of text reading, pages to read,
characters of text.
"""

import json
import resource
import sys
import time


def limit(kind, value):
    resource.setrlimit(kind, (value, value))


def main():
    cpu, memory, output, seconds, max_pages, max_characters = (
        float(value) for value in sys.argv[1:7]
    )
    # Soft CPU limit: SIGXCPU ends the process; the hard limit a second later is a SIGKILL.
    resource.setrlimit(resource.RLIMIT_CPU, (int(cpu), int(cpu) + 1))
    limit(resource.RLIMIT_AS, int(memory))
    # Standard output is a file: writing past the limit ends the process.
    limit(resource.RLIMIT_FSIZE, int(output))
    limit(resource.RLIMIT_NOFILE, 64)
    # No child processes of its own.
    limit(resource.RLIMIT_NPROC, 0)
    limit(resource.RLIMIT_CORE, 0)

    import io

    from pypdf import PdfReader

    data = sys.stdin.buffer.read()
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            return {"error": "encrypted"}
        page_count = len(reader.pages)
        # Text is read page by page while time is left: a long document gets the text of its
        # first pages. A single page that takes too long ends with the process (CPU limit).
        deadline = time.process_time() + seconds
        parts, length = [], 0
        for number, page in enumerate(reader.pages):
            if number >= max_pages or length >= max_characters or time.process_time() > deadline:
                break
            text = page.extract_text() or ""
            parts.append(text)
            length += len(text)
    except MemoryError:
        raise  # the process ends: the site says the file is too costly to read
    except Exception:  # noqa: BLE001 - whatever pypdf raises, the file cannot be read
        return {"error": "broken"}
    return {"pages": page_count, "text": "\n".join(parts)[: int(max_characters)]}


if __name__ == "__main__":
    result = main()
    sys.stdout.write(json.dumps(result))
    sys.stdout.flush()
