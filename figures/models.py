"""Figures as dated records: a value, the date it refers to, its source and what it counts.

A member state's figures are an inline list on its page, and the region's on the home page
(ParentalKey, so that they go through drafts, revisions and moderation with the page). An editor
adds a record for a new date; the old ones stay, and the page shows the latest and the series.
The pages name these relations by string ("figures", "regional_figures"): this app imports no
section app, and the section apps need not import it to show their figures.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from core.i18n.dates import DatePrecision, PreciseDate, PreciseDatesMixin, precision_field

# The facts' `r4v_figures.sources` are press articles that report R4V's figures, not R4V's own
# pages. Which article reports which figure, judged by dates (the reference month of the
# figures each can report):
R4V_ARTICLES = (
    {
        # Published on 4 July 2024 (the date is in its address): the figures of July 2024.
        "address_part": "dnoticias.pt/2024/7/4/",
        "name": "R4V / DNoticias",
        "published": "2024-07-04",
        "reports": ("2024-07",),
    },
    {
        # Undated in the facts. Its "almost seven million" is the region's figure of November
        # 2025, so it was published after that month: the only source for the figures of
        # September and November 2025.
        "address_part": "lt10.com.ar/",
        "name": "R4V / LT10",
        "published": None,
        "reports": ("2025-09", "2025-11"),
    },
)


class Measure(models.TextChoices):
    """What a figure counts. The stored values are the stable names used by the downloads and
    the API; the labels are translated."""

    HOSTED = "hosted", _("Refugees and migrants from Venezuela hosted")
    REGULARISATION_PERMITS = (
        "regularisation_permits",
        _("Residence and regularisation permits granted"),
    )
    ASYLUM_CLAIMS = "asylum_claims", _("Pending asylum claims")


class FigureRecord(PreciseDatesMixin, Orderable):
    """One published figure. The date is the period the figure refers to, as precise as the
    source gives it (most give a month), not the day it was typed; the source is where it was
    published (name, address, date)."""

    measure = models.CharField(
        _("what it counts"), max_length=40, choices=Measure.choices, default=Measure.HOSTED
    )
    value = models.PositiveBigIntegerField(_("figure"))
    as_of = models.DateField(
        _("reference date"),
        help_text=_(
            "When the source gives only a month or a year, enter any day of it and choose its "
            "precision."
        ),
    )
    as_of_precision = precision_field(_("precision of the reference date"))
    source_name = models.CharField(_("source"), max_length=255, default="R4V")
    source_url = models.URLField(
        _("address of the source"),
        blank=True,
        help_text=_("The page that publishes this figure, not the publisher's home page."),
    )
    source_date = models.DateField(_("date of the source"), null=True, blank=True)
    source_date_precision = precision_field(_("precision of the date of the source"))

    precise_dates = (("as_of", "as_of_precision"), ("source_date", "source_date_precision"))

    panels = [
        FieldRowPanel([FieldPanel("measure"), FieldPanel("value")]),
        FieldRowPanel([FieldPanel("as_of"), FieldPanel("as_of_precision")]),
        FieldRowPanel([FieldPanel("source_name"), FieldPanel("source_url")]),
        FieldRowPanel([FieldPanel("source_date"), FieldPanel("source_date_precision")]),
    ]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self):
        return f"{self.get_measure_display()}: {self.value} ({self.reference_date.iso()})"

    @property
    def reference_date(self):
        return self.precise("as_of")

    @property
    def published_on(self):
        """The source's date (an empty PreciseDate when the source gives none)."""
        return self.precise("source_date")

    # Reached through the pages' relations (`page.figures.model`): section apps import only
    # core, never this app.
    @classmethod
    def latest_of(cls, records, measure=None):
        return latest(records, measure or Measure.HOSTED)

    @classmethod
    def series_of(cls, records):
        return series(records)

    @classmethod
    def from_r4v(cls, fact, sources):
        """A record of one of the facts file's R4V figures ({"value": ..., "as_of": "2025-11"}),
        attributed to the article of `sources` (the facts' `r4v_figures.sources`) that reports
        it; a figure no article can be tied to names R4V alone, with no address."""
        as_of = PreciseDate.parse(fact["as_of"])
        article, address = r4v_article(fact["as_of"], sources)
        published = (
            PreciseDate.parse(article["published"]) if article and article["published"] else None
        )
        return cls(
            measure=Measure.HOSTED,
            value=fact["value"],
            as_of=as_of.date,
            as_of_precision=as_of.precision,
            source_name=article["name"] if article else "R4V",
            source_url=address or "",
            source_date=published.date if published else None,
            source_date_precision=published.precision if published else DatePrecision.DAY,
        )


def r4v_article(as_of, sources):
    """(R4V_ARTICLES entry, its address among `sources`) for a figure's month, or (None, None)."""
    for article in R4V_ARTICLES:
        if str(as_of)[:7] in article["reports"]:
            address = next((url for url in sources if article["address_part"] in url), None)
            if address:
                return article, address
    return None, None


class StateFigure(FigureRecord):
    page = ParentalKey("members.MemberStatePage", on_delete=models.CASCADE, related_name="figures")

    class Meta(FigureRecord.Meta):
        verbose_name = _("figure")
        verbose_name_plural = _("figures")


class RegionalFigure(FigureRecord):
    """A figure for the whole region (Latin America and the Caribbean) as its source published
    it: never a sum of the countries' figures, which have different dates."""

    page = ParentalKey("home.HomePage", on_delete=models.CASCADE, related_name="regional_figures")

    class Meta(FigureRecord.Meta):
        verbose_name = _("regional figure")
        verbose_name_plural = _("regional figures")


def by_date(records):
    """Records in date order, oldest first (the editor's order is kept among equal dates; a
    month sorts as its first day)."""
    return sorted(records, key=lambda record: (record.as_of, record.sort_order or 0))


def latest(records, measure=Measure.HOSTED):
    """The latest record of one measure, or None. `records` are in memory (prefetched)."""
    dated = [record for record in records if record.measure == measure]
    return by_date(dated)[-1] if dated else None


def series(records):
    """One FigureSeries per measure present, hosted first."""
    order = list(Measure.values)
    measures = sorted({record.measure for record in records}, key=order.index)
    return [
        FigureSeries(measure, [r for r in records if r.measure == measure]) for measure in measures
    ]


class FigureSeries:
    """A measure's records over time and the geometry of their line chart.

    Drawn on the server as SVG (the security policy allows no inline styles, and no script is
    needed): a viewBox that scales to any width, the x axis proportional to time, the y axis from
    zero to a round number above the largest value. Screen readers and everyone get the table.
    """

    WIDTH = 320
    HEIGHT = 160
    LEFT = 8
    RIGHT = 8
    TOP = 22
    BOTTOM = 26

    def __init__(self, measure, records):
        self.measure = measure
        self.label = Measure(measure).label
        self.records = by_date(records)
        self.latest = self.records[-1] if self.records else None

    @property
    def is_single(self):
        """One figure is no series: it is said in a sentence, not drawn or tabled."""
        return len(self.records) == 1

    @property
    def has_chart(self):
        """A line needs two dates; one record is its table alone."""
        return len({record.as_of for record in self.records}) >= 2

    @property
    def top_value(self):
        """A round number at or above the largest value (the y axis' end)."""
        largest = max((record.value for record in self.records), default=0)
        if largest <= 0:
            return 1
        magnitude = 10 ** (len(str(largest)) - 1)
        for step in (1, 2, 2.5, 5, 10):
            if largest <= step * magnitude:
                return int(step * magnitude)
        return 10 * magnitude  # not reached: step 10 always fits

    def _x(self, date, first, span):
        inner = self.WIDTH - self.LEFT - self.RIGHT
        offset = (date - first).days / span if span else 0.5
        return round(self.LEFT + inner * offset, 1)

    def _y(self, value):
        inner = self.HEIGHT - self.TOP - self.BOTTOM
        return round(self.TOP + inner * (1 - value / self.top_value), 1)

    @property
    def points(self):
        if not self.records:
            return []
        first = self.records[0].as_of
        span = (self.records[-1].as_of - first).days
        return [
            {"x": self._x(r.as_of, first, span), "y": self._y(r.value), "record": r}
            for r in self.records
        ]

    @property
    def polyline(self):
        return " ".join(f"{point['x']},{point['y']}" for point in self.points)

    @property
    def baseline_y(self):
        return self._y(0)

    @property
    def top_y(self):
        return self._y(self.top_value)

    @property
    def top_label_y(self):
        return round(self.top_y - 6, 1)

    @property
    def axis_label_y(self):
        return self.HEIGHT - 8

    @property
    def right_x(self):
        return self.WIDTH - self.RIGHT

    @property
    def view_box(self):
        return f"0 0 {self.WIDTH} {self.HEIGHT}"
