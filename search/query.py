"""Searching the index, in the language of the visitor.

On PostgreSQL a search is two queries, and a third when it finds fewer than SUGGEST_BELOW
results:

1. the number of results of each kind (`GROUP BY kind`), which gives the total and the filter;
2. one page of results, ranked, each with its page (for the URL), its highlighted title and
   its snippet: `ts_headline` over the introduction, or over the first passage of the body or of
   the files' text that matches (never over a whole document);
3. "Did you mean…?": for each word of the query that no shown page has, the closest word
   (pg_trgm similarity) of the vocabulary of titles and introductions that a shown page has,
   in one query.

Whether a page may be shown (live, under no privacy restriction, on this site) is part of each
query (core.pages.visibility.shown_q), so nothing hidden is counted, listed or suggested.

Ranking: a page whose title alone answers the whole query comes first, then title and
introduction, then title, introduction and body, then pages that need the files' text; within
each, the title nearest to the query (its rank divided by its number of distinct words), then
`ts_rank_cd` (cover density, weights A > B > C > D).

On SQLite (the zero-setup default) the simple search finds entries holding every word of the
query (lower case, without accents, as a part of a word), titles first, with no word forms and no
suggestions; the page says so.
"""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf

from core.pages.listing import page_bounds
from core.pages.visibility import shown_q

from . import engine
from .kinds import BY_KEY, KINDS
from .models import SearchEntry, SearchPassage, SearchWord
from .text import (
    MARK_END,
    MARK_START,
    engine_query,
    has_positive_term,
    index_text,
    mark_words,
    normalize,
    query_words,
    words,
)

PER_PAGE = 10
SUGGEST_BELOW = 3
MAX_SUGGESTED_WORDS = 6
# A suggested word is at least this similar (pg_trgm) to the word typed.
MIN_SIMILARITY = 0.4
# The simple search (SQLite) looks for at most this many words.
MAX_SIMPLE_WORDS = 10
SNIPPET_CHARACTERS = 240
VECTORS = ("title_vector", "lead_vector", "head_vector", "search_vector")


class Matches(Func):
    """`vector @@ query`, as an expression (for CASE)."""

    template = "%(expressions)s"
    arg_joiner = " @@ "
    output_field = BooleanField()


class IntroductionPart(Func):
    """`ts_filter(vector, '{b}')`: the introduction's part of an entry's vector (weight B)."""

    template = "ts_filter(%(expressions)s, '{b}'::\"char\"[])"


@dataclass
class Hit:
    entry: SearchEntry
    url: str
    kind: object
    title: str  # index text, with marks on PostgreSQL
    snippet: str  # index text, with marks
    in_files: bool = False


@dataclass
class KindCount:
    key: str
    label: object
    count: int


@dataclass
class Results:
    query: str
    kind: str = ""
    total: int = 0
    kind_total: int = 0
    counts: list = field(default_factory=list)
    hits: list = field(default_factory=list)
    number: int = 1
    suggestion: str = ""
    simple: bool = False


def _shown(entries, language, root):
    entries = entries.filter(language=language).filter(shown_q("page"))
    if root is not None:
        entries = entries.filter(page__path__startswith=root.path)
    return entries


def _counts(matched):
    found = dict(matched.values_list("kind").annotate(n=Count("pk")).order_by())
    return [
        KindCount(kind.key, kind.plural, found[kind.key]) for kind in KINDS if kind.key in found
    ]


def search(query, language, *, kind="", number=1, root=None, request=None):
    """One page of results for `query` (cleaned: search.text.clean_query) in `language`."""
    results = Results(query=query, kind=kind, number=number, simple=not engine.full_text())
    if not query or not has_positive_term(query):
        page_bounds(number, 0, PER_PAGE)  # nothing found has only its first page
        return results
    if results.simple:
        _simple_search(results, language, root, request)
    else:
        _full_text_search(results, language, root, request)
    return results


def _url(page, request):
    return page.get_url(request=request) or ""


def _full_text_search(results, language, root, request):
    config = engine.configuration(language)
    tsquery = SearchQuery(engine_query(results.query), config=config, search_type="websearch")
    matched = _shown(SearchEntry.objects.all(), language, root).filter(search_vector=tsquery)
    results.counts = _counts(matched)
    results.total = sum(count.count for count in results.counts)
    results.kind_total = (
        next((c.count for c in results.counts if c.key == results.kind), 0)
        if results.kind
        else results.total
    )
    start, stop = page_bounds(results.number, results.kind_total, PER_PAGE)
    if results.total < SUGGEST_BELOW:
        results.suggestion = _suggestion(results.query, language, root)
    if not results.kind_total:
        return

    def headline(expression, **options):
        options = {
            "max_words": 20,
            "min_words": 10,
            "short_word": 2,
            "max_fragments": 2,
            "fragment_delimiter": " … ",
            **options,
        }
        return SearchHeadline(
            expression, tsquery, config=config, start_sel=MARK_START, stop_sel=MARK_END, **options
        )

    head = F("head_vector")
    tier = Case(
        When(Matches(F("title_vector"), tsquery), then=Value(4)),
        When(Matches(F("lead_vector"), tsquery), then=Value(3)),
        When(Matches(head, tsquery), then=Value(2)),
        default=Value(1),
        output_field=IntegerField(),
    )
    matching_passage = (
        SearchPassage.objects.filter(entry=OuterRef("pk"), vector=tsquery)
        .order_by("number")
        .annotate(snippet=headline(F("text")))
        .values("snippet")[:1]
    )
    first_passage = SearchPassage.objects.filter(entry=OuterRef("pk"), number=0).values("text")[:1]
    snippet = Case(
        When(Matches(IntroductionPart(head), tsquery), then=headline(F("intro"))),
        default=Coalesce(
            Subquery(matching_passage),
            headline(Coalesce(NullIf(F("intro"), Value("")), Subquery(first_passage), Value(""))),
        ),
    )
    entries = matched.filter(kind=results.kind) if results.kind else matched
    ranking = {
        "tier": tier,
        # Among titles, the one that is most nearly the query ("Colombia" before "A meeting in
        # Colombia"): rank divided by the title's number of distinct words.
        "title_rank": SearchRank(
            F("title_vector"), tsquery, cover_density=True, normalization=Value(8)
        ),
        # The small vector ranks what it answers; only pages that need their files' text have
        # the large one read (and ranked).
        "rank": Case(
            When(Matches(head, tsquery), then=SearchRank(head, tsquery, cover_density=True)),
            default=SearchRank(F("search_vector"), tsquery, cover_density=True),
        ),
    }
    order = ("-tier", "-title_rank", "-rank", "pk")
    # The page of results is chosen from the ranking alone (narrow rows to sort), then its ten
    # entries are read with their pages, titles and snippets: still one query.
    chosen = entries.annotate(**ranking).order_by(*order).values("pk")[start:stop]
    rows = (
        SearchEntry.objects.filter(pk__in=Subquery(chosen))
        .annotate(
            **ranking,
            title_marked=headline(F("title"), highlight_all=True, max_fragments=None),
            snippet=snippet,
        )
        .select_related("page")
        .defer(*VECTORS, "normalized", "normalized_title")
        .order_by(*order)
    )
    results.hits = [
        Hit(
            entry=row,
            url=_url(row.page, request),
            kind=BY_KEY.get(row.kind, BY_KEY["page"]).label,
            title=row.title_marked or index_text(row.page.title),
            snippet=row.snippet,
            in_files=row.tier == 1,
        )
        for row in rows
    ]


def _suggestion(query, language, root):
    """The query with each word that no shown page has replaced by the closest word (pg_trgm
    similarity) of the titles and introductions that a shown page also has (`Colombai` ->
    `Colombia`), in one query; "" when nothing is replaced."""
    from django.contrib.postgres.search import TrigramSimilarity

    typed = query_words(query)[:MAX_SUGGESTED_WORDS]
    typed = [word for word in typed if len(word) >= 3 and not word.isdigit()]
    if not typed:
        return ""
    config = engine.configuration(language)

    def found(word):
        """Whether some page that may be shown has this word (in any of its forms)."""
        words = SearchQuery(word, config=config, search_type="plain")
        return Exists(_shown(SearchEntry.objects.all(), language, root).filter(search_vector=words))

    parts = [
        SearchWord.objects.filter(language=language, word__trigram_similar=word)
        .filter(found(OuterRef("word")))
        .annotate(
            position=Value(position),
            similarity=TrigramSimilarity("word", word),
            typed_is_found=found(Value(word)),
        )
        .order_by("-similarity", "word")
        .values_list("position", "word", "form", "similarity", "typed_is_found")[:1]
        for position, word in enumerate(typed)
    ]
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    replacements = {}
    for position, word, form, similarity, typed_is_found in rows:
        wanted = typed[position]
        if typed_is_found or word == wanted or similarity < MIN_SIMILARITY:
            continue
        # A word and its plural or its stem are not a typo.
        if word.startswith(wanted) or wanted.startswith(word):
            continue
        replacements[wanted] = form
    if not replacements:
        return ""

    def replace(match):
        original = match.group()
        form = replacements.get(normalize(original))
        if form is None:
            return original
        if original.isupper() and len(original) > 1:
            return form.upper()
        if original[:1].isupper():
            return form[:1].upper() + form[1:]
        return form

    return re.sub(r"[^\W_]+", replace, query)


def _simple_search(results, language, root, request):
    wanted = [normalize(word) for word in words(results.query)][:MAX_SIMPLE_WORDS]
    matched = _shown(SearchEntry.objects.all(), language, root)
    for word in wanted:
        matched = matched.filter(normalized__contains=word)
    results.counts = _counts(matched)
    results.total = sum(count.count for count in results.counts)
    results.kind_total = (
        next((c.count for c in results.counts if c.key == results.kind), 0)
        if results.kind
        else results.total
    )
    start, stop = page_bounds(results.number, results.kind_total, PER_PAGE)
    if not results.kind_total:
        return
    entries = matched.filter(kind=results.kind) if results.kind else matched
    in_title = Q()
    for word in wanted:
        in_title &= Q(normalized_title__contains=word)
    # The titles that hold every word first (the simple search's only ranking), then the rest.
    rows = (
        entries.annotate(
            in_title=Case(
                When(in_title, then=Value(1)), default=Value(0), output_field=IntegerField()
            )
        )
        .select_related("page")
        .prefetch_related(Prefetch("passages", queryset=SearchPassage.objects.order_by("number")))
        .order_by("-in_title", "pk")[start:stop]
    )
    hits = []
    for row in rows:
        source, in_files = row.intro, False
        if not any(word in normalize(row.intro) for word in wanted):
            passage = next(
                (p for p in row.passages.all() if any(w in normalize(p.text) for w in wanted)),
                None,
            )
            if passage is not None:
                source, in_files = passage.text, passage.weight == "D"
        hits.append(
            Hit(
                entry=row,
                url=_url(row.page, request),
                kind=BY_KEY.get(row.kind, BY_KEY["page"]).label,
                title=mark_words(row.title or index_text(row.page.title), wanted),
                snippet=mark_words(source, wanted, window=SNIPPET_CHARACTERS),
                in_files=in_files,
            )
        )
    results.hits = hits
