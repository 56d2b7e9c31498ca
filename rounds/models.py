"""The rounds of the Quito Process, their Pro Tempore Presidencies and their documents."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.i18n.dates import PreciseDatesMixin, period_words, precision_field
from core.i18n.languages import language_codes
from core.pages.blocks import RICH_TEXT_FEATURES
from core.pages.models import BasePage, SectionIndexPage, SelfNamingPageMixin
from core.pages.text import says_nothing_more
from core.pages.visibility import shown_linked, shown_pages, with_shown_relations

ROMAN_NUMERALS = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
]


def to_roman(number):
    """1 -> 'I', 11 -> 'XI', 2024 -> 'MMXXIV'."""
    if number < 1:
        raise ValueError("Roman numerals start at 1.")
    numeral = []
    for value, letters in ROMAN_NUMERALS:
        count, number = divmod(number, value)
        numeral.append(letters * count)
    return "".join(numeral)


def member_states():
    """The member state pages a round points at (its host and presidency), reached through the
    string reference of those fields rather than an import of the members app."""
    return RoundPage._meta.get_field("host_country").related_model.objects


class RoundsIndexPage(SectionIndexPage):
    subpage_types = ["rounds.RoundPage"]

    class Meta:
        verbose_name = _("rounds index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        rounds = self.remembered_in_process("rounds", self.shown_rounds)
        context["rounds"] = rounds
        context["current_round"] = rounds[-1] if rounds else None
        return context

    def shown_rounds(self):
        rounds = list(
            shown_pages(RoundPage.objects.child_of(self)).defer_streamfields().order_by("number")
        )
        # Host countries and presidencies in one query, without their page bodies; a state the
        # public site may not show is left out as if the round named none.
        state_ids = {r.host_country_id for r in rounds} | {r.presidency_id for r in rounds}
        states = shown_pages(member_states()).defer_streamfields().in_bulk(state_ids - {None})
        for round_page in rounds:
            round_page.host_country = states.get(round_page.host_country_id)
            round_page.presidency = states.get(round_page.presidency_id)
        return rounds


def current_round():
    """The shown round with the highest number: its presidency is the current one.

    Its host country and presidency are dropped when the public site may not show them.
    """
    latest = (
        shown_pages(RoundPage.objects)
        .defer_streamfields()
        .select_related("host_country", "presidency")
        .order_by("-number")[:1]
    )
    rounds = with_shown_relations(latest, "host_country", "presidency")
    return rounds[0] if rounds else None


class RoundPage(SelfNamingPageMixin, BasePage):
    number = models.PositiveSmallIntegerField(
        _("number"),
        unique=True,
        validators=[MinValueValidator(1)],
        error_messages={"unique": _("There is already a page for this round.")},
        help_text=_("Shown in Roman numerals. The title defaults to 'Round' and the numeral."),
    )
    chapter = models.CharField(
        _("chapter name"),
        max_length=255,
        blank=True,
        help_text=_("For example: Buenos Aires Chapter."),
    )
    host_city = models.CharField(_("host city"), max_length=255, blank=True)
    host_country = models.ForeignKey(
        "members.MemberStatePage",
        verbose_name=_("host country"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rounds_hosted",
    )
    presidency = models.ForeignKey(
        "members.MemberStatePage",
        verbose_name=_("Pro Tempore Presidency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="presidencies",
        help_text=_("The member state holding the Pro Tempore Presidency during this round."),
    )
    # A round has two periods that sources tell apart: its plenary (the days the states met)
    # and its Pro Tempore Presidency (the chapter, often a year or more). Either may be unknown.
    plenary_start = models.DateField(
        _("first day of the plenary"),
        null=True,
        blank=True,
        help_text=_("When the member states met. Leave empty while no source gives the day."),
    )
    plenary_end = models.DateField(_("last day of the plenary"), null=True, blank=True)
    presidency_start = models.DateField(
        _("start of the Pro Tempore Presidency"), null=True, blank=True
    )
    presidency_end = models.DateField(
        _("end of the Pro Tempore Presidency"),
        null=True,
        blank=True,
        help_text=_("Leave empty while the presidency is under way."),
    )
    outcome = RichTextField(_("outcome"), blank=True, features=RICH_TEXT_FEATURES)

    # A draft without its number would block that number for the real round.
    number.required_on_save = True

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("number"), FieldPanel("chapter")]),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("host_city"), FieldPanel("host_country")]),
                FieldRowPanel([FieldPanel("plenary_start"), FieldPanel("plenary_end")]),
                FieldPanel("presidency"),
                FieldRowPanel([FieldPanel("presidency_start"), FieldPanel("presidency_end")]),
            ],
            heading=_("Where and when"),
        ),
        FieldPanel("intro"),
        FieldPanel("outcome"),
        FieldPanel("body"),
        InlinePanel("documents", label=_("Documents")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("outcome"),
        index.SearchField("body"),
    ]

    parent_page_types = ["rounds.RoundsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("round page")

    @property
    def roman_number(self):
        return to_roman(self.number) if self.number else ""

    def default_title(self, language):
        if not self.number:
            return ""
        with translation.override(language):
            return gettext("Round %(number)s") % {"number": self.roman_number}

    def clean(self):
        super().clean()
        errors = {}
        if not self.plenary_start and not self.presidency_start:
            errors["plenary_start"] = _(
                "Give the first day of the plenary or the start of the Pro Tempore Presidency."
            )
        for start, end in (
            ("plenary_start", "plenary_end"),
            ("presidency_start", "presidency_end"),
        ):
            first, last = getattr(self, start), getattr(self, end)
            if last and not first:
                errors[start] = _("Give the start as well as the end.")
            elif first and last and last < first:
                errors[end] = _("The end cannot be before the start.")
        if errors:
            raise ValidationError(errors)

    @property
    def event_period(self):
        """(start, end) of the round as an event: its plenary when the sources give it,
        otherwise its presidency's span."""
        if self.plenary_start:
            return self.plenary_start, self.plenary_end
        return self.presidency_start, self.presidency_end

    def event_description(self, presidency):
        """What the round is, with both its periods as far as they are known."""
        with_dates = []
        if self.plenary_start:
            with_dates.append(
                gettext("Plenary: %(dates)s.") % {"dates": period_words(*self.plenary_period)}
            )
        else:
            with_dates.append(gettext("The sources give no date for its plenary."))
        if presidency is not None and self.presidency_start:
            with_dates.append(
                gettext("Pro Tempore Presidency: %(state)s, %(dates)s.")
                % {"state": presidency.title, "dates": period_words(*self.presidency_period)}
            )
        elif presidency is not None:
            with_dates.append(
                gettext("Pro Tempore Presidency: %(state)s.") % {"state": presidency.title}
            )
        intro = self.intro or gettext("%(round)s of the Quito Process.") % {"round": self.title}
        return " ".join([intro.strip(), *with_dates])

    def describes_itself(self):
        # Without the presidency: its state's page may be restricted (the page checks that).
        return self.event_description(None)

    @property
    def intro_repeats_title(self):
        """The intro only names the round ("VII Ronda del Proceso de Quito." under "VII Ronda"):
        the page does not show it as its lead."""
        names = [self.title, str(self.number or "")]
        for language in language_codes():
            with translation.override(language):
                names += [self.default_title(language), gettext("Quito Process")]
        return says_nothing_more(self.intro, *names)

    def outcome_repeats(self, publications):
        """The outcome only names the documents listed as adopted ("VII Declaración Conjunta."
        above the declaration itself): the page does not show it."""
        return says_nothing_more(self.outcome, *(publication.title for publication in publications))

    @property
    def plenary_period(self):
        return self.plenary_start, self.plenary_end

    @property
    def presidency_period(self):
        return self.presidency_start, self.presidency_end

    def structured_data(self, context):
        """A round is an event: its dates (the plenary's, or the presidency's span where the
        plenary's are unknown, as its description says), its host and its address."""
        host = context.get("host_country")
        request = context.get("request")
        start, end = self.event_period
        url = self.get_url(request=request)
        data = {
            "@type": "Event",
            "name": self.title,
            "description": self.event_description(context.get("presidency")),
            "startDate": start.isoformat() if start else None,
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "organizer": {"@type": "Organization", "name": str(_("Quito Process"))},
        }
        if url:
            data["url"] = request.build_absolute_uri(url) if request is not None else url
        if end:
            data["endDate"] = end.isoformat()
        data = {key: value for key, value in data.items() if value}
        if self.host_city or host:
            data["location"] = {
                "@type": "Place",
                "name": ", ".join(
                    str(part) for part in [self.host_city, host and host.title] if part
                ),
                "address": {
                    "@type": "PostalAddress",
                    **({"addressLocality": self.host_city} if self.host_city else {}),
                    **({"addressCountry": str(host.country)} if host else {}),
                },
            }
        return data

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Host and presidency in one query (often the same state).
        states = (
            shown_pages(member_states())
            .defer_streamfields()
            .in_bulk({self.host_country_id, self.presidency_id} - {None})
        )
        context["host_country"] = states.get(self.host_country_id)
        context["presidency"] = states.get(self.presidency_id)
        context["documents"] = self.documents.select_related("document")
        if self.pk is None:  # the preview of a page not saved yet: nothing points at it
            return context
        context.update(self.remembered_in_process("round-sections", self.derived_sections))
        context["outcome_repeats"] = self.outcome_repeats(context["publications"])
        return context

    def derived_sections(self):
        """What the other sections say of this round, never typed twice."""
        return {
            "thematic_areas": shown_linked(self.thematic_area_links, "page"),
            "publications": self.adopted_publications(),
            "meetings": list(self.meetings.chronological().listing()),
            "news_items": self.latest_news(),
        }

    def adopted_publications(self):
        """The library's shown publications that came from this round (reverse relation), newest
        first, without their files: one query. Also read by the pages of its meetings."""
        return list(self.publications.for_listing(with_files=False))

    def latest_news(self, limit=3):
        """The latest shown news items about this round (reverse relation): one query, two with
        images. Also read by the pages of its meetings."""
        return list(self.news_items.for_listing()[:limit])


class DocumentKind(models.TextChoices):
    DECLARATION = "declaration", _("Joint declaration")
    ACTION_PLAN = "action_plan", _("Action plan")
    ROADMAP = "roadmap", _("Roadmap")
    REPORT = "report", _("Report")
    OTHER = "other", _("Other document")


# Documents can be in a language the site is not (Portuguese from Brazil, say).
DOCUMENT_LANGUAGES = [
    ("es", _("Spanish")),
    ("en", _("English")),
    ("pt", _("Portuguese")),
    ("fr", _("French")),
]


class RoundDocument(PreciseDatesMixin, Orderable):
    page = ParentalKey(RoundPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(
        _("title"),
        max_length=255,
        blank=True,
        help_text=_("Leave empty to use the document's own title."),
    )
    kind = models.CharField(_("type"), max_length=20, choices=DocumentKind.choices)
    language = models.CharField(_("language"), max_length=5, choices=DOCUMENT_LANGUAGES)
    date = models.DateField(_("date"))
    date_precision = precision_field()

    precise_dates = (("date", "date_precision"),)

    panels = [
        FieldPanel("document"),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("language")]),
        FieldRowPanel([FieldPanel("date"), FieldPanel("date_precision")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("round document")

    @property
    def display_title(self):
        return self.title or self.document.title
