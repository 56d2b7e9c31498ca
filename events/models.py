"""The meetings calendar: plenaries, technical meetings, workshops and thematic meetings, with
their dates, place, format, round and documents, and an iCalendar file for each and for all.

An app of its own rather than part of rounds/: a round is a Pro Tempore Presidency's chapter that
spans months and holds several meetings, and meetings need dates with times and time zones, a
format and a calendar feed that a round does not. A meeting may belong to a round
(`RoundPage.meetings`) and be hosted by a member state (`MemberStatePage.meetings_hosted`).
"""

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    MultipleChooserPanel,
)
from wagtail.contrib.routable_page.models import path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet

from core.i18n.languages import language_codes
from core.pages.listing import ListingPage, counted_page, requested_page
from core.pages.models import BasePage, PreviewedRoutablePageMixin, SectionIndexPage
from core.pages.visibility import shown_pages, with_shown_relations
from rounds.models import RoundPage, member_states

from .choices import MeetingFormat, MeetingKind, MeetingStatus
from .ical import meetings_calendar

# Past meetings per page of the calendar index.
PAST_PER_PAGE = 20
# A meeting's slug may not be a route of the calendar (it would hide the calendar feed).
RESERVED_SLUGS = {"ical"}
# ?page=N: a positive number of at most six digits; anything else is a 404.


# The region's time zones (IANA names), named by a city a reader knows.
TIME_ZONES = [
    ("America/Bogota", _("Bogotá, Colombia")),
    ("America/Lima", _("Lima, Peru")),
    ("America/Guayaquil", _("Quito, Ecuador")),
    ("America/Santiago", _("Santiago, Chile")),
    ("America/Argentina/Buenos_Aires", _("Buenos Aires, Argentina")),
    ("America/Sao_Paulo", _("Brasília and São Paulo, Brazil")),
    ("America/Costa_Rica", _("San José, Costa Rica")),
    ("America/Panama", _("Panama City, Panama")),
    ("America/Mexico_City", _("Mexico City, Mexico")),
    ("America/Guatemala", _("Guatemala City, Guatemala")),
    ("America/Montevideo", _("Montevideo, Uruguay")),
    ("America/Asuncion", _("Asunción, Paraguay")),
    ("America/Santo_Domingo", _("Santo Domingo, Dominican Republic")),
    ("America/Guyana", _("Georgetown, Guyana")),
    ("America/Curacao", _("Willemstad, Curaçao")),
    ("UTC", _("Coordinated Universal Time (UTC)")),
]
# Where the Technical Secretariat is based.
DEFAULT_TIME_ZONE = "America/Panama"

SCHEMA_ATTENDANCE_MODES = {
    MeetingFormat.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
    MeetingFormat.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    MeetingFormat.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}
SCHEMA_STATUSES = {
    MeetingStatus.SCHEDULED: "https://schema.org/EventScheduled",
    MeetingStatus.POSTPONED: "https://schema.org/EventPostponed",
    MeetingStatus.CANCELLED: "https://schema.org/EventCancelled",
}


def _streamfields_of(model, prefix):
    """`prefix__field` for every StreamField of a related page model (each language's column):
    listings load the pages they name without their bodies."""
    return [
        f"{prefix}__{field.attname}"
        for field in model._meta.concrete_fields
        if isinstance(field, StreamField)
    ]


class MeetingQuerySet(PageQuerySet):
    """What listings of meetings need, reached from any side: `MeetingPage.objects`, a round's
    `round_page.meetings` or a state's `state.meetings_hosted` (reverse relations use this
    queryset too, so other apps need not import this one)."""

    def with_relations(self):
        """Without their bodies, with their host state and round loaded in the same query
        (without those pages' bodies either)."""
        country = self.model._meta.get_field("country").related_model
        round_model = self.model._meta.get_field("round").related_model
        return (
            self.defer_streamfields()
            .select_related("country", "round")
            .defer(*_streamfields_of(country, "country"), *_streamfields_of(round_model, "round"))
        )

    def shown(self):
        """The meetings the public site may show, as `with_relations()` loads them."""
        return shown_pages(self).with_relations()

    def chronological(self):
        """Soonest first; a meeting without a time before one with a time on the same day."""
        return self.order_by("start_date", models.F("start_time").asc(nulls_first=True), "pk")

    def upcoming(self, today=None):
        """Meetings that end today or later (those under way included), soonest first."""
        today = today or timezone.localdate()
        return self.filter(end_date__gte=today).chronological()

    def past(self, today=None):
        """Meetings that ended before today, the latest first."""
        today = today or timezone.localdate()
        return self.filter(end_date__lt=today).order_by(
            "-start_date", models.F("start_time").desc(nulls_last=True), "-pk"
        )

    def listing(self):
        """The shown meetings as a list, in one query: a host state or round that the public
        site may not show is dropped (None), as if the editor had left it empty.

        On a round page: `self.meetings.chronological().listing()`."""
        return with_shown_relations(self.shown(), "country", "round")


class MeetingManager(PageManager.from_queryset(MeetingQuerySet)):
    pass


def calendar_response(calendar, filename, disposition):
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'{disposition}; filename="{filename}.ics"'
    return response


class MeetingsIndexPage(PreviewedRoutablePageMixin, SectionIndexPage):
    """The calendar: upcoming meetings (soonest first), past meetings (the latest first, a page
    at a time), and a calendar feed per language at `ical/`.

    Upcoming and past are decided against today's date in the site's time zone (TIME_ZONE) when
    the page is rendered; the full-page cache may keep a rendering for up to PAGE_CACHE_SECONDS
    (10 minutes), so a meeting moves to "past" at most that long after midnight.
    """

    subpage_types = ["events.MeetingPage"]

    class Meta:
        verbose_name = _("meetings calendar page")

    def meetings(self):
        return MeetingPage.objects.child_of(self)

    def calendar_url(self, request):
        return request.build_absolute_uri(self.get_url(request) + self.reverse_subpage("ical"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        number = requested_page(request.GET)
        listing = self.remembered_in_process("meetings", lambda: self.listing_page(number), number)
        past, count = listing["past"]
        context.update(
            upcoming=listing["upcoming"],
            past=past,
            past_page=ListingPage(
                past, number, count, PAST_PER_PAGE, path=self.get_url(request) or request.path
            ),
            calendar_url=self.calendar_url(request),
        )
        return context

    def listing_page(self, number):
        """Page `number` of the calendar (a 404 when there is no such page): the upcoming
        meetings, and the past ones with their total."""
        today = timezone.localdate()
        return {
            # Upcoming meetings head the first page only; later pages go on with the past ones.
            "upcoming": self.meetings().upcoming(today).listing() if number == 1 else [],
            "past": counted_page(
                self.meetings().past(today).shown(),
                number,
                PAST_PER_PAGE,
                rows=lambda page: with_shown_relations(page, "country", "round"),
            ),
        }

    @path("ical/", name="ical")
    def calendar_feed(self, request):
        """Every shown meeting of the calendar, in the language of the URL."""
        calendar = meetings_calendar(self, self.meetings().chronological().listing(), request)
        return calendar_response(calendar, self.slug, "inline")


class MeetingPage(PreviewedRoutablePageMixin, BasePage):
    kind = models.CharField(_("type of meeting"), max_length=20, choices=MeetingKind.choices)
    status = models.CharField(
        _("meeting status"),
        max_length=20,
        choices=MeetingStatus.choices,
        default=MeetingStatus.SCHEDULED,
        help_text=_("Keep a postponed or cancelled meeting published, and say so here."),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(
        _("end date"), blank=True, help_text=_("Leave empty for a meeting of one day.")
    )
    start_time = models.TimeField(
        _("start time"),
        null=True,
        blank=True,
        help_text=_("Leave both times empty for a meeting of whole days."),
    )
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    # Over several days, a meeting's times are its hours on each day (sessions from 09:00 to
    # 17:30 on the 20th and on the 21st), unless staff say that it runs without a break from the
    # first day's start to the last day's end.
    runs_continuously = models.BooleanField(
        _("without a break between days"),
        default=False,
        help_text=_(
            "Tick it when a meeting of several days runs from the start time of its first day to "
            "the end time of its last, overnight included. Unticked, the times are the hours of "
            "each day."
        ),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=40,
        choices=TIME_ZONES,
        default=DEFAULT_TIME_ZONE,
        help_text=_("The time zone of the times given: the venue's, or the organizer's online."),
    )
    format = models.CharField(
        _("format"), max_length=20, choices=MeetingFormat.choices, default=MeetingFormat.IN_PERSON
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=255, blank=True)
    country = models.ForeignKey(
        "members.MemberStatePage",
        verbose_name=_("host country"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings_hosted",
        help_text=_("The member state hosting the meeting. Leave empty outside the member states."),
    )
    round = models.ForeignKey(
        "rounds.RoundPage",
        verbose_name=_("round"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
    )
    online_url = models.URLField(
        _("online meeting address"),
        blank=True,
        help_text=_(
            "Shown on the public page of an online or hybrid meeting: leave empty if the link "
            "must not be public."
        ),
    )

    # A draft without its dates cannot be stored; a kind is needed to list it.
    start_date.required_on_save = True
    kind.required_on_save = True

    objects = MeetingManager()

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("kind"), FieldPanel("status")]),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldRowPanel(
                    [FieldPanel("start_time"), FieldPanel("end_time"), FieldPanel("time_zone")]
                ),
                FieldPanel("runs_continuously"),
            ],
            heading=_("When"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("format"),
                FieldRowPanel([FieldPanel("venue"), FieldPanel("city"), FieldPanel("country")]),
                FieldPanel("online_url"),
            ],
            heading=_("Where"),
        ),
        FieldPanel("round"),
        FieldPanel("intro"),
        FieldPanel("body"),
        MultipleChooserPanel(
            "publication_links",
            chooser_field_name="publication",
            label=_("Documents"),
            help_text=_("Documents of the library: the agenda, concept notes, what was adopted."),
        ),
    ]

    parent_page_types = ["events.MeetingsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("meeting page")

    # Dates and times

    def _fill_end_date(self):
        if self.start_date and not self.end_date:
            self.end_date = self.start_date

    def clean(self):
        super().clean()
        self._fill_end_date()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        if self.end_time and not self.start_time:
            errors["start_time"] = _("Give the start time too, or neither time.")
        if self.start_time and not self.end_time:
            errors["end_time"] = _("Give the end time too, or neither time.")
        if (
            "end_date" not in errors
            and self.start_time
            and self.end_time
            and self.end_time <= self.start_time
        ):
            if self.end_date == self.start_date:
                errors["end_time"] = _("The meeting must end after it starts.")
            elif not self.runs_continuously:
                errors["end_time"] = _(
                    "The times are the hours of each day: the end time must be after the start "
                    "time. If the meeting runs overnight, tick “without a break between days”."
                )
        for code in language_codes():
            slug_field = build_localized_fieldname("slug", code)
            if getattr(self, slug_field, None) in RESERVED_SLUGS:
                errors[slug_field] = _("This address is reserved: choose another slug.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self._fill_end_date()
        return super().save(*args, **kwargs)

    @property
    def is_past(self):
        """It ended before today (in the site's time zone): no use adding it to a calendar."""
        return (self.end_date or self.start_date) < timezone.localdate()

    @property
    def is_timed(self):
        return self.start_time is not None

    @property
    def days(self):
        """How many calendar days the meeting is held on (1 for a meeting of one day, and for a
        preview whose dates are not given yet)."""
        if not self.start_date:
            return 1
        return ((self.end_date or self.start_date) - self.start_date).days + 1

    @property
    def has_daily_hours(self):
        """A timed meeting of several days held at the same hours each day: one session a day,
        not one stretch from the first day's start to the last day's end."""
        return self.is_timed and self.days > 1 and not self.runs_continuously

    @property
    def first_day_ends_at(self):
        """When the first day's session ends (for a meeting of one day, when it ends)."""
        if not self.is_timed or self.end_time is None:
            return None
        if self.has_daily_hours:
            return datetime.datetime.combine(self.start_date, self.end_time, tzinfo=self.zone)
        return self.ends_at

    @property
    def zone(self):
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo(settings.TIME_ZONE)

    @property
    def starts_at(self):
        """The aware start of a timed meeting (None for whole days)."""
        if not self.is_timed:
            return None
        return datetime.datetime.combine(self.start_date, self.start_time, tzinfo=self.zone)

    @property
    def ends_at(self):
        """The aware end of a timed meeting: the end of its last day."""
        if not self.is_timed or self.end_time is None:
            return None
        end_date = self.end_date or self.start_date
        return datetime.datetime.combine(end_date, self.end_time, tzinfo=self.zone)

    @property
    def time_zone_label(self):
        """The zone as a reader says it, with the offset in force that day: "Lima, Peru time,
        UTC−05:00"; "UTC" for UTC."""
        if not self.is_timed:
            return ""
        if self.time_zone == "UTC":
            return "UTC"
        return gettext("%(zone)s time, %(offset)s") % {
            "zone": dict(TIME_ZONES).get(self.time_zone, self.time_zone),
            "offset": self.utc_offset,
        }

    @property
    def utc_offset(self):
        """The offset at the meeting's start ("UTC−05:00"; "UTC" when none)."""
        if not self.is_timed:
            return ""
        offset = self.starts_at.utcoffset() or datetime.timedelta(0)
        if not offset:
            return "UTC"
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes > 0 else "\u2212"
        hours, minutes = divmod(abs(minutes), 60)
        return f"UTC{sign}{hours:02d}:{minutes:02d}"

    @property
    def is_in_person(self):
        return self.format in (MeetingFormat.IN_PERSON, MeetingFormat.HYBRID)

    @property
    def is_online(self):
        return self.format in (MeetingFormat.ONLINE, MeetingFormat.HYBRID)

    @property
    def shown_online_url(self):
        """The online address, only for an online or hybrid meeting."""
        return self.online_url if self.is_online else ""

    def place(self, country=None):
        """Venue, city and country (as "Cancillería, Lima, Perú") in the active language, from
        what is known."""
        parts = [self.venue, self.city, country.title if country else ""]
        return ", ".join(str(part) for part in parts if part)

    # Public page

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.remembered_in_process("meeting-sections", self.linked_pages))
        context["place"] = self.place(context["country"])
        return context

    def shown_related(self, field_name):
        """The page a foreign key points at, unless the public site may not show it."""
        pk = getattr(self, f"{field_name}_id")
        if not pk:
            return None
        model = self._meta.get_field(field_name).related_model
        return shown_pages(model.objects).defer_streamfields().filter(pk=pk).first()

    def shown_round(self):
        """The round, unless the public site may not show it, with its presidency (None when
        that state may not be shown): one query."""
        if not self.round_id:
            return None
        found = with_shown_relations(
            shown_pages(RoundPage.objects.filter(pk=self.round_id))
            .defer_streamfields()
            .select_related("presidency")
            .defer(*_streamfields_of(member_states().model, "presidency")),
            "presidency",
        )
        return found[0] if found else None

    def linked_pages(self):
        round_page = self.shown_round()
        documents = (
            list(publication_model().objects.filter(meeting_links__page=self).for_listing())
            if self.pk
            else []
        )
        # What the round adopted, less what the meeting already lists as its own documents.
        own = {document.pk for document in documents}
        adopted = round_page.adopted_publications() if round_page else []
        return {
            "country": self.shown_related("country"),
            "round": round_page,
            # The library's publications linked to this meeting, with their files (three
            # queries).
            "documents": documents,
            "round_documents": [p for p in adopted if p.pk not in own],
            "news_items": round_page.latest_news() if round_page else [],
        }

    def structured_data(self, context):
        """A schema.org Event: when (with the offset when timed), how (in person, online or
        both), where, its status, its round and who organizes it, in the page's language."""
        request = context.get("request")
        absolute = request.build_absolute_uri if request is not None else str
        country, round_page = context.get("country"), context.get("round")
        start, end = (
            (self.starts_at, self.ends_at) if self.is_timed else (self.start_date, self.end_date)
        )
        data = {
            "@type": "Event",
            "name": self.title,
            "startDate": start.isoformat(),
            "eventAttendanceMode": SCHEMA_ATTENDANCE_MODES.get(
                self.format, SCHEMA_ATTENDANCE_MODES[MeetingFormat.IN_PERSON]
            ),
            "eventStatus": SCHEMA_STATUSES.get(
                self.status, SCHEMA_STATUSES[MeetingStatus.SCHEDULED]
            ),
            "organizer": {
                "@type": "Organization",
                "name": gettext("Quito Process"),
                "url": absolute(reverse("wagtail_serve", args=[""])),
            },
            "inLanguage": translation.get_language() or settings.LANGUAGE_CODE,
        }
        if end:
            data["endDate"] = end.isoformat()
        if self.has_daily_hours:
            # startDate and endDate span the days; the schedule says the hours are each day's.
            data["eventSchedule"] = {
                "@type": "Schedule",
                "startDate": self.start_date.isoformat(),
                "endDate": self.end_date.isoformat(),
                "repeatFrequency": "P1D",
                "repeatCount": self.days,
                "startTime": self.start_time.isoformat("seconds"),
                "endTime": self.end_time.isoformat("seconds"),
                "scheduleTimezone": self.time_zone,
            }
        if self.intro:
            data["description"] = self.intro
        if request is not None and self.pk:
            data["url"] = absolute(self.get_url(request))
        locations = []
        if self.is_in_person and (self.venue or self.city or country):
            address = {"@type": "PostalAddress"}
            if self.city:
                address["addressLocality"] = self.city
            if country:
                address["addressCountry"] = str(country.country)
            locations.append({"@type": "Place", "name": self.place(country), "address": address})
        if self.is_online and self.online_url:
            locations.append({"@type": "VirtualLocation", "url": self.online_url})
        if locations:
            data["location"] = locations[0] if len(locations) == 1 else locations
        if round_page is not None:
            data["superEvent"] = {
                "@type": "Event",
                "name": round_page.title,
                "url": absolute(round_page.get_url(request)),
            }
        return data

    @path("ical/", name="ical")
    def calendar_file(self, request):
        """This meeting as an iCalendar file to add to a calendar, in the language of the URL."""
        # Wagtail has checked this page's own privacy restriction; its state and round are
        # named only if the public site may show them.
        meeting = with_shown_relations(
            MeetingPage.objects.filter(pk=self.pk).with_relations(), "country", "round"
        )
        calendar = meetings_calendar(None, meeting, request)
        return calendar_response(calendar, self.slug, "attachment")


class MeetingPublication(Orderable):
    """A document of the meeting (agenda, concept note, declaration): a publication of the
    library, so that a file is uploaded, described and found in one place."""

    page = ParentalKey(MeetingPage, on_delete=models.CASCADE, related_name="publication_links")
    publication = models.ForeignKey(
        "publications.PublicationPage",
        verbose_name=_("publication"),
        on_delete=models.CASCADE,
        related_name="meeting_links",
    )

    panels = [FieldPanel("publication")]

    class Meta(Orderable.Meta):
        verbose_name = _("meeting document")


def publication_model():
    """The library's page model, reached through the string reference (no import)."""
    return MeetingPublication._meta.get_field("publication").related_model


def next_meeting():
    """The soonest shown meeting that ends today or later (one under way counts), or None; for
    the home page, with its host state and round loaded (one query)."""
    found = with_shown_relations(MeetingPage.objects.upcoming().shown()[:1], "country", "round")
    return found[0] if found else None
