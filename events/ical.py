"""iCalendar (RFC 5545) files of meetings, in the active language, with the `icalendar` package.

- A meeting of whole days is a DATE event whose DTEND is the day after its last day (DTEND is
  exclusive), so that calendars show it on each of its days and never a day short.
- A timed meeting of several days with daily hours (09:00–17:30 on the 20th and the 21st) is one
  event on its first day's hours repeated daily (RRULE FREQ=DAILY;COUNT=<days>), never one event
  from the first day's start to the last day's end; a meeting staff mark "without a break between
  days" is that one event.
- A timed meeting carries its time zone (TZID, IANA name) and the VTIMEZONE that defines it, so
  that each calendar shows it at the right instant in its reader's own time zone.
- UID is stable per meeting (`meeting-<page id>@<site host>`) and the same in every language: a
  calendar updates the event instead of adding a second one when the feed changes.
"""

import datetime

from django.utils import timezone, translation
from django.utils.translation import gettext
from icalendar import Calendar, Event, vText
from wagtail.models import Site

from .choices import MeetingFormat, MeetingStatus

PRODUCT = "-//Quito Process//Meetings calendar//{language}"
# How often a subscribed calendar should look for changes.
REFRESH_INTERVAL = datetime.timedelta(hours=6)
STATUSES = {
    MeetingStatus.SCHEDULED: "CONFIRMED",
    MeetingStatus.POSTPONED: "TENTATIVE",
    MeetingStatus.CANCELLED: "CANCELLED",
}


def meetings_calendar(index, meetings, request):
    """A VCALENDAR of `meetings` (loaded with `listing()`: their state and round at hand).

    With the calendar `index`, it is a subscribable calendar named in the active language;
    without it, a file of one meeting to add to the reader's own calendar (no calendar name:
    some applications would otherwise make it a calendar of its own).
    """
    language = translation.get_language()
    calendar = Calendar()
    calendar.add("prodid", PRODUCT.format(language=language.upper()))
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if index is not None:
        name = f"{gettext('Quito Process')}: {index.title}"
        calendar.add("name", name)
        calendar.add("x-wr-calname", vText(name))  # TEXT, as RFC 5545 has x-props
        if index.intro:
            calendar.add("description", index.intro)
            calendar.add("x-wr-caldesc", vText(index.intro))
        calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT6H")
    site = Site.find_for_request(request)
    host = site.hostname if site is not None else request.get_host()
    stamp = timezone.now().replace(microsecond=0)
    timed = []
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, request, host, stamp))
        if meeting.is_timed:
            timed.append(meeting)
    if timed:
        # Each zone's rules over the years the meetings happen in (not 1970 to 2038).
        first = min(m.start_date for m in timed)
        last = max(m.end_date or m.start_date for m in timed)
        calendar.add_missing_timezones(
            first_date=datetime.date(first.year, 1, 1),
            last_date=datetime.date(last.year + 1, 12, 31),
        )
    return calendar


def meeting_event(meeting, request, host, stamp):
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{host}")
    event.add("dtstamp", stamp)
    if meeting.is_timed:
        event.add("dtstart", meeting.starts_at)
        if meeting.first_day_ends_at is not None:
            event.add("dtend", meeting.first_day_ends_at)
        if meeting.has_daily_hours:
            # A recurrence rather than one VEVENT per day: Google, Outlook, Apple Calendar and
            # Thunderbird all expand a daily COUNT rule (at the same wall-clock hours in TZID,
            # across a change of offset too), the meeting keeps its one UID, so a calendar that
            # holds it (imported or subscribed) updates it in place when its days change, instead
            # of keeping the days that were dropped, and a cancellation reaches every day at once.
            event.add("rrule", {"freq": "daily", "count": meeting.days})
    else:
        last_day = meeting.end_date or meeting.start_date
        event.add("dtstart", meeting.start_date)
        event.add("dtend", last_day + datetime.timedelta(days=1))
    url = request.build_absolute_uri(meeting.get_url(request))
    event.add("summary", meeting.title)
    event.add("description", "\n\n".join(_description(meeting, url)))
    location = _location(meeting)
    if location:
        event.add("location", location)
    event.add("url", url)
    event.add("status", STATUSES.get(meeting.status, "CONFIRMED"))
    event.add("categories", [str(meeting.get_kind_display())])
    if meeting.last_published_at:
        event.add("last-modified", meeting.last_published_at.replace(microsecond=0))
    return event


def _description(meeting, url):
    parts = []
    if meeting.status != MeetingStatus.SCHEDULED:
        parts.append(str(meeting.get_status_display()))
    if meeting.intro:
        parts.append(meeting.intro)
    if meeting.shown_online_url:
        parts.append(gettext("Online: %(url)s") % {"url": meeting.shown_online_url})
    parts.append(url)
    return parts


def _location(meeting):
    if meeting.format == MeetingFormat.ONLINE:
        return meeting.shown_online_url or gettext("Online")
    return meeting.place(meeting.country)
