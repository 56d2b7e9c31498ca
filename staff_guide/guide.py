"""The guide's text: one Markdown file per topic and language, in staff_guide/guide/<language>/.

The files are the single source of the guide (docs/staff-and-translators.md points to them). They
are rendered without raw HTML (markdown-it-py's "html" option off: a `<script>` in a file is shown
as text, and unsafe link schemes are dropped), and every heading gets an id for the table of
contents."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.safestring import mark_safe
from django.utils.text import slugify
from markdown_it import MarkdownIt

from core.i18n.languages import default_language

GUIDE_DIR = Path(__file__).parent / "guide"
# The topics in the guide's order; their slugs are the guide's addresses in every language.
TOPICS = ["editing", "translation", "languages", "files-and-email"]


@dataclass(frozen=True)
class Section:
    level: int
    id: str
    title: str


@dataclass(frozen=True)
class Topic:
    slug: str
    language: str  # the language the text is written in (Spanish when the reader's is missing)
    title: str
    html: str
    sections: tuple[Section, ...]


def markdown():
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def plain_text(inline):
    """A heading's words without their Markdown (`**`, backticks), for the table of contents."""
    return "".join(
        child.content for child in inline.children or [] if child.type in ("text", "code_inline")
    )


def render(text):
    """(title, html, sections) of a topic's Markdown: its first-level heading is the title (the
    admin's page header shows it as the page's <h1>); every other heading carries a unique id."""
    parser = markdown()
    tokens = parser.parse(text)
    title, ids, sections, body = "", set(), [], []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open" and token.tag == "h1" and not title:
            title = plain_text(tokens[index + 1])
            index += 3  # heading_open, inline, heading_close
            continue
        if token.type == "heading_open":
            level = min(int(token.tag[1]), 6)
            heading = plain_text(tokens[index + 1])
            base = slugify(heading) or "section"
            anchor, number = base, 2
            while anchor in ids:
                anchor, number = f"{base}-{number}", number + 1
            ids.add(anchor)
            token.attrSet("id", anchor)
            sections.append(Section(level, anchor, heading))
        body.append(token)
        index += 1
    html = parser.renderer.render(body, parser.options, {})
    return title, mark_safe(html), tuple(sections)  # noqa: S308 (markdown-it escapes text; html off)


@cache
def _topic(slug, language):
    path = GUIDE_DIR / language / f"{slug}.md"
    if not path.is_file():
        return None
    title, html, sections = render(path.read_text(encoding="utf-8"))
    return Topic(slug, language, title, html, sections)


def topic(slug, language):
    """The topic in the reader's language, or in the default language (Spanish) when it has not
    been written in theirs; None for a topic the guide does not have."""
    if slug not in TOPICS:
        return None
    return _topic(slug, language) or _topic(slug, default_language())


def topics(language):
    return [topic(slug, language) for slug in TOPICS]
