"""Text handling for the site search, with no database: what is stored, what is searched for and
how a snippet becomes safe HTML.

Stored text ("index text") never holds `<`, `>` or the characters the snippets are marked with:
PostgreSQL's `ts_headline` parses `<b>` as a tag and drops it, so `<` and `>` are kept as two
private-use characters and turned back into `&lt;` and `&gt;` when the snippet is escaped.
"""

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import mark_safe

# A query is cut to this many characters (the page says so).
MAX_QUERY_LENGTH = 200
# What one passage of a long text holds (a snippet is taken from one passage).
PASSAGE_LENGTH = 2000
# A long text is indexed up to this many characters (the files' text is read up to 200,000).
MAX_TEXT_LENGTH = 250_000

MARK_START = "\ue000"
MARK_END = "\ue001"
LESS_THAN = "\ue002"
GREATER_THAN = "\ue003"
SENTINELS = (MARK_START, MARK_END, LESS_THAN, GREATER_THAN)

_SENTINEL_TABLE = {ord(c): " " for c in SENTINELS}
_STORE_TABLE = {**_SENTINEL_TABLE, ord("<"): LESS_THAN, ord(">"): GREATER_THAN, 0: " "}
_SPACES = re.compile(r"\s+")
# Letters and digits, for the words of a text (suggestions, the simple search).
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def strip_accents(text):
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalize(text):
    """Lower case, without accents: what the simple search and the suggestions compare."""
    return strip_accents(str(text)).casefold()


def index_text(text):
    """Text as stored in the index: no `<`, `>`, NUL or sentinel characters, spaces collapsed."""
    text = str(text or "").translate(_STORE_TABLE)
    return _SPACES.sub(" ", text).strip()


def is_control(character):
    return unicodedata.category(character) in {"Cc", "Cf", "Cs", "Co", "Cn"}


def clean_query(raw):
    """The query as searched for and shown: control characters (NUL included), private-use and
    unassigned characters become spaces, spaces are collapsed, and it is cut to
    MAX_QUERY_LENGTH characters. Returns (query, was_cut)."""
    text = "".join(" " if is_control(c) else c for c in str(raw or ""))
    text = _SPACES.sub(" ", text).strip()
    if len(text) <= MAX_QUERY_LENGTH:
        return text, False
    cut = text[:MAX_QUERY_LENGTH]
    # At a word's end when there is one near the limit.
    space = cut.rfind(" ")
    if space > MAX_QUERY_LENGTH - 30:
        cut = cut[:space]
    return cut.strip(), True


def engine_query(query):
    """The query as handed to PostgreSQL's websearch_to_tsquery: `<` and `>` are not words (and
    would be read as a tag)."""
    return query.replace("<", " ").replace(">", " ")


def has_positive_term(query):
    """Whether the query asks for some word, rather than only excluding words (`-foo`), which
    would match nearly everything without using the index."""
    for token in query.split():
        token = token.strip("\"'()")
        if token.lower() == "or" or token.startswith("-"):
            continue
        if _WORD.search(token):
            return True
    return False


def words(text):
    return _WORD.findall(str(text or ""))


def query_words(query):
    """The words of a query, normalized, in order, without repeats."""
    seen = []
    for word in words(query):
        word = normalize(word)
        if word not in seen:
            seen.append(word)
    return seen


def passages(text, length=PASSAGE_LENGTH):
    """A long text cut into passages of at most `length` characters, at a sentence's or a
    word's end where there is one in the passage's last fifth."""
    text = text[:MAX_TEXT_LENGTH]
    result = []
    while text:
        if len(text) <= length:
            result.append(text)
            break
        cut = -1
        for mark in (". ", "? ", "! ", "; ", " "):
            cut = text.rfind(mark, length * 4 // 5, length)
            if cut != -1:
                cut += len(mark) - 1 if mark != " " else 0
                break
        if cut <= 0:
            cut = length
        result.append(text[:cut].strip())
        text = text[cut:].strip()
    return [passage for passage in result if passage]


def as_html(stored):
    """Stored text (or a snippet made from it, with its marks) as safe HTML: everything escaped,
    then the marks become <mark> and the kept `<`, `>` their entities."""
    html = escape(stored or "")
    html = html.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    html = html.replace(LESS_THAN, "&lt;").replace(GREATER_THAN, "&gt;")
    return mark_safe(html)  # noqa: S308 (escaped above; only our own tags added)


def as_text(stored):
    """Stored text as plain text again (for a title in an attribute, say)."""
    text = (stored or "").replace(LESS_THAN, "<").replace(GREATER_THAN, ">")
    return text.replace(MARK_START, "").replace(MARK_END, "")


def mark_words(stored, wanted, window=None):
    """For the simple search (SQLite): `stored` with every word that starts with one of the
    normalized `wanted` words marked, cut to about `window` characters around the first mark.
    Accent- and case-insensitive, as the simple search is."""
    spans = []
    for match in _WORD.finditer(stored):
        if any(normalize(match.group()).startswith(word) for word in wanted):
            spans.append(match.span())
    start, end = 0, len(stored)
    if window and len(stored) > window:
        first = spans[0][0] if spans else 0
        start = max(0, first - window // 3)
        end = min(len(stored), start + window)
        # Whole words at both ends.
        if start:
            space = stored.find(" ", start)
            start = space + 1 if 0 <= space < first else start
        if end < len(stored):
            space = stored.rfind(" ", start, end)
            end = space if space > start else end
    out = []
    position = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        out += [stored[position:span_start], MARK_START, stored[span_start:span_end], MARK_END]
        position = span_end
    out.append(stored[position:end])
    text = "".join(out).strip()
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(stored) else ""
    return prefix + text + suffix
