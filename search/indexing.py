"""Writing the site search's index: a page's entries in each language, from its live content.

What a language's entry holds, by weight (titles rank above introductions above bodies above
the text of files):

- A: the title in that language;
- B: the introduction, a news item's summary, the search description when it says more;
- C: every other translated text of the page (bodies, outcomes, mandates, venues…) and of its
  inline rows (a state's focal institutions, a round's documents, help contacts…);
- D: the text of its files in that language (a publication's Spanish PDF in the Spanish entry).

Only a page's own text in a language counts: an English field left empty, which the English page
shows in Spanish, is not English to search. A page with nothing of its own in a language has no
entry there. Section apps are not imported: page types are read through their fields and the
modeltranslation registry; files are named in FILE_TEXTS by string.
"""

import logging

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, models, transaction
from modelcluster.models import get_all_child_relations
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, get_page_models

from core.i18n.languages import language_codes, own_value

from . import engine
from .kinds import kind_of
from .models import SearchEntry, SearchPassage, SearchWord
from .text import index_text, normalize, passages, words

logger = logging.getLogger(__name__)

# Page type -> (relation to its files, the file's language field, the file's text field).
FILE_TEXTS = {"publications.publicationpage": ("files", "language", "text")}
# Translated fields that are not text to search, or that have a weight of their own.
NOT_BODY = {"title", "slug", "url_path", "seo_title", "search_description", "intro", "summary"}
NOT_TEXT = (models.URLField, models.EmailField, models.SlugField)
# Suggestions come from the words of titles and introductions: at most this many per entry.
MAX_TERMS = 300
MIN_TERM_LENGTH = 3
MAX_TERM_LENGTH = 100


def translated_fields(model):
    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


def field_text(field, value):
    """The searchable text of one field's value, as a list of strings."""
    if value is None:
        return []
    if isinstance(field, StreamField | RichTextField):
        return [str(part) for part in field.get_searchable_content(value) if part]
    if isinstance(field, models.CharField | models.TextField) and not isinstance(field, NOT_TEXT):
        return [str(value)] if str(value).strip() else []
    return []


def body_fields(model):
    return sorted(translated_fields(model) - NOT_BODY)


def child_relations(model):
    """(accessor, translated fields) of the page type's inline rows that carry translated text
    (the files of FILE_TEXTS are read apart)."""
    files = FILE_TEXTS.get(model._meta.label_lower, (None,))[0]
    found = []
    for relation in get_all_child_relations(model):
        accessor = relation.get_accessor_name()
        fields = sorted(translated_fields(relation.related_model))
        if fields and accessor != files:
            found.append((accessor, fields))
    return found


def prefetches(model):
    names = [accessor for accessor, _fields in child_relations(model)]
    files = FILE_TEXTS.get(model._meta.label_lower)
    if files:
        names.append(files[0])
    return names


class EntryText:
    """What one page's entry in one language holds, before it is written."""

    def __init__(self, page, language):
        self.page = page
        self.language = language
        self.kind = kind_of(page)

        def own(name):
            return own_value(page, name, language)

        # The title in this language only (the results show the page's title, with its
        # fallback, when it has none: search.query).
        self.title = index_text(own("title"))
        intro = [own("intro"), own("summary")]
        description = own("search_description")
        if description and description.strip() not in {(text or "").strip() for text in intro}:
            intro.append(description)
        self.intro = index_text(" ".join(text for text in intro if text and text.strip()))
        body = []
        model = type(page)
        for name in body_fields(model):
            field = model._meta.get_field(build_localized_fieldname(name, language))
            body += field_text(field, getattr(page, field.name, None))
        for accessor, fields in child_relations(model):
            for row in getattr(page, accessor).all():
                for name in fields:
                    field = type(row)._meta.get_field(build_localized_fieldname(name, language))
                    body += field_text(field, getattr(row, field.name, None))
        self.body = index_text(" ".join(body))
        files = FILE_TEXTS.get(model._meta.label_lower)
        file_texts = []
        if files:
            relation, language_field, text_field = files
            file_texts = [
                getattr(row, text_field) or ""
                for row in getattr(page, relation).all()
                if getattr(row, language_field) == language
            ]
        self.files = index_text(" ".join(file_texts))
        self.has_own_text = bool(self.title or self.intro or self.body or self.files)

    def passages(self):
        return [("C", text) for text in passages(self.body)] + [
            ("D", text) for text in passages(self.files)
        ]

    def terms(self):
        """{normalized word: form} of the title's and introduction's words, preferring a form
        met after a text's first word (a title's capital is not the word's own)."""
        found = {}
        for text in (self.title, self.intro):
            for position, word in enumerate(words(text)):
                key = normalize(word)
                if not MIN_TERM_LENGTH <= len(key) <= MAX_TERM_LENGTH or key.isdigit():
                    continue
                if key not in found or (position > 0 and found[key][1] == 0):
                    found[key] = (word[:MAX_TERM_LENGTH], position)
                if len(found) >= MAX_TERMS:
                    break
        return {key: form for key, (form, _position) in found.items()}

    def normalized(self):
        return normalize(" ".join([self.title, self.intro, self.body, self.files]))


def entry_texts(page):
    """The entries a live page has, one per language with text of its own."""
    if not page.live or page.depth <= 1:
        return []
    texts = [EntryText(page, language) for language in language_codes()]
    return [text for text in texts if text.has_own_text]


def write(texts):
    """Insert the entries (with their passages, words and vectors) for these EntryTexts."""
    if not texts:
        return
    full_text = engine.full_text()
    entries = SearchEntry.objects.bulk_create(
        [
            SearchEntry(
                page_id=text.page.pk,
                language=text.language,
                kind=text.kind,
                title=text.title,
                intro=text.intro,
                normalized_title="" if full_text else normalize(text.title),
                normalized="" if full_text else text.normalized(),
            )
            for text in texts
        ],
        batch_size=500,
    )
    passage_rows, words = [], {}
    for entry, text in zip(entries, texts, strict=True):
        passage_rows += [
            SearchPassage(entry=entry, number=number, weight=weight, text=passage)
            for number, (weight, passage) in enumerate(text.passages())
        ]
        for word, form in text.terms().items():
            words.setdefault((text.language, word), form)
    SearchPassage.objects.bulk_create(passage_rows, batch_size=500)
    SearchWord.objects.bulk_create(
        [SearchWord(language=lang, word=word, form=form) for (lang, word), form in words.items()],
        batch_size=1000,
        ignore_conflicts=True,
    )
    if full_text:
        compute_vectors([entry.pk for entry in entries])


def compute_vectors(entry_ids):
    """Each passage's vector, then each entry's four weighted vectors, in two statements."""
    entry_config = engine.configuration_sql("e.language")
    passages = SearchPassage._meta.db_table
    entries = SearchEntry._meta.db_table

    def joined(weight):
        return (
            f"coalesce((SELECT string_agg(p.text, ' ' ORDER BY p.number) FROM {passages} p "  # noqa: S608
            f"WHERE p.entry_id = e.id AND p.weight = '{weight}'), '')"
        )

    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {passages} AS p SET vector = to_tsvector({entry_config}, p.text) "  # noqa: S608
            f"FROM {entries} AS e WHERE e.id = p.entry_id AND e.id = ANY(%s)",
            [entry_ids],
        )
        cursor.execute(
            f"UPDATE {entries} AS target SET title_vector = v.a, lead_vector = v.a || v.b, "  # noqa: S608
            "head_vector = v.a || v.b || v.c, search_vector = v.a || v.b || v.c || v.d FROM ("
            f"SELECT e.id, setweight(to_tsvector({entry_config}, e.title), 'A') AS a, "
            f"setweight(to_tsvector({entry_config}, e.intro), 'B') AS b, "
            f"setweight(to_tsvector({entry_config}, {joined('C')}), 'C') AS c, "
            f"setweight(to_tsvector({entry_config}, {joined('D')}), 'D') AS d "
            f"FROM {entries} AS e WHERE e.id = ANY(%s)) AS v WHERE target.id = v.id",
            [entry_ids],
        )


def _load(page):
    """The page as the database holds it now (its live content), with its inline rows."""
    model = page.specific_class or type(page)
    return model.objects.filter(pk=page.pk).prefetch_related(*prefetches(model)).first()


def index_page(page):
    """Replace the page's entries by its live content in every language (none when it is not
    live). Never fails the change that called it: an error is logged and `update_index` mends it."""
    try:
        with transaction.atomic():
            SearchEntry.objects.filter(page_id=page.pk).delete()
            current = _load(page)
            if current is not None:
                write(entry_texts(current))
    except DatabaseError:
        logger.exception("The site search could not index page %s; run update_index.", page.pk)


def remove_page(page):
    try:
        with transaction.atomic():
            SearchEntry.objects.filter(page_id=page.pk).delete()
    except DatabaseError:
        logger.exception("The site search could not drop page %s; run update_index.", page.pk)


def indexed_page_types():
    """Every page type, app by app in INSTALLED_APPS' order. The simple search breaks ties by
    entry id, so this order must not change with the order in which modules import each other
    (which decides get_page_models()'s)."""
    order = {config.label: number for number, config in enumerate(apps.get_app_configs())}
    page_types = [model for model in get_page_models() if model is not Page]
    return sorted(page_types, key=lambda model: order[model._meta.app_label])


def rebuild(stdout=None, chunk_size=200):
    """Empty the index and index every live page again, in one transaction (searches meanwhile
    see the old index). Returns the number of entries written."""
    written = 0
    with transaction.atomic():
        SearchWord.objects.all().delete()
        SearchPassage.objects.all().delete()
        SearchEntry.objects.all().delete()
        for model in indexed_page_types():
            content_type = ContentType.objects.get_for_model(model)
            pages = (
                model.objects.filter(content_type=content_type, live=True, depth__gt=1)
                .order_by("path")
                .prefetch_related(*prefetches(model))
            )
            texts, count = [], 0
            for page in pages.iterator(chunk_size=chunk_size):
                texts += entry_texts(page)
                count += 1
                if len(texts) >= chunk_size:
                    write(texts)
                    written += len(texts)
                    texts = []
            write(texts)
            written += len(texts)
            if stdout is not None and count:
                stdout.write(f"  {model._meta.label}: {count} page(s)")
    if engine.full_text():
        # Fresh statistics for the planner (the rows were all replaced).
        with connection.cursor() as cursor:
            tables = [SearchEntry, SearchPassage, SearchWord]
            cursor.execute("ANALYZE " + ", ".join(model._meta.db_table for model in tables))
    return written
