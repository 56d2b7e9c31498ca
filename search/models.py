"""The site search's own index: one entry per page and language, its long texts in passages, and
the vocabulary of titles and introductions for spelling suggestions.

Rows are written by search.indexing (on publishing, and by `manage.py update_index`) and hold the
live content of a page in one language only. Whether a page may be shown is decided when searching
(core.pages.visibility), never here: a privacy restriction or an unpublished ancestor counts at once.
The PostgreSQL-only parts (text search configurations, GIN and trigram indexes) are made by the
migrations and are absent on SQLite, where search.query's simple search reads `normalized`.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    # Never listed as a page's usage in the admin.
    wagtail_reference_index_ignore = True

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="search_entries"
    )
    language = models.CharField(max_length=10)
    kind = models.CharField(max_length=30)
    # Index text (search.text.index_text) in this language only: the title (empty when the page
    # has none in this language; results then show the title the page shows), and the
    # introduction (with a news item's summary and the search description).
    title = models.TextField(blank=True)
    intro = models.TextField(blank=True)
    # PostgreSQL's vectors, each the one before with more: the title (weight A); with the
    # introduction (B); with the page's other text (C); with the text of its files in this
    # language (D). The last finds (GIN index); the others rank, cheaply: a result whose title
    # alone answers the query comes first, and so on.
    title_vector = SearchVectorField(null=True)
    lead_vector = SearchVectorField(null=True)
    head_vector = SearchVectorField(null=True)
    search_vector = SearchVectorField(null=True)
    # SQLite only (the simple search): the title, and every text of the entry, lower case and
    # without accents.
    normalized_title = models.TextField(blank=True)
    normalized = models.TextField(blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search index entry")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "language"], name="one_search_entry_per_language"
            )
        ]
        indexes = [models.Index(fields=["language", "kind"], name="search_entry_language_kind")]

    def __str__(self):
        return f"{self.language}: {self.title}"


class SearchPassage(models.Model):
    """A passage of an entry's body (weight C) or of its files' text (D), in reading order: a
    snippet is made from the first passage that matches, so its cost does not grow with the
    length of a 200-page report."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="passages")
    number = models.PositiveIntegerField()
    weight = models.CharField(max_length=1)
    text = models.TextField()
    vector = SearchVectorField(null=True)

    class Meta:
        verbose_name = _("search index passage")
        ordering = ["entry", "number"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "number"], name="one_search_passage_number")
        ]

    def __str__(self):
        return f"{self.entry_id}/{self.number}"


class SearchWord(models.Model):
    """The vocabulary of the titles and introductions in a language, for "Did you mean…?":
    `word` lower case without accents (trigram-indexed on PostgreSQL), `form` as a page writes
    it. A word is only ever suggested when a page that may be shown has it (search.query), so a
    word left here by a page since unpublished, restricted or deleted suggests nothing."""

    language = models.CharField(max_length=10)
    word = models.CharField(max_length=100)
    form = models.CharField(max_length=100)

    class Meta:
        verbose_name = _("search vocabulary word")
        constraints = [
            models.UniqueConstraint(
                fields=["language", "word"], name="one_search_word_per_language"
            )
        ]

    def __str__(self):
        return self.form
