"""The document library: declarations, plans of action, road maps and reports, one file per
language, found by type, year, round, thematic area and language."""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.dateformat import format as format_date
from django.utils.formats import get_format
from django.utils.functional import cached_property
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from core.i18n.dates import DatePrecision, PreciseDatesMixin, precision_field
from core.pages.listing import ListingPage, counted_page, one_value, requested_page
from core.pages.models import BasePage, SectionIndexPage
from core.pages.visibility import shown_pages
from core.query_values import ascii_integer

from .files import UnreadableFile, read_file_facts

PER_PAGE = 20


class PublicationType(models.TextChoices):
    JOINT_DECLARATION = "joint_declaration", _("Joint declaration")
    PLAN_OF_ACTION = "plan_of_action", _("Plan of action")
    ROAD_MAP = "road_map", _("Road map")
    REPORT = "report", _("Report")
    CONCEPT_NOTE = "concept_note", _("Concept note")
    STATEMENT = "statement", _("Statement")
    OTHER = "other", _("Other document")


# A file can be in a language the site is not in (Portuguese from Brazil, French).
FILE_LANGUAGES = [
    ("es", _("Spanish")),
    ("en", _("English")),
    ("pt", _("Portuguese")),
    ("fr", _("French")),
]


def related_model(field_name):
    """The page model a string reference points at (a round, a state, an area): members imports
    this app (a state's page lists what it signed), so importing members here would close a
    circle."""
    return PublicationPage._meta.get_field(field_name).related_model


class PublicationQuerySet(PageQuerySet):
    def for_listing(self, with_files=True):
        """Shown publications, newest first: one query, and one more for the languages of their
        files (`listed_files`), which the library shows and shorter lists leave out."""
        # Undated documents last, on every database.
        publications = (
            shown_pages(self)
            .defer_streamfields()
            .order_by(models.F("date").desc(nulls_last=True), "-pk")
        )
        if with_files:
            publications = publications.prefetch_related(
                models.Prefetch(
                    "files", queryset=PublicationFile.objects.all(), to_attr="listed_files"
                )
            )
        return publications


PublicationManager = PageManager.from_queryset(PublicationQuerySet)


def latest_publications(limit=3):
    """The newest shown publications, for the home page (without their files' languages)."""
    return list(PublicationPage.objects.for_listing(with_files=False)[:limit])


class LibraryFilters:
    """The library's filters, read from the query string. A value that names nothing (an
    unknown type, year 99999, a 2,000-character string) simply matches nothing; a repeated
    filter is a 404, as for every listing (core.pages.listing)."""

    NAMES = ("type", "year", "round", "area", "language")
    MAX_VALUE_LENGTH = 100

    NUMBERS = ("year", "round", "area")

    def __init__(self, query):
        self.values = {}
        for name in self.NAMES:
            value = one_value(query, name).strip()[: self.MAX_VALUE_LENGTH]
            if name in self.NUMBERS and self._number(value) is not None:
                value = str(self._number(value))  # "02019" is 2019, shown as chosen
            if value:
                self.values[name] = value

    def __bool__(self):
        return bool(self.values)

    def get(self, name):
        return self.values.get(name, "")

    @staticmethod
    def _number(value):
        return ascii_integer(value, 9)

    def described(self, choices):
        """What the chosen filters name, in the form's words, for the heading of a filtered view
        ("Joint declaration", "2023", "language of the files: English"). A value that names nothing is left out:
        the empty list below it says so."""
        labels = []
        if label := dict(choices["types"]).get(self.get("type")):
            labels.append(str(label))
        if self._number(self.get("year")) in choices["years"]:
            labels.append(self.get("year"))
        for name, pages, key in (
            ("round", choices["rounds"], "round_number"),
            ("area", choices["areas"], "pk"),
        ):
            labels += [page.title for page in pages if str(getattr(page, key)) == self.get(name)]
        if language := dict(choices["languages"]).get(self.get("language")):
            labels.append(_("language of the files: %(language)s") % {"language": language})
        return labels

    def apply(self, publications):
        # A value that can name nothing gives no results, never an error.
        nothing = publications.none()
        if "type" in self.values:
            if self.values["type"] not in PublicationType.values:
                return nothing
            publications = publications.filter(publication_type=self.values["type"])
        if "year" in self.values:
            year = self._number(self.values["year"])
            if year is None or not 1 <= year <= 9999:
                return nothing
            publications = publications.filter(date__year=year)
        if "round" in self.values:
            number = self._number(self.values["round"])
            if number is None:
                return nothing
            publications = publications.filter(round__number=number)
        if "area" in self.values:
            area = self._number(self.values["area"])
            if area is None:
                return nothing
            publications = publications.filter(thematic_areas=area)
        if "language" in self.values:
            if self.values["language"] not in dict(FILE_LANGUAGES):
                return nothing
            # One file per language: the join never repeats a publication.
            publications = publications.filter(files__language=self.values["language"])
        return publications


class PublicationsIndexPage(SectionIndexPage):
    """The document library: every publication, filtered by a GET form that needs no script."""

    subpage_types = ["publications.PublicationPage"]

    class Meta:
        verbose_name = _("document library")

    def publications(self):
        return PublicationPage.objects.child_of(self).for_listing()

    def filter_choices(self):
        """What each filter can take, from the library's content: two queries (the years; the
        rounds and areas that have publications, as plain pages in tree order)."""
        publications = shown_pages(PublicationPage.objects.child_of(self))
        years = [d.year for d in publications.dates("date", "year", order="DESC")]
        linked = list(
            shown_pages(
                Page.objects.filter(
                    models.Q(roundpage__publications__in=publications)
                    | models.Q(thematicareapage__publications__in=publications)
                )
            )
            .annotate(round_number=models.F("roundpage__number"))
            .distinct()
            .order_by("path")
        )
        rounds = [page for page in linked if page.round_number is not None]
        areas = [page for page in linked if page.round_number is None]
        return {
            "types": PublicationType.choices,
            "years": years,
            "rounds": rounds,
            "areas": areas,
            "languages": FILE_LANGUAGES,
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filters = LibraryFilters(request.GET)
        number = requested_page(request.GET)
        # Each page of each filtering, once a generation (a page that is not one is a 404,
        # never kept; filter values are at most MAX_VALUE_LENGTH long).
        items, count = self.remembered_in_process(
            "library-page",
            lambda: counted_page(filters.apply(self.publications()), number, PER_PAGE),
            tuple(sorted(filters.values.items())),
            number,
        )
        results = ListingPage(
            items,
            number,
            count,
            PER_PAGE,
            path=self.get_url(request) or request.path,
            filters=tuple(filters.values.items()),
        )
        choices = self.remembered_in_process("filter-choices", self.filter_choices)
        context.update(
            filters=filters,
            filtered_by=filters.described(choices),
            choices=choices,
            results=results,
            result_count=results.count,
        )
        return context


class PublicationPage(PreciseDatesMixin, BasePage):
    publication_type = models.CharField(_("type"), max_length=30, choices=PublicationType.choices)
    date = models.DateField(
        _("date"),
        null=True,
        blank=True,
        help_text=_(
            "The date it was adopted or published, as precise as the sources give it. Leave it "
            "empty when no source gives it: the page says the date is not known."
        ),
    )
    date_precision = precision_field()
    place = models.CharField(
        pgettext_lazy("where a document was adopted", "place"),
        max_length=255,
        blank=True,
        help_text=_("The city where it was adopted, for example: Quito."),
    )
    round = models.ForeignKey(
        "rounds.RoundPage",
        verbose_name=_("round"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="publications",
        help_text=_("The round of the Quito Process it came from, if any."),
    )
    thematic_areas = ParentalManyToManyField(
        "thematic_areas.ThematicAreaPage",
        verbose_name=_("thematic areas"),
        blank=True,
        related_name="publications",
    )
    signatories = ParentalManyToManyField(
        "members.MemberStatePage",
        verbose_name=_("signed or endorsed by"),
        blank=True,
        related_name="publications_signed",
    )

    official_text_url = models.URLField(
        _("where the official text is published"),
        blank=True,
        help_text=_("When the files here are not the official text: the page that publishes it."),
    )

    objects = PublicationManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro", heading=_("Summary")),
        MultiFieldPanel(
            [
                FieldPanel("publication_type"),
                FieldRowPanel([FieldPanel("date"), FieldPanel("date_precision")]),
                FieldRowPanel([FieldPanel("place"), FieldPanel("round")]),
                FieldPanel("official_text_url"),
            ],
            heading=_("What and when"),
        ),
        InlinePanel(
            "files",
            label=_("Files"),
            heading=_("Files, one per language"),
            help_text=_(
                "Upload or choose the file in each language. Mark the language it was adopted "
                "in as the original. Format, size and pages are read from the file."
            ),
            min_num=0,
        ),
        FieldPanel("thematic_areas", widget=forms.CheckboxSelectMultiple),
        FieldPanel("signatories", widget=forms.CheckboxSelectMultiple),
        FieldPanel("body"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.FilterField("publication_type"),
        index.FilterField("date"),
        index.RelatedFields("files", [index.SearchField("text")]),
    ]

    parent_page_types = ["publications.PublicationsIndexPage"]
    subpage_types = []

    precise_dates = (("date", "date_precision"),)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    @cached_property
    def ordered_files(self):
        """The files, the original first, then by language in the order editors know."""
        order = [code for code, _name in FILE_LANGUAGES]
        return sorted(
            self.files.select_related("document"),
            key=lambda f: (not f.is_original, order.index(f.language)),
        )

    def citation_date(self):
        """The date of the citation, author-date style, no more precise than the date:
        "2018, 4 de septiembre", "2025, noviembre", "2019", or "s. f." / "n.d." without one."""
        date = self.date
        if date is None:
            return pgettext("a citation's date when no source gives one", "n.d.")
        if self.date_precision == DatePrecision.YEAR:
            return str(date.year)
        if self.date_precision == DatePrecision.MONTH:
            within_year = format_date(date, "F")
        else:
            within_year = format_date(date, get_format("MONTH_DAY_FORMAT"))
        return f"{date.year}, {within_year}"

    def citation(self):
        """'Proceso de Quito (2018, 4 de septiembre). Declaración de Quito... Quito.' in the
        page's language."""
        parts = [f"{gettext('Quito Process')} ({self.citation_date()}). {self.title.rstrip('.')}."]
        if self.place:
            parts.append(f"{self.place.rstrip('.')}.")
        return " ".join(parts)

    def structured_data(self, context):
        """A schema.org CreativeWork (or Report): its address, its date as precise as known, and
        each file as a MediaObject with its address, format, size and language."""
        request = context.get("request")
        absolute = request.build_absolute_uri if request is not None else str
        url = self.get_url(request=request)
        files = [
            {
                "@type": "MediaObject",
                "name": f"{self.title} ({file.get_language_display()})",
                "contentUrl": absolute(file.document.url),
                "encodingFormat": file.document.content_type,
                "contentSize": f"{file.file_size} B" if file.file_size else None,
                "inLanguage": file.language,
            }
            for file in self.ordered_files
        ]
        data = {
            "@type": "CreativeWork" if self.publication_type != "report" else "Report",
            "name": self.title,
            "url": absolute(url) if url else None,
            "datePublished": self.precise("date").iso(),
            "author": {"@type": "Organization", "name": gettext("Quito Process")},
            "inLanguage": [f.language for f in self.ordered_files] or None,
            "associatedMedia": [{k: v for k, v in f.items() if v} for f in files] or None,
        }
        if self.intro:
            data["abstract"] = self.intro
        if self.place:
            data["locationCreated"] = {"@type": "Place", "name": self.place}
        return {key: value for key, value in data.items() if value}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["files"] = self.ordered_files
        if self.pk is None:  # a preview before the first save: nothing is linked yet
            return context
        context.update(self.remembered_in_process("publication-sections", self.linked_pages))
        return context

    def linked_pages(self):
        # Its round, areas and signatories as plain pages (titles and URLs), in one query.
        linked = shown_pages(
            Page.objects.filter(
                models.Q(pk=self.round_id)
                | models.Q(thematicareapage__publications=self)
                | models.Q(memberstatepage__publications_signed=self)
            )
        ).distinct()
        by_type = {}
        for page in sorted(linked, key=lambda page: page.title):
            by_type.setdefault(page.content_type_id, []).append(page)

        def of_type(field_name):
            content_type = ContentType.objects.get_for_model(related_model(field_name))
            return by_type.get(content_type.pk, [])

        return {
            "round": next(iter(of_type("round")), None),
            "thematic_areas": of_type("thematic_areas"),
            "signatories": of_type("signatories"),
            "related": self.related_publications(),
        }

    def related_publications(self, limit=4):
        """Others from the same round or on the same areas, newest first."""
        same = models.Q(thematic_areas__in=self.thematic_areas.all())
        if self.round_id:
            same |= models.Q(round_id=self.round_id)
        candidates = (
            PublicationPage.objects.sibling_of(self, inclusive=False)
            .filter(same)
            .values_list("pk", flat=True)
            .distinct()
        )
        return list(PublicationPage.objects.filter(pk__in=candidates).for_listing()[:limit])


class PublicationFile(Orderable):
    page = ParentalKey(PublicationPage, on_delete=models.CASCADE, related_name="files")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("file"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    language = models.CharField(_("language of the file"), max_length=5, choices=FILE_LANGUAGES)
    is_original = models.BooleanField(
        _("original language"),
        default=False,
        help_text=_("The language the text was adopted in; the others are translations."),
    )
    is_summary_sheet = models.BooleanField(
        _("summary sheet"),
        default=False,
        help_text=_(
            "The file is a summary sheet that says where the official text is published, not "
            "the text itself."
        ),
    )
    # Read from the file when it is attached (see files.py), never typed.
    file_format = models.CharField(_("format"), max_length=10, editable=False, default="")
    file_size = models.PositiveBigIntegerField(_("size in bytes"), editable=False, default=0)
    page_count = models.PositiveIntegerField(_("pages"), editable=False, null=True)
    text = models.TextField(_("text of the file"), editable=False, blank=True)
    # The document these facts were read from: choosing another file reads them again.
    read_document_id = models.PositiveIntegerField(editable=False, null=True)

    panels = [
        FieldPanel("document"),
        FieldRowPanel(
            [FieldPanel("language"), FieldPanel("is_original"), FieldPanel("is_summary_sheet")]
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("publication file")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "language"], name="one_publication_file_per_language"
            )
        ]

    def clean(self):
        super().clean()
        if self.document_id and self.read_document_id != self.document_id:
            try:
                self.read_facts()
            except UnreadableFile as error:
                raise ValidationError({"document": error.messages}) from error
            except OSError as error:
                raise ValidationError(
                    {"document": _("The file could not be read. Upload it again.")}
                ) from error

    def read_facts(self):
        facts = read_file_facts(self.document)
        self.file_format = facts.file_format
        self.file_size = facts.file_size
        self.page_count = facts.page_count
        self.text = facts.text
        self.read_document_id = self.document_id

    def save(self, *args, **kwargs):
        # Files attached outside the admin form (demo content, scripts) are read here.
        if self.document_id and self.read_document_id != self.document_id:
            try:
                self.read_facts()
            except (UnreadableFile, OSError):
                self.file_format = self.document.file_extension.upper()
        super().save(*args, **kwargs)
