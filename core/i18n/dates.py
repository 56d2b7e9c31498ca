"""Dates as precise as their sources: a day, a month or a year.

A source that says "November 2025" must not become "1 November 2025" on a page, in a download or
in a citation. A model keeps such a date as a DateField (the first day of the month or year, so
that ordering by it still works) beside a precision field; everything that shows or exports the
date goes through `PreciseDate`:

    page: "noviembre de 2025" / "November 2025"     ISO 8601 (JSON-LD, CSV, JSON, API): "2025-11"

A model declares its pairs in `precise_dates` and inherits `PreciseDatesMixin`, which moves a
date to the first day of its month or year when it is cleaned or saved. Templates use the
`precise_date` tag and filter of core_tags.
"""

import datetime
import re

from django.db import models
from django.utils import formats
from django.utils.dateformat import format as format_date
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("Exact day")
    MONTH = "month", _("Month only")
    YEAR = "year", _("Year only")


# The Table Schema and OpenAPI pattern of a date at any of the three precisions.
ISO_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
_ISO = re.compile(ISO_PATTERN)


def precision_field(verbose_name=None, default=DatePrecision.DAY):
    """The precision that goes beside a DateField (put them in one FieldRowPanel)."""
    return models.CharField(
        verbose_name or _("precision of the date"),
        max_length=5,
        choices=DatePrecision.choices,
        default=default,
        help_text=_("As precise as the source: a month stays a month."),
    )


def first_day(date, precision):
    """The day stored for a date of this precision: 1 November 2025 for "November 2025"."""
    if date is None:
        return None
    if precision == DatePrecision.YEAR:
        return date.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return date.replace(day=1)
    return date


class PreciseDate:
    """A date with its precision, as every output writes it."""

    def __init__(self, date, precision=DatePrecision.DAY):
        self.precision = precision or DatePrecision.DAY
        self.date = first_day(date, self.precision)

    @classmethod
    def parse(cls, value):
        """'2025-11' -> month, '2025' -> year, '2025-11-20' -> day (the facts' spellings)."""
        text = str(value)
        if not _ISO.match(text):
            raise ValueError(f"Not an ISO 8601 date: {value!r}")
        parts = [int(part) for part in text.split("-")]
        precision = [DatePrecision.YEAR, DatePrecision.MONTH, DatePrecision.DAY][len(parts) - 1]
        return cls(datetime.date(*parts, *[1] * (3 - len(parts))), precision)

    def __bool__(self):
        return self.date is not None

    def __eq__(self, other):
        return isinstance(other, PreciseDate) and (self.date, self.precision) == (
            other.date,
            other.precision,
        )

    def __hash__(self):
        return hash((self.date, self.precision))

    def __repr__(self):
        return f"PreciseDate({self.iso()!r})"

    def iso(self):
        """ISO 8601 at this precision: '2025-11-20', '2025-11' or '2025'; None without a date."""
        if self.date is None:
            return None
        if self.precision == DatePrecision.YEAR:
            return f"{self.date.year:04d}"
        if self.precision == DatePrecision.MONTH:
            return f"{self.date.year:04d}-{self.date.month:02d}"
        return self.date.isoformat()

    def words(self):
        """As the active language writes it: "20 de noviembre de 2025", "noviembre de 2025",
        "2025"."""
        if self.date is None:
            return ""
        if self.precision == DatePrecision.YEAR:
            return str(self.date.year)
        name = "YEAR_MONTH_FORMAT" if self.precision == DatePrecision.MONTH else "DATE_FORMAT"
        return format_date(self.date, formats.get_format(name))

    __str__ = words

    def html(self):
        """A <time> element whose datetime attribute has the same precision as its words."""
        if self.date is None:
            return ""
        return format_html('<time datetime="{}">{}</time>', self.iso(), self.words())


class PreciseDatesMixin:
    """For models with (date field, precision field) pairs named in `precise_dates`: each date
    is stored as the first day of its month or year, whether it comes from a form or a script,
    and `precise(name)` gives it with its precision."""

    precise_dates = ()  # (("as_of", "as_of_precision"), ...)

    def precise(self, date_field):
        precision_field_name = dict(self.precise_dates)[date_field]
        return PreciseDate(getattr(self, date_field), getattr(self, precision_field_name))

    def _move_precise_dates_to_first_day(self):
        for date_field, precision_field_name in self.precise_dates:
            value = getattr(self, date_field)
            if isinstance(value, datetime.date):
                setattr(self, date_field, first_day(value, getattr(self, precision_field_name)))

    def clean(self):
        super().clean()
        self._move_precise_dates_to_first_day()

    def save(self, *args, **kwargs):
        self._move_precise_dates_to_first_day()
        return super().save(*args, **kwargs)


def period_parts(start, end=None):
    """(first, separator, last) of a period of days, the shared parts said once: ("3",
    "\u2013", "4 de septiembre de 2018"); with no end, (first, " \u2013 ", None) for "under
    way"; a single day (first, None, None)."""
    full = formats.get_format("DATE_FORMAT")
    if end is None:
        return format_date(start, full), " \u2013 ", None
    if end == start:
        return format_date(start, full), None, None
    if (start.year, start.month) == (end.year, end.month):
        return format_date(start, "j"), "\u2013", format_date(end, full)
    if start.year == end.year:
        first = format_date(start, formats.get_format("MONTH_DAY_FORMAT"))
        return first, " \u2013 ", format_date(end, full)
    return format_date(start, full), " \u2013 ", format_date(end, full)


def period_words(start, end=None):
    """A period of days as text, for a sentence or a description: "3–4 de septiembre de
    2018", "21 November 2024 – under way"."""
    if start is None:
        return ""
    first, separator, last = period_parts(start, end)
    if last:
        return f"{first}{separator}{last}"
    if end is None:
        return f"{first}{separator}{gettext('under way')}"
    return first
