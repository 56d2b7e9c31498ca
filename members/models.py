"""Who takes part in the Quito Process: member states, observers and the Group of Friends."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _
from django_countries.fields import Country, CountryField
from modelcluster.fields import ParentalKey
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.i18n.languages import collation_key, language_codes
from core.pages.blocks import RICH_TEXT_FEATURES, RelatedLinksBlock
from core.pages.models import (
    BasePage,
    SectionIndexPage,
    SelfNamingPageMixin,
)
from core.pages.navigation import help_page
from core.pages.visibility import shown_linked, shown_pages, shown_q
from core.private_apis import was_prefetched
from events.models import MeetingPage
from figures.models import StateFigure
from getting_help.models import HelpEntry
from news.models import NewsPage
from publications.models import PublicationPage
from rounds.models import RoundPage
from thematic_areas.models import ThematicAreaLead

from .maps import region_map

YEAR_VALIDATORS = [MinValueValidator(1900), MaxValueValidator(2100)]


def country_name(country, language):
    """The country's name in a language; `country` is a Country or an ISO code."""
    with translation.override(language):
        return str(Country(code=str(country)).name)


def flag_path(country):
    """Static path of the country's flag: flag-icons' SVG (static/flags/svg, MIT licence)."""
    return f"flags/svg/{country.code.lower()}.svg" if country else ""


class MembershipStatus(models.TextChoices):
    MEMBER = "member", _("Member state")
    OBSERVER = "observer", _("Observer")


class MemberStatesIndexPage(SectionIndexPage):
    subpage_types = ["members.MemberStatePage"]

    class Meta:
        verbose_name = _("member states index page")

    def member_states(self):
        """Shown member state pages (live, not restricted), sorted by their name in the active
        language."""
        states = (
            shown_pages(MemberStatePage.objects.child_of(self))
            .defer_streamfields()
            .prefetch_related("figures")
            .order_by()
        )
        return sorted(states, key=lambda state: collation_key(state.title))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.remembered_in_process("states", self.listed_states))
        return context

    def listed_states(self):
        states = self.member_states()
        with_figures = [s for s in states if s.latest_figure is not None]
        # No total: the countries' figures have different dates, and their sum matches no
        # published figure (the home page shows the region's own, with its date and source).
        return {
            "members": [s for s in states if s.status == MembershipStatus.MEMBER],
            "observers": [s for s in states if s.status == MembershipStatus.OBSERVER],
            "chart": HostedFiguresChart(with_figures),
            "region_map": region_map(states),
        }


def membership_summary(states):
    """Counters for the home page from the states it has loaded (`shown_member_states`, which
    also counted the Group of Friends). Only pages the public site may show count: `states`
    are shown pages, and a restricted Group of Friends page is left out."""
    if states:
        friends, friends_as_of = states[0].friends_count, states[0].friends_as_of
    else:
        friends = _shown_friends().count()
        friends_as_of = _shown_friends_as_of().first()
    return {
        "members": sum(s.status == MembershipStatus.MEMBER for s in states),
        "observers": sum(s.status == MembershipStatus.OBSERVER for s in states),
        "friends": friends,
        # The month the Group of Friends' list refers to: the count is as of then.
        "friends_as_of": friends_as_of,
    }


def _shown_friends():
    return GroupOfFriendsMember.objects.filter(shown_q("page"))


def _shown_friends_as_of():
    return GroupOfFriendsPage.objects.filter(shown_q()).values_list("members_as_of", flat=True)


def shown_member_states():
    """Every member state page the public site may show, without their bodies, each with the
    count of the Group of Friends (`friends_count`) and the month its list refers to
    (`friends_as_of`): one query for the home page's counters, which
    has no query to spare."""
    friends_count = (
        _shown_friends()
        .order_by()
        .annotate(count=models.Func(models.F("pk"), function="COUNT"))
        .values("count")
    )
    return list(
        shown_pages(MemberStatePage.objects.all())
        .defer_streamfields()
        .annotate(
            friends_count=models.Subquery(friends_count[:1]),
            friends_as_of=models.Subquery(_shown_friends_as_of()[:1]),
        )
    )


class HostedFiguresChart:
    """The bar chart of figures hosted: one row per country, largest first, each bar's length as
    a share of the largest (an HTML list that reflows on a phone; the bars are SVG because the
    security policy allows no inline styles)."""

    def __init__(self, states):
        self.states = sorted(states, key=lambda s: s.latest_figure.value, reverse=True)
        largest = max((s.latest_figure.value for s in self.states), default=0)
        self.rows = [
            {
                "state": state,
                "figure": state.latest_figure,
                # A tiny figure still shows a bar.
                "share": max(0.5, round(100 * state.latest_figure.value / largest, 1))
                if largest
                else 0,
            }
            for state in self.states
        ]

    @property
    def sources(self):
        """Each source the bars come from, once: its name, address and date, and the reference
        dates of its figures ("noviembre de 2025 y septiembre de 2025"), newest first."""
        grouped = {}
        for row in self.rows:
            figure = row["figure"]
            key = (figure.source_name, figure.source_url)
            source = grouped.setdefault(
                key,
                {
                    "name": figure.source_name,
                    "url": figure.source_url,
                    "published": figure.published_on or None,
                    "dates": set(),
                },
            )
            source["dates"].add(figure.reference_date)
        for source in grouped.values():
            dates = sorted(source.pop("dates"), key=lambda d: d.date, reverse=True)
            source["reference_dates"] = get_text_list([d.words() for d in dates], _("and"))
        return list(grouped.values())

    def __bool__(self):
        return bool(self.rows)


class MemberStatePage(SelfNamingPageMixin, BasePage):
    # Unique: validate_unique's error names and links the existing page (this message is only
    # what the database's constraint would say).
    country = CountryField(
        _("country"),
        unique=True,
        error_messages={"unique": _("There is already a page for this country.")},
        help_text=_("The page title defaults to the country's name in each language."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=MembershipStatus.choices,
        default=MembershipStatus.MEMBER,
    )
    year_joined = models.PositiveSmallIntegerField(
        _("year joined"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    r4v_platform_name = models.CharField(
        _("R4V platform"),
        max_length=255,
        blank=True,
        help_text=_(
            "The national or sub-regional platform of R4V that coordinates the response in this "
            "country, for example: GIFMM Colombia."
        ),
    )
    r4v_platform_url = models.URLField(_("address of the R4V platform"), blank=True)
    related_links = StreamField(RelatedLinksBlock(), blank=True, verbose_name=_("related links"))

    # Required even on draft saves: a draft without a country would still take a country's place.
    country.required_on_save = True
    status.required_on_save = True

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("country"), FieldPanel("status"), FieldPanel("year_joined")]),
        FieldPanel("intro"),
        FieldPanel("body"),
        InlinePanel("focal_institutions", label=_("National focal institutions")),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("r4v_platform_name"), FieldPanel("r4v_platform_url")])],
            heading=_("Refugees and migrants from Venezuela"),
        ),
        # Dated records (figures app): a new figure is a new row, the old ones stay.
        InlinePanel(
            "figures",
            label=_("Figures"),
            help_text=_(
                "Add a row for each new figure, with the date it refers to and its source; keep "
                "the earlier ones: the page shows the latest and the series over time."
            ),
        ),
        FieldPanel("related_links"),
    ]

    parent_page_types = ["members.MemberStatesIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("member state page")

    def validate_unique(self, exclude=None):
        exclude = set(exclude or ())
        errors = {}
        if "country" not in exclude and self.country:
            existing = (
                MemberStatePage.objects.filter(country=self.country).exclude(pk=self.pk).first()
            )
            if existing is not None:
                errors["country"] = [duplicate_country_error(existing)]
            exclude.add("country")
        try:
            super().validate_unique(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def default_title(self, language):
        return country_name(self.country, language) if self.country else ""

    @property
    def flag(self):
        return flag_path(self.country)

    @property
    def is_observer(self):
        return self.status == MembershipStatus.OBSERVER

    def load_children(self):
        """The page's figure records and focal institutions, in one query when the database
        holds them (UNION ALL of the two tables: the page has no query to spare within its
        budget of 12); from memory in a preview or a listing that prefetched them."""
        in_memory = (
            self.pk is None
            or self.figures.is_deferring
            or self.focal_institutions.is_deferring
            or was_prefetched(self, "figures")
        )
        if in_memory:
            figures, institutions = list(self.figures.all()), list(self.focal_institutions.all())
        else:
            figures, institutions = figures_and_institutions(self)
        self.__dict__["figure_records"] = figures
        self.__dict__["focal_institution_list"] = institutions

    @cached_property
    def figure_records(self):
        """The state's figure records, read once (prefetched by listings that show many)."""
        return list(self.figures.all())

    @cached_property
    def latest_figure(self):
        """The latest record of refugees and migrants hosted, or None."""
        return StateFigure.latest_of(self.figure_records)

    @cached_property
    def figure_series(self):
        return StateFigure.series_of(self.figure_records)

    @property
    def figures_over_time(self):
        """From two figures of a measure on: one figure is no series."""
        return any(not series.is_single for series in self.figure_series)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        self.load_children()
        context["focal_institutions"] = self.__dict__["focal_institution_list"]
        # Where it is: the region's map with this state marked.
        context["region_map"] = region_map([self])
        if self.pk is None:  # the preview of a page not saved yet: nothing points at it
            return context
        context.update(self.remembered_in_process("state-sections", self.derived_sections))
        context["help_page"] = help_page(request)
        return context

    def derived_sections(self):
        """What the other sections say of this state, never typed twice."""
        # Rounds point at states (presidency, host country): one query for both.
        rounds = list(
            shown_pages(RoundPage.objects)
            .defer_streamfields()
            .filter(models.Q(presidency=self) | models.Q(host_country=self))
            .order_by("number")
        )
        return {
            "presidencies": [r for r in rounds if r.presidency_id == self.pk],
            "rounds_hosted": [r for r in rounds if r.host_country_id == self.pk],
            "thematic_areas_led": shown_linked(
                ThematicAreaLead.objects.filter(member_state=self), "page"
            ),
            # What it signed or endorsed, from the library.
            "publications_signed": list(
                PublicationPage.objects.filter(signatories=self).for_listing(with_files=False)
            ),
            "meetings_hosted": list(
                MeetingPage.objects.filter(country=self).chronological().listing()
            ),
            "news_items": list(NewsPage.objects.filter(member_states=self).for_listing()[:3]),
            # The help directory's entries for this country.
            "help_entries": sorted(
                HelpEntry.objects.filter(country=self).shown(),
                key=lambda entry: collation_key(entry.organization),
            ),
        }


# The columns of the union: a figure's, then an institution's (each language's name).
_FIGURE_COLUMNS = [
    "id",
    "sort_order",
    "measure",
    "value",
    "as_of",
    "as_of_precision",
    "source_name",
    "source_url",
    "source_date",
    "source_date_precision",
]


def figures_and_institutions(page):
    """A state's figure records and focal institutions in one query, each in its editor's
    order, as model instances."""
    name_fields = [build_localized_fieldname("name", code) for code in language_codes()]
    # Each language's column (modeltranslation reads `name` as the active language's).
    institution_columns = [*name_fields, "website"]

    def blank(field):
        return models.Value(None, output_field=field)

    def columns(model, expressions):
        # Every column an annotation in a fixed order, so that both sides of the union line up;
        # Django's own QuerySet, as modeltranslation's reorders annotations on translated fields.
        named = {f"column_{n:02}": expression for n, expression in enumerate(expressions)}
        queryset = models.QuerySet(model).filter(page=page).order_by()
        return queryset.annotate(**named).values_list(*named)

    text = models.CharField
    figure_rows = columns(
        StateFigure,
        [
            models.Value(0, output_field=models.IntegerField()),
            *(models.F(column) for column in _FIGURE_COLUMNS),
            *(blank(text()) for _column in institution_columns),
        ],
    )
    institution_rows = columns(
        FocalInstitution,
        [
            models.Value(1, output_field=models.IntegerField()),
            models.F("id"),
            models.F("sort_order"),
            blank(text()),  # measure
            blank(models.BigIntegerField()),  # value
            blank(models.DateField()),  # as_of
            blank(text()),  # as_of_precision
            blank(text()),  # source_name
            blank(text()),  # source_url
            blank(models.DateField()),  # source_date
            blank(text()),  # source_date_precision
            *(models.F(column) for column in institution_columns),
        ],
    )
    rows = figure_rows.union(institution_rows, all=True)
    figures, institutions = [], []
    for kind, *values in sorted(rows, key=lambda row: (row[0], row[2] or 0, row[1])):
        if kind == 0:
            record = StateFigure(
                **dict(zip(_FIGURE_COLUMNS, values[: len(_FIGURE_COLUMNS)], strict=True))
            )
            record.page = page
            figures.append(record)
        else:
            fields = dict(zip(institution_columns, values[len(_FIGURE_COLUMNS) :], strict=True))
            institution = FocalInstitution(id=values[0], sort_order=values[1], **fields)
            institution.page = page
            institutions.append(institution)
    return figures, institutions


def duplicate_country_error(existing):
    """The country's page exists (often a draft from an earlier attempt): say which one it is
    and link its editor, so that the editor continues there instead of starting again."""
    link = format_html(
        '<a href="{}">{}</a>',
        reverse("wagtailadmin_pages:edit", args=[existing.pk]),
        existing.get_admin_display_title(),
    )
    return ValidationError(
        format_html(
            _("There is already a page for this country: {page} ({status}). Edit that page."),
            page=link,
            status=existing.status_string,
        ),
        code="unique",
    )


class FocalInstitution(Orderable):
    page = ParentalKey(MemberStatePage, on_delete=models.CASCADE, related_name="focal_institutions")
    name = models.CharField(_("name"), max_length=255)
    website = models.URLField(_("website"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("website")]

    class Meta(Orderable.Meta):
        verbose_name = _("national focal institution")


class FriendKind(models.TextChoices):
    STATE = "state", _("State")
    REGIONAL_ORGANIZATION = "regional_organization", _("Regional organization")
    FINANCIAL_INSTITUTION = "financial_institution", _("Financial institution")


# Headings of the public page's groups.
FRIEND_KIND_PLURALS = {
    FriendKind.STATE: _("States"),
    FriendKind.REGIONAL_ORGANIZATION: _("Regional organizations"),
    FriendKind.FINANCIAL_INSTITUTION: _("Financial institutions"),
}


class GroupOfFriendsPage(BasePage):
    """The states and institutions outside the process that support it; one page for the site."""

    history = RichTextField(_("history"), blank=True, features=RICH_TEXT_FEATURES)
    purpose = RichTextField(_("purpose"), blank=True, features=RICH_TEXT_FEATURES)
    # The sources give the list of members as it stood in a month: the page says which, so that
    # an old list is not read as today's.
    members_as_of = models.DateField(
        _("members as of"),
        null=True,
        blank=True,
        help_text=_(
            "The month the list of members below refers to, as its source gives it: the page "
            "shows the month and year only."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("history"),
        FieldPanel("purpose"),
        FieldPanel("members_as_of"),
        InlinePanel("friends", label=_("Members of the Group of Friends")),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("history"),
        index.SearchField("purpose"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("Group of Friends page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        friends = list(self.friends.all())
        context["friend_groups"] = [
            {
                "kind": kind.value,
                "label": FRIEND_KIND_PLURALS[kind],
                # In the alphabetical order of the visitor's language, not the editors'.
                "friends": sorted(
                    (f for f in friends if f.kind == kind),
                    key=lambda f: collation_key(f.display_name),
                ),
            }
            for kind in FriendKind
            if any(f.kind == kind for f in friends)
        ]
        return context


class GroupOfFriendsMember(Orderable):
    page = ParentalKey(GroupOfFriendsPage, on_delete=models.CASCADE, related_name="friends")
    kind = models.CharField(_("kind"), max_length=30, choices=FriendKind.choices)
    country = CountryField(
        _("country"), blank=True, help_text=_("For states: the name is taken from the country.")
    )
    name = models.CharField(
        _("name"), max_length=255, blank=True, help_text=_("For organizations and institutions.")
    )
    year_joined = models.PositiveSmallIntegerField(
        _("year joined"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    link = models.URLField(_("link"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("year_joined")]),
        FieldPanel("country"),
        FieldPanel("name"),
        FieldPanel("link"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("member of the Group of Friends")

    def clean(self):
        super().clean()
        if self.kind == FriendKind.STATE and not self.country:
            raise ValidationError({"country": _("Choose the country of this state.")})
        if self.kind != FriendKind.STATE and not self.name:
            raise ValidationError({"name": _("Give the name of this organization.")})

    @property
    def display_name(self):
        """A state's name in the active language; otherwise the translated name."""
        if self.kind == FriendKind.STATE and self.country:
            return self.country.name
        return self.name

    @property
    def flag(self):
        return flag_path(self.country) if self.kind == FriendKind.STATE else ""
