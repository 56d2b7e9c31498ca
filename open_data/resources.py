"""The site's data as tables: one definition per resource, shared by the downloads (CSV, JSON),
their Frictionless Data package and the read API (and its OpenAPI description).

Column names are stable English identifiers whatever the language; the language changes only the
text in the cells (titles, translated labels, URLs). Every table is read in a fixed number of
queries, however many rows it has, and its rows come one at a time (`rows` is a generator over a
database iterator), so that a download of thousands of records streams.

Only what the public site shows is here: live pages under no privacy restriction
(core.pages.visibility), and the figures of such pages.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import F, Max, Prefetch
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Page, Site, get_page_models

from core.i18n.dates import ISO_PATTERN, DatePrecision, PreciseDate
from core.i18n.languages import language_codes as languages
from core.pages.visibility import shown_pages, shown_q
from figures.models import Measure, RegionalFigure, StateFigure
from members.models import MembershipStatus, MemberStatePage
from organizations.models import OrganizationPage
from publications.models import PublicationPage
from rounds.models import RoundPage

# How many rows the database sends at a time while a table streams. Tables with prefetched
# relations cost their prefetch queries again for each chunk: none of them comes near 2,000
# rows (member states, publications, organizations). Figures have none and may be many.
CHUNK_SIZE = 2000
FIGURES_CHUNK_SIZE = 500
# The licence of the data the site publishes (its own content; figures keep their sources'
# attribution in their source columns).
LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Table Schema type: string, integer, date, year
    description: str
    enum: tuple = ()
    required: bool = False
    pattern: str = ""  # a constraint on a string's form (Table Schema and OpenAPI)


def precise_date_column(name, description, required=False):
    """A date as precise as its source: ISO 8601 "2025-11-20", "2025-11" or "2025". Table
    Schema's `date`, `yearmonth` and `year` each take one precision only, so a column that mixes
    them is a string with the pattern of the three forms (its precision column says which)."""
    return Column(
        name,
        "string",
        f"{description} ISO 8601 as precise as its source: YYYY-MM-DD, YYYY-MM or YYYY.",
        required=required,
        pattern=ISO_PATTERN,
    )


def precision_column(name, date_name):
    return Column(
        name,
        "string",
        f"How precise {date_name} is: day, month or year.",
        tuple(DatePrecision.values),
    )


@dataclass(frozen=True)
class Filter:
    """A query parameter of the API's list: `values` (None: any) and how it filters."""

    name: str
    description: str
    apply: object  # (queryset, value) -> queryset
    values: tuple | None = None
    pattern: str = ""
    check: object = None  # (value) -> an error message, or None
    # (value) -> the value as the filter compares it: one spelling for the canonical query.
    normalise: object = None


@dataclass(frozen=True)
class Resource:
    """A table of pages (or of rows pointing at pages): what it is, its columns, its filters,
    and how its rows are read."""

    name: str  # stable: the file name, the API path
    title: object
    description: object
    columns: tuple
    queryset: object = None  # () -> every shown row, ordered
    row: object = None  # (obj, context) -> dict of column values
    filters: tuple = field(default=())
    prefetch: object = None  # (queryset) -> queryset with what `row` reads
    context: object = None  # () -> what `row` needs beyond the object (one query at most)
    downloadable: bool = True  # pages: in the API only

    @property
    def column_names(self):
        return [column.name for column in self.columns]

    def filter_named(self, name):
        return next((f for f in self.filters if f.name == name), None)

    def select(self, filters):
        """The rows matching `filters` ({name: value}, values already checked)."""
        queryset = self.queryset()
        for name, value in filters.items():
            queryset = self.filter_named(name).apply(queryset, value)
        return queryset

    def count(self, selection):
        return selection.count()

    def rows(self, request, selection, offset=0, limit=None):
        """The rows as dicts in the active language, one at a time: a whole table is read with a
        database iterator (a fixed number of queries), a page of it with a slice."""
        queryset = selection
        if limit is not None:
            queryset = queryset[offset : offset + limit]
        if self.prefetch is not None:
            queryset = self.prefetch(queryset)
        context = {"urls": PageUrls(request)}
        if self.context is not None:
            context.update(self.context())
        objects = queryset.iterator(chunk_size=CHUNK_SIZE) if limit is None else queryset
        for obj in objects:
            yield self.row(obj, context)


class PageUrls:
    """Absolute URLs of pages in the active language from their url_path (no query per page):
    the site's root is looked up once."""

    def __init__(self, request):
        self.request = request
        self._roots = {}

    def __call__(self, page):
        language = translation.get_language()
        if language not in self._roots:
            site = Site.find_for_request(self.request)
            root = site.root_page if site else None
            self._roots[language] = (
                getattr(root, build_localized_fieldname("url_path", language)) or root.url_path
                if root
                else None
            )
        root_path = self._roots[language]
        path = getattr(page, build_localized_fieldname("url_path", language)) or page.url_path
        if root_path is None or not path.startswith(root_path):
            return ""
        return self.request.build_absolute_uri(f"/{language}/{path[len(root_path) :]}")


def iso(value):
    return value.isoformat() if value else None


def precise_iso(date, precision):
    """'2025-11' for a month, '2025' for a year, '2025-11-20' for a day; None without a date."""
    return PreciseDate(date, precision).iso()


def precision_of(date, precision):
    return precision if date else None


def codes(values):
    """Several values in one cell: separated by semicolons, in order."""
    return ";".join(str(value) for value in values)


def country_code(page):
    return str(page.country) if page is not None else None


# --- Member states ---------------------------------------------------------------------------


def _member_states():
    return shown_pages(MemberStatePage.objects.all()).defer_streamfields().order_by("country")


def _member_state_prefetch(queryset):
    shown_rounds = shown_pages(RoundPage.objects.all()).defer_streamfields().order_by("number")
    return queryset.prefetch_related(
        "figures",
        Prefetch("presidencies", queryset=shown_rounds, to_attr="shown_presidencies"),
        Prefetch("rounds_hosted", queryset=shown_rounds, to_attr="shown_rounds_hosted"),
    )


def _member_state_row(state, context):
    figure = state.latest_figure
    return {
        "id": state.pk,
        "country": str(state.country),
        "name": state.title,
        "status": state.status,
        "status_label": str(state.get_status_display()),
        "year_joined": state.year_joined,
        "presidency_rounds": codes(r.number for r in state.shown_presidencies),
        "rounds_hosted": codes(r.number for r in state.shown_rounds_hosted),
        "latest_figure": figure.value if figure else None,
        "latest_figure_as_of": figure.reference_date.iso() if figure else None,
        "latest_figure_as_of_precision": figure.as_of_precision if figure else None,
        "latest_figure_source": figure.source_name if figure else None,
        "latest_figure_source_url": (figure.source_url or None) if figure else None,
        "latest_figure_source_date": figure.published_on.iso() if figure else None,
        "url": context["urls"](state),
    }


def _status_filter(queryset, value):
    return queryset.filter(status=value)


def _known_state(value):
    """A figure filter's state must be one the site shows (one query)."""
    if not _member_states().filter(country=value.upper()).exists():
        return _("There is no member state with the code %(code)s.") % {"code": value}
    return None


# --- Figures ---------------------------------------------------------------------------------

SCOPES = ("state", "region")


class FiguresResource(Resource):
    """State and regional records in one table: two tables, read one after the other (the
    region's first)."""

    def select(self, filters):
        state, scope, measure = (filters.get(n) for n in ("state", "scope", "measure"))
        parts = []
        if scope in (None, "region") and state is None:
            parts.append(
                ("region", RegionalFigure.objects.filter(shown_q("page")).order_by("as_of", "pk"))
            )
        if scope in (None, "state"):
            states = StateFigure.objects.filter(shown_q("page")).order_by(
                "page__country", "as_of", "pk"
            )
            if state is not None:
                states = states.filter(page__country=state.upper())
            parts.append(("state", states))
        return [
            (part_scope, queryset.filter(measure=measure) if measure else queryset)
            for part_scope, queryset in parts
        ]

    def count(self, selection):
        return sum(queryset.count() for _scope, queryset in selection)

    @staticmethod
    def _light(scope, queryset):
        """Only the columns a row reads (each language's title and path): thousands of records
        stream in chunks of CHUNK_SIZE light objects."""
        page_fields = [
            f"page__{name}"
            for base in ("title", "url_path")
            for name in (base, *(build_localized_fieldname(base, code) for code in languages()))
        ]
        if scope == "state":
            page_fields.append("page__country")
        return queryset.select_related("page").only(
            "pk",
            "measure",
            "value",
            "as_of",
            "as_of_precision",
            "source_name",
            "source_url",
            "source_date",
            "source_date_precision",
            "page",
            *page_fields,
        )

    def rows(self, request, selection, offset=0, limit=None):
        urls = PageUrls(request)
        for scope, queryset in selection:
            if limit is not None:
                if limit <= 0:
                    return
                size = queryset.count()
                if offset >= size:
                    offset -= size
                    continue
                part = list(self._light(scope, queryset)[offset : offset + limit])
                offset, limit = 0, limit - len(part)
            else:
                part = self._light(scope, queryset).iterator(chunk_size=FIGURES_CHUNK_SIZE)
            for record in part:
                yield figure_row(scope, record, urls)


def figure_row(scope, record, urls):
    page = record.page
    return {
        "id": f"{scope}-{record.pk}",
        "scope": scope,
        "country": str(page.country) if scope == "state" else None,
        "area": page.title if scope == "state" else str(_("Latin America and the Caribbean")),
        "measure": record.measure,
        "measure_label": str(record.get_measure_display()),
        "value": record.value,
        "as_of": precise_iso(record.as_of, record.as_of_precision),
        "as_of_precision": record.as_of_precision,
        "source_name": record.source_name,
        "source_url": record.source_url or None,
        "source_date": precise_iso(record.source_date, record.source_date_precision),
        "source_date_precision": precision_of(record.source_date, record.source_date_precision),
        "page_url": urls(page),
    }


# --- Rounds, publications, organizations ------------------------------------------------------


def _rounds():
    return (
        shown_pages(RoundPage.objects.all())
        .defer_streamfields()
        .select_related("host_country", "presidency")
        .order_by("number")
    )


def _round_row(round_page, context):
    shown = context["shown_states"]
    host = round_page.host_country if round_page.host_country_id in shown else None
    presidency = round_page.presidency if round_page.presidency_id in shown else None
    return {
        "id": round_page.pk,
        "number": round_page.number,
        "title": round_page.title,
        "chapter": round_page.chapter or None,
        "host_city": round_page.host_city or None,
        "host_country": country_code(host),
        "presidency": country_code(presidency),
        "plenary_start": iso(round_page.plenary_start),
        "plenary_end": iso(round_page.plenary_end),
        "presidency_start": iso(round_page.presidency_start),
        "presidency_end": iso(round_page.presidency_end),
        "url": context["urls"](round_page),
    }


def _shown_state_ids():
    return {"shown_states": set(_member_states().values_list("pk", flat=True))}


def _publications():
    return (
        shown_pages(PublicationPage.objects.all())
        .defer_streamfields()
        .select_related("round")
        .order_by(F("date").desc(nulls_last=True), "pk")
    )


def _publication_prefetch(queryset):
    signatories = (
        shown_pages(MemberStatePage.objects.all()).only("pk", "country").order_by("country")
    )
    return queryset.prefetch_related(
        Prefetch("signatories", queryset=signatories, to_attr="shown_signatories")
    )


def _publication_row(publication, context):
    round_page = publication.round
    round_shown = round_page is not None and round_page.pk in context["shown_rounds"]
    return {
        "id": publication.pk,
        "title": publication.title,
        "type": publication.publication_type,
        "type_label": str(publication.get_publication_type_display()),
        "date": precise_iso(publication.date, publication.date_precision),
        "date_precision": precision_of(publication.date, publication.date_precision),
        "place": publication.place or None,
        "round": round_page.number if round_shown else None,
        "signatories": codes(str(s.country) for s in publication.shown_signatories),
        "official_text_url": publication.official_text_url or None,
        "url": context["urls"](publication),
    }


def _shown_round_ids():
    return {"shown_rounds": set(shown_pages(RoundPage.objects.all()).values_list("pk", flat=True))}


def _organizations():
    return shown_pages(OrganizationPage.objects.all()).defer_streamfields().order_by("pk")


def _organization_row(organization, context):
    return {
        "id": organization.pk,
        "name": organization.title,
        "acronym": organization.acronym or None,
        "kind": organization.kind,
        "kind_label": str(organization.get_kind_display()),
        "founded_on": precise_iso(organization.founded_on, organization.founded_precision),
        "founded_precision": precision_of(organization.founded_on, organization.founded_precision),
        "website": organization.website or None,
        "url": context["urls"](organization),
    }


def _pages():
    return (
        shown_pages(Page.objects.filter(depth__gte=2))
        .select_related("content_type")
        .order_by("path")
    )


def data_last_modified():
    """When the data last changed: every table is read from the shown pages and their figures
    (saved with their page), so the latest publication of one of them; None without any."""
    return _pages().aggregate(latest=Max("last_published_at"))["latest"]


def page_type(page):
    content_type = page.content_type
    return f"{content_type.app_label}.{content_type.model}"


def _page_types():
    return tuple(
        sorted(f"{model._meta.app_label}.{model._meta.model_name}" for model in get_page_models())
    )


def _page_type_filter(queryset, value):
    app_label, model = value.split(".")
    return queryset.filter(content_type__app_label=app_label, content_type__model=model)


def _page_row(page, context):
    return {
        "id": page.pk,
        "type": page_type(page),
        "title": page.title,
        "url": context["urls"](page),
        "search_description": page.search_description or None,
        "first_published_at": page.first_published_at.isoformat()
        if page.first_published_at
        else None,
        "last_published_at": page.last_published_at.isoformat() if page.last_published_at else None,
    }


def _choices(model_path, field_name):
    app_label, model_name = model_path.split(".")
    model = apps.get_model(app_label, model_name)
    return tuple(value for value, _label in model._meta.get_field(field_name).choices)


ID = Column("id", "integer", "The page's id on this site (stable).", required=True)
URL = Column("url", "string", "The page on this site, in the file's language.")


def build_resources():
    statuses = tuple(MembershipStatus.values)
    measures = tuple(Measure.values)
    return {
        resource.name: resource
        for resource in (
            Resource(
                name="member-states",
                title=_("Member states"),
                description=_(
                    "The member states and observers of the Quito Process, with the rounds they "
                    "presided over or hosted and their latest figure of refugees and migrants "
                    "from Venezuela hosted."
                ),
                columns=(
                    ID,
                    Column("country", "string", "ISO 3166-1 alpha-2 code.", required=True),
                    Column("name", "string", "The country's name in the file's language."),
                    Column("status", "string", "member or observer.", statuses, True),
                    Column("status_label", "string", "The status in the file's language."),
                    Column("year_joined", "year", "The year it joined the Quito Process."),
                    Column(
                        "presidency_rounds",
                        "string",
                        "Numbers of the rounds during which it held the Pro Tempore Presidency, separated by semicolons.",
                    ),
                    Column(
                        "rounds_hosted",
                        "string",
                        "Numbers of the rounds it hosted, separated by semicolons.",
                    ),
                    Column(
                        "latest_figure",
                        "integer",
                        "Latest figure of refugees and migrants from Venezuela hosted.",
                    ),
                    precise_date_column("latest_figure_as_of", "The date that figure refers to."),
                    precision_column("latest_figure_as_of_precision", "latest_figure_as_of"),
                    Column("latest_figure_source", "string", "Who published that figure."),
                    Column(
                        "latest_figure_source_url",
                        "string",
                        "The page that published it (empty when its sources do not tie it to one).",
                    ),
                    precise_date_column(
                        "latest_figure_source_date", "When that page was published, if known."
                    ),
                    URL,
                ),
                queryset=_member_states,
                prefetch=_member_state_prefetch,
                row=_member_state_row,
                filters=(
                    Filter(
                        "status", "Only member states or only observers.", _status_filter, statuses
                    ),
                ),
            ),
            FiguresResource(
                name="figures",
                title=_("Figures"),
                description=_(
                    "Every figure the site shows, for each member state and for the region, with "
                    "the date it refers to, what it counts and its source."
                ),
                columns=(
                    Column(
                        "id",
                        "string",
                        "Stable id of the record: its scope and number.",
                        required=True,
                    ),
                    Column("scope", "string", "state or region.", SCOPES, True),
                    Column("country", "string", "ISO 3166-1 alpha-2 code (state figures)."),
                    Column("area", "string", "The country or region, in the file's language."),
                    Column(
                        "measure", "string", "What the figure counts (stable name).", measures, True
                    ),
                    Column("measure_label", "string", "What it counts, in the file's language."),
                    Column("value", "integer", "The figure.", required=True),
                    precise_date_column("as_of", "The date the figure refers to.", required=True),
                    precision_column("as_of_precision", "as_of"),
                    Column("source_name", "string", "Who published the figure."),
                    Column(
                        "source_url",
                        "string",
                        "The page that published it (empty when its sources do not tie it to one).",
                    ),
                    precise_date_column("source_date", "When that page was published, if known."),
                    precision_column("source_date_precision", "source_date"),
                    Column("page_url", "string", "The page showing it, in the file's language."),
                ),
                filters=(
                    Filter(
                        "state",
                        "Figures of one member state (ISO 3166-1 alpha-2 code).",
                        None,
                        pattern="^[A-Za-z]{2}$",
                        check=_known_state,
                        normalise=str.upper,
                    ),
                    Filter("scope", "state or region.", None, SCOPES),
                    Filter("measure", "What the figures count.", None, measures),
                ),
            ),
            Resource(
                name="rounds",
                title=_("Rounds"),
                description=_(
                    "The rounds of the Quito Process: where and when they met, and who held the "
                    "Pro Tempore Presidency."
                ),
                columns=(
                    ID,
                    Column("number", "integer", "The round's number.", required=True),
                    Column("title", "string", "The round's title in the file's language."),
                    Column("chapter", "string", "The chapter's name, in the file's language."),
                    Column("host_city", "string", "The host city, in the file's language."),
                    Column("host_country", "string", "ISO 3166-1 alpha-2 code."),
                    Column(
                        "presidency",
                        "string",
                        "The state holding the Pro Tempore Presidency (ISO 3166-1 alpha-2 code).",
                    ),
                    Column(
                        "plenary_start",
                        "date",
                        "First day of the plenary, when the member states met (empty when no "
                        "source gives it).",
                    ),
                    Column("plenary_end", "date", "Last day of the plenary."),
                    Column(
                        "presidency_start",
                        "date",
                        "First day of the Pro Tempore Presidency's period (empty when unknown).",
                    ),
                    Column(
                        "presidency_end",
                        "date",
                        "Last day of the Pro Tempore Presidency's period (empty while under way "
                        "or unknown).",
                    ),
                    URL,
                ),
                queryset=_rounds,
                context=_shown_state_ids,
                row=_round_row,
            ),
            Resource(
                name="publications",
                title=_("Publications"),
                description=_(
                    "The documents of the library: declarations, plans of action, reports, with "
                    "their dates and the states that signed or endorsed them."
                ),
                columns=(
                    ID,
                    Column("title", "string", "The title in the file's language.", required=True),
                    Column(
                        "type",
                        "string",
                        "The kind of document (stable name).",
                        _choices("publications.PublicationPage", "publication_type"),
                        True,
                    ),
                    Column("type_label", "string", "The kind of document, in the file's language."),
                    precise_date_column(
                        "date", "When it was adopted or published (empty when no source gives it)."
                    ),
                    precision_column("date_precision", "date"),
                    Column("place", "string", "Where it was adopted, in the file's language."),
                    Column("round", "integer", "The number of the round it came from."),
                    Column(
                        "signatories",
                        "string",
                        "ISO 3166-1 alpha-2 codes of the states that signed or endorsed it, separated by semicolons.",
                    ),
                    Column("official_text_url", "string", "Where its official text is published."),
                    URL,
                ),
                queryset=_publications,
                prefetch=_publication_prefetch,
                context=_shown_round_ids,
                row=_publication_row,
                filters=(
                    Filter(
                        "type",
                        "Only documents of one kind.",
                        lambda qs, value: qs.filter(publication_type=value),
                        _choices("publications.PublicationPage", "publication_type"),
                    ),
                ),
            ),
            Resource(
                name="organizations",
                title=_("Organizations"),
                description=_("The international organizations that support the Quito Process."),
                columns=(
                    ID,
                    Column("name", "string", "The name in the file's language.", required=True),
                    Column("acronym", "string", "The acronym in the file's language."),
                    Column(
                        "kind",
                        "string",
                        "The kind of organization (stable name).",
                        _choices("organizations.OrganizationPage", "kind"),
                        True,
                    ),
                    Column("kind_label", "string", "The kind, in the file's language."),
                    precise_date_column("founded_on", "When it was founded."),
                    precision_column("founded_precision", "founded_on"),
                    Column("website", "string", "Its own website."),
                    URL,
                ),
                queryset=_organizations,
                row=_organization_row,
                filters=(
                    Filter(
                        "kind",
                        "Only organizations of one kind.",
                        lambda qs, value: qs.filter(kind=value),
                        _choices("organizations.OrganizationPage", "kind"),
                    ),
                ),
            ),
            Resource(
                name="pages",
                title=_("Pages"),
                description=_("Every public page of the site, in the chosen language."),
                columns=(
                    ID,
                    Column("type", "string", "The page's type (app_label.model).", required=True),
                    Column("title", "string", "The title in the chosen language.", required=True),
                    URL,
                    Column("search_description", "string", "Its summary, in the chosen language."),
                    Column("first_published_at", "datetime", "When it was first published."),
                    Column("last_published_at", "datetime", "When it was last published."),
                ),
                queryset=_pages,
                row=_page_row,
                downloadable=False,
                filters=(
                    Filter("type", "Only pages of one type.", _page_type_filter, _page_types()),
                ),
            ),
        )
    }
