"""The meetings calendar: upcoming and past meetings, iCalendar files and feed, schema.org Event,
the next meeting, page-tree rules, caching, query bounds, sitemaps and the demo content."""

import datetime
import gzip
import importlib
import json
import zoneinfo
from io import StringIO

import pytest
from dateutil.rrule import rrulestr
from django.apps import apps
from django.contrib.staticfiles import finders
from django.core.management.color import no_style
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation
from icalendar import Calendar
from wagtail.models import Page

from demo_content import events as events_demo
from demo_content.shared import DemoLog, load_facts
from events.models import MeetingPage, MeetingsIndexPage, next_meeting
from members.models import MemberStatePage
from rounds.models import RoundPage

from .admin_forms import add_url, page_form
from .factories import (
    DocumentFactory,
    MeetingPageFactory,
    MeetingPublicationFactory,
    MeetingsIndexPageFactory,
    PublicationFileFactory,
    PublicationPageFactory,
    PublicationsIndexPageFactory,
    site_today,
)
from .html import parse, text
from .scenario import QuitoSite, restrict, scenario
from .support import count_queries

# The site is built once for the module (each test runs in a savepoint inside it).
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("events")]

MAX_QUERIES = 12
LANGUAGES = ["es", "en"]
INDEX = {"es": "/es/calendario/", "en": "/en/calendar/"}


def day(offset):
    return site_today() + datetime.timedelta(days=offset)


def build_site():
    quito = QuitoSite(states=["EC", "AR", "CO", "PE", "CL"], rounds=5)
    states, rounds = quito.states, quito.rounds
    restrict(states["CO"])
    quito.add_meetings(
        title_es="Taller en curso",
        title_en="Workshop under way",
        slug_es="taller-en-curso",
        slug_en="workshop-under-way",
        kind="workshop",
        start_date=day(-1),
        end_date=day(1),
        city_es="Quito",
        city_en="Quito",
        country=states["EC"],
    )
    index = quito.index = quito.meetings_index
    quito.ongoing = quito.meeting

    def meeting(key, slug_es, slug_en, **fields):
        return key, MeetingPageFactory(parent=index, slug_es=slug_es, slug_en=slug_en, **fields)

    meetings = dict(
        [
            meeting(
                "timed",
                "reunion-tecnica-lima",
                "technical-meeting-lima",
                title_es="Reunión técnica en Lima",
                title_en="Technical meeting in Lima",
                kind="technical",
                format="hybrid",
                start_date=day(10),
                end_date=day(10),
                start_time=datetime.time(9, 0),
                end_time=datetime.time(17, 30),
                time_zone="America/Lima",
                venue_es="Cancillería",
                venue_en="Foreign Ministry",
                country=states["PE"],
                round=rounds[5],
                online_url="https://meet.example.org/quito",
            ),
            meeting(
                "later",
                "plenaria-buenos-aires",
                "buenos-aires-plenary",
                title_es="Plenaria en Buenos Aires",
                title_en="Buenos Aires plenary",
                start_date=day(40),
                end_date=day(41),
                city_es="Buenos Aires",
                city_en="Buenos Aires",
                country=states["AR"],
                round=rounds[5],
            ),
            meeting(
                "hidden_host",
                "reunion-tematica-bogota",
                "bogota-thematic-meeting",
                title_es="Reunión temática en Bogotá",
                title_en="Bogotá thematic meeting",
                kind="thematic",
                start_date=day(60),
                end_date=day(60),
                city_es="Bogotá",
                city_en="Bogotá",
                country=states["CO"],
            ),
            meeting(
                "recent",
                "plenaria-santiago",
                "santiago-plenary",
                title_es="Plenaria en Santiago",
                title_en="Santiago plenary",
                start_date=day(-30),
                end_date=day(-29),
                city_es="Santiago de Chile",
                city_en="Santiago de Chile",
                country=states["CL"],
                round=rounds[4],
            ),
            meeting(
                "old",
                "reunion-en-linea",
                "online-meeting",
                title_es="Reunión en línea",
                title_en="Online meeting",
                kind="other",
                format="online",
                start_date=day(-400),
                end_date=day(-400),
                city_es="",
                city_en="",
                online_url="https://meet.example.org/old",
            ),
            # Sooner than every shown one: the calendar and next_meeting() must skip them.
            meeting(
                "draft",
                "borrador",
                "draft",
                title_es="Reunión en borrador",
                title_en="Draft meeting",
                start_date=day(-2),
                end_date=day(2),
                live=False,
            ),
            meeting(
                "restricted",
                "reunion-reservada",
                "private-meeting",
                title_es="Reunión reservada",
                title_en="Private meeting",
                start_date=day(-2),
                end_date=day(3),
            ),
        ]
    )
    restrict(meetings["restricted"])
    for key, page in meetings.items():
        setattr(quito, key, page)
    library = PublicationsIndexPageFactory(parent=quito.home)
    for n in range(2):
        agenda = PublicationPageFactory(
            parent=library,
            title_es=f"Agenda {n}",
            title_en=f"Agenda {n}",
            publication_type="other",
            date=day(-n),
        )
        MeetingPublicationFactory(page=meetings["timed"], publication=agenda, sort_order=n)
    return quito


site_built, site = scenario(build_site)


def url_in(page, language):
    with translation.override(language):
        return page.get_url()


def summary_titles(section):
    return [text(h3) for h3 in section.select("h3")]


def section(document, heading_id):
    return document.find(id=heading_id).find_parent("section")


def ics(response):
    return Calendar.from_ical(response.content)


# The calendar index


@pytest.mark.parametrize("language", LANGUAGES)
def test_upcoming_meetings_come_soonest_first_and_past_ones_latest_first(client, site, language):
    document = parse(client.get(INDEX[language]))
    with translation.override(language):
        titles = {key: site[key].title for key in site if isinstance(site[key], MeetingPage)}
    upcoming = summary_titles(section(document, "upcoming-heading"))
    past = summary_titles(section(document, "past-heading"))
    # The meeting under way counts as upcoming until its last day ends.
    assert upcoming == [titles[k] for k in ["ongoing", "timed", "later", "hidden_host"]]
    assert past == [titles[k] for k in ["recent", "old"]]


def test_a_meeting_moves_to_the_past_the_day_after_it_ends(client, site):
    MeetingPage.objects.filter(pk=site["ongoing"].pk).update(end_date=day(-1))
    document = parse(client.get("/en/calendar/"))
    assert "Workshop under way" not in summary_titles(section(document, "upcoming-heading"))
    assert summary_titles(section(document, "past-heading"))[0] == "Workshop under way"


def test_the_index_names_no_state_the_public_site_hides(client, site):
    document = parse(client.get("/en/calendar/"))
    card = next(h3.find_parent("article") for h3 in document.select("h3") if "Bogotá" in text(h3))
    assert "Colombia" not in text(card)
    assert "Bogotá" in text(card.select("p")[1])


def test_with_nothing_upcoming_the_calendar_and_the_summary_say_so_plainly(client, site):
    MeetingPage.objects.filter(end_date__gte=day(0)).update(live=False)
    document = parse(client.get("/en/calendar/"))
    upcoming = section(document, "upcoming-heading")
    assert text(upcoming).startswith("Upcoming meetings No meeting is announced at the moment.")
    assert next_meeting() is None
    with translation.override("en"):
        summary = render_to_string("events/includes/next_meeting.html", {"meeting": next_meeting()})
    assert text(parse_html(summary)) == "Next meeting No meetings announced yet."


def parse_html(html):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")


def test_the_index_advertises_its_calendar_feed_in_each_language(client, site):
    for path in INDEX.values():
        document = parse(client.get(path))
        feed = document.select_one('link[rel="alternate"][type="text/calendar"]')
        assert feed["href"] == f"http://testserver{path}ical/"
        upcoming = section(document, "upcoming-heading")
        subscribe = upcoming.find("a", href=f"http://testserver{path}ical/")
    assert text(subscribe) == "Subscribe to the calendar"
    assert "Google Calendar" in text(upcoming.select_one("details"))


@pytest.fixture
def many_past(site):
    """45 past meetings (three pages: 20, 20 and 5)."""
    for n in range(45):
        MeetingPageFactory(
            parent=site["index"],
            title_en=f"Past meeting {n:02d}",
            slug_es=f"pasada-{n}",
            slug_en=f"past-{n}",
            start_date=day(-100 - n),
            end_date=day(-100 - n),
        )


def test_past_meetings_come_a_page_at_a_time(client, many_past):
    first = parse(client.get("/en/calendar/"))
    second = parse(client.get("/en/calendar/?page=2"))
    third = parse(client.get("/en/calendar/?page=3"))
    assert len(summary_titles(section(first, "past-heading"))) == 20
    # Later pages go on with the past meetings only.
    assert second.find(id="upcoming-heading") is None
    assert summary_titles(section(second, "past-heading"))[0] == "Past meeting 19"
    assert len(summary_titles(section(third, "past-heading"))) == 7  # 45 + recent + old
    assert third.select_one('a[rel="prev"]')["href"] == "/en/calendar/?page=2"
    assert third.select_one('a[rel="next"]') is None
    assert client.get("/en/calendar/?page=4").status_code == 404


@pytest.mark.parametrize(
    "query",
    ["page=-1", "page=0", "page=x", "page=1&page=2", "page=" + "9" * 2000, "page=2", "page=1.5"],
)
def test_bad_page_values_are_a_404_never_a_500(client, site, query):
    client.raise_request_exception = False
    for path in INDEX.values():
        assert client.get(f"{path}?{query}").status_code == 404


def test_unknown_or_long_parameters_are_ignored(client, site):
    response = client.get("/es/calendario/?page=1&q=" + "x" * 2000 + "&tipo=a&tipo=b")
    assert response.status_code == 200
    assert "Taller en curso" in text(section(parse(response), "upcoming-heading"))


# A meeting's page


def test_a_meeting_page_shows_its_dates_place_round_and_add_to_calendar_link(client, site):
    meeting = site["timed"]
    document = parse(client.get(url_in(meeting, "en")))
    facts = {text(div.dt): div.dd for div in document.select("dl.facts > div")}
    assert facts["Dates"].time["datetime"] == day(10).isoformat()
    assert text(facts["Time"]) == "09:00–17:30 (Lima, Peru time, UTC−05:00)"
    assert facts["Time"].time["datetime"] == f"{day(10).isoformat()}T09:00:00-05:00"
    assert text(facts["Place"]) == "Foreign Ministry · Lima · Peru"
    assert facts["Place"].a["href"] == "/en/member-states/peru/"
    assert facts["Round"].a["href"] == url_in(site["rounds"][5], "en")
    assert facts["Online"].a["href"] == "https://meet.example.org/quito"
    add = document.select_one("a.button[download]")
    assert add["href"] == url_in(meeting, "en") + "ical/"
    documents = section(document, "documents-heading")
    assert [text(a) for a in documents.select(".publication-list__title a")] == [
        "Agenda 0",
        "Agenda 1",
    ]


def test_the_online_address_is_shown_only_for_online_or_hybrid_meetings(client, site):
    MeetingPage.objects.filter(pk=site["timed"].pk).update(format="in_person")
    document = parse(client.get(url_in(site["timed"], "en")))
    assert "meet.example.org" not in document.decode()
    assert "Online" not in {text(dt) for dt in document.select("dl.facts dt")}


@pytest.mark.parametrize("language", LANGUAGES)
def test_both_languages_have_their_own_slugs_and_reciprocal_hreflang(client, site, language):
    for page in [site["index"], site["timed"]]:
        urls = {code: f"http://testserver{url_in(page, code)}" for code in LANGUAGES}
        response = client.get(url_in(page, language))
        assert response.status_code == 200
        document = parse(response)
        assert document.html["lang"] == language
        assert hreflang_alternates(document) == {**urls, "x-default": urls["es"]}
    assert url_in(site["timed"], "en") == "/en/calendar/technical-meeting-lima/"
    assert url_in(site["timed"], "es") == "/es/calendario/reunion-tecnica-lima/"


def hreflang_alternates(document):
    """The page's other languages (the calendar feed is an alternate too, of another type)."""
    links = document.select('link[rel="alternate"][hreflang]')
    return {link["hreflang"]: link["href"] for link in links}


def structured_event(document):
    blocks = [json.loads(s.string) for s in document.select('script[type="application/ld+json"]')]
    return next(block for block in blocks if block["@type"] == "Event")


def test_a_timed_hybrid_meeting_is_a_schema_org_event_with_offsets(client, site):
    event = structured_event(parse(client.get(url_in(site["timed"], "en"))))
    assert event["name"] == "Technical meeting in Lima"
    assert event["startDate"] == f"{day(10).isoformat()}T09:00:00-05:00"
    assert event["endDate"] == f"{day(10).isoformat()}T17:30:00-05:00"
    assert event["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["inLanguage"] == "en"
    assert event["url"] == "http://testserver/en/calendar/technical-meeting-lima/"
    place, online = event["location"]
    assert place["@type"] == "Place"
    assert place["name"] == "Foreign Ministry, Lima, Peru"
    assert place["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Lima",
        "addressCountry": "PE",
    }
    assert online == {"@type": "VirtualLocation", "url": "https://meet.example.org/quito"}
    assert event["organizer"] == {
        "@type": "Organization",
        "name": "Quito Process",
        "url": "http://testserver/en/",
    }
    assert event["superEvent"]["name"] == "Round V"


def test_a_whole_day_meeting_is_an_event_with_plain_dates(client, site):
    MeetingPage.objects.filter(pk=site["later"].pk).update(status="postponed")
    event = structured_event(parse(client.get(url_in(site["later"], "es"))))
    assert (event["startDate"], event["endDate"]) == (day(40).isoformat(), day(41).isoformat())
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert event["eventStatus"] == "https://schema.org/EventPostponed"
    assert event["inLanguage"] == "es"
    assert event["location"]["address"]["addressCountry"] == "AR"


def test_an_online_meeting_has_a_virtual_location(client, site):
    event = structured_event(parse(client.get(url_in(site["old"], "en"))))
    assert event["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert event["location"] == {"@type": "VirtualLocation", "url": "https://meet.example.org/old"}


# iCalendar files


@pytest.mark.parametrize(
    ("language", "summary"), [("es", "Plenaria en Buenos Aires"), ("en", "Buenos Aires plenary")]
)
def test_a_meeting_downloads_as_an_icalendar_file_in_its_language(client, site, language, summary):
    response = client.get(url_in(site["later"], language) + "ical/")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    slug = {"es": "plenaria-buenos-aires", "en": "buenos-aires-plenary"}[language]
    assert response["Content-Disposition"] == f'attachment; filename="{slug}.ics"'
    calendar = ics(response)
    assert calendar["VERSION"] == "2.0"
    assert calendar["METHOD"] == "PUBLISH"
    assert "PRODID" in calendar
    (event,) = calendar.walk("VEVENT")
    assert event["SUMMARY"] == summary
    assert event["URL"] == f"http://testserver{url_in(site['later'], language)}"
    assert event["LOCATION"] == "Buenos Aires, Argentina"
    assert event["DESCRIPTION"].startswith({"es": "Sobre ", "en": "About "}[language])
    assert event["UID"] == f"meeting-{site['later'].pk}@testserver"
    assert "DTSTAMP" in event


def test_a_whole_day_meeting_has_dates_and_an_exclusive_end(client, site):
    (event,) = ics(client.get(url_in(site["later"], "en") + "ical/")).walk("VEVENT")
    assert event["DTSTART"].params.get("VALUE") == "DATE"
    assert event.decoded("DTSTART") == day(40)
    # The meeting's last day is day(41): DTEND is the day after it.
    assert event.decoded("DTEND") == day(42)
    assert type(event.decoded("DTEND")) is datetime.date
    assert b"DTEND;VALUE=DATE:" in event.to_ical()


def test_a_timed_meeting_carries_its_time_zone_and_the_right_instant(client, site):
    calendar = ics(client.get(url_in(site["timed"], "en") + "ical/"))
    (event,) = calendar.walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "America/Lima"
    (zone,) = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "America/Lima"
    utc = datetime.UTC
    assert event.decoded("DTSTART").astimezone(utc) == datetime.datetime.combine(
        day(10), datetime.time(14, 0), tzinfo=utc
    )
    assert event.decoded("DTEND").astimezone(utc) == datetime.datetime.combine(
        day(10), datetime.time(22, 30), tzinfo=utc
    )
    assert event["LOCATION"] == "Foreign Ministry, Lima, Peru"
    assert "https://meet.example.org/quito" in event["DESCRIPTION"]
    (spanish,) = ics(client.get(url_in(site["timed"], "es") + "ical/")).walk("VEVENT")
    assert spanish["LOCATION"] == "Cancillería, Lima, Perú"


def test_a_meeting_keeps_one_uid_in_every_language(client, site):
    uids = {
        str(ics(client.get(url_in(site["timed"], code) + "ical/")).walk("VEVENT")[0]["UID"])
        for code in LANGUAGES
    }
    assert uids == {f"meeting-{site['timed'].pk}@testserver"}


@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("es", "Proceso de Quito: Calendario de reuniones"),
        ("en", "Quito Process: Meetings calendar"),
    ],
)
def test_the_calendar_feed_has_every_shown_meeting_and_no_draft_or_restricted_one(
    client, site, language, name
):
    response = client.get(INDEX[language] + "ical/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    slug = {"es": "calendario", "en": "calendar"}[language]
    assert response["Content-Disposition"] == f'inline; filename="{slug}.ics"'
    calendar = ics(response)
    assert calendar["X-WR-CALNAME"] == name
    assert (calendar["VERSION"], calendar["METHOD"]) == ("2.0", "PUBLISH")
    assert str(calendar["PRODID"]).endswith(f"//{language.upper()}")
    shown = ["ongoing", "timed", "later", "hidden_host", "recent", "old"]
    with translation.override(language):
        expected = {str(site[key].title) for key in shown}
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert sorted(summaries) == sorted(expected)
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["America/Lima"]


def test_the_feed_names_no_state_the_public_site_hides(client, site):
    calendar = ics(client.get("/en/calendar/ical/"))
    bogota = next(e for e in calendar.walk("VEVENT") if "Bogotá" in str(e["SUMMARY"]))
    assert bogota["LOCATION"] == "Bogotá"


def test_a_restricted_meeting_file_asks_for_the_password(client, site):
    response = client.get(url_in(site["restricted"], "en") + "ical/")
    assert not response["Content-Type"].startswith("text/calendar")
    assert client.get(url_in(site["draft"], "en") + "ical/").status_code == 404


def test_unknown_routes_of_the_calendar_are_a_404(client, site):
    assert client.get("/es/calendario/nada/").status_code == 404
    assert client.get(url_in(site["later"], "es") + "ical/otra/").status_code == 404


# The days and hours a meeting's file gives (parsed by icalendar, its RRULE expanded by dateutil
# as calendar applications expand it).

LIMA = zoneinfo.ZoneInfo("America/Lima")


def next_january(day_of_month):
    return datetime.date(site_today().year + 1, 1, day_of_month)


def at(date, hour, minute=0, zone=LIMA):
    return datetime.datetime.combine(date, datetime.time(hour, minute), tzinfo=zone)


def sessions(event):
    """Each (start, end) a calendar shows the event at: one, or one per repetition."""
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    if "RRULE" not in event:
        return [(start, end)]
    rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=start)
    return [(first, first + (end - start)) for first in rule]


def a_january_meeting(site, slug, *, days, hours=None, **fields):
    """A meeting from 20 January next year, of `days` days, at `hours` (start, end) in Lima."""
    start, end = hours or (None, None)
    return MeetingPageFactory(
        parent=site["index"],
        title_es=f"Reunión {slug}",
        title_en=f"Meeting {slug}",
        slug_es=f"reunion-{slug}",
        slug_en=f"meeting-{slug}",
        start_date=next_january(20),
        end_date=next_january(20 + days - 1),
        start_time=start,
        end_time=end,
        **{"time_zone": "America/Lima", **fields},
    )


NINE, HALF_FIVE = datetime.time(9), datetime.time(17, 30)
SCHEDULES = {
    "one day with hours": (
        {"days": 1, "hours": (NINE, HALF_FIVE)},
        lambda: [(at(next_january(20), 9), at(next_january(20), 17, 30))],
    ),
    "two days, the same hours each day": (
        {"days": 2, "hours": (NINE, HALF_FIVE)},
        lambda: [
            (at(next_january(20), 9), at(next_january(20), 17, 30)),
            (at(next_january(21), 9), at(next_january(21), 17, 30)),
        ],
    ),
    "two days without a break": (
        {"days": 2, "hours": (datetime.time(15), datetime.time(12)), "runs_continuously": True},
        lambda: [(at(next_january(20), 15), at(next_january(21), 12))],
    ),
    "one whole day": ({"days": 1}, lambda: [(next_january(20), next_january(21))]),
    "two whole days": ({"days": 2}, lambda: [(next_january(20), next_january(22))]),
}


@pytest.mark.parametrize("schedule", SCHEDULES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_meeting_file_holds_the_meeting_on_its_days_at_its_hours(
    client, site, language, schedule
):
    fields, expected = SCHEDULES[schedule]
    meeting = a_january_meeting(site, "enero", **fields)
    calendar = ics(client.get(url_in(meeting, language) + "ical/"))
    (event,) = calendar.walk("VEVENT")
    assert event["SUMMARY"] == {"es": "Reunión enero", "en": "Meeting enero"}[language]
    assert event["UID"] == f"meeting-{meeting.pk}@testserver"
    assert sessions(event) == expected()
    if meeting.is_timed:
        assert event["DTSTART"].params["TZID"] == event["DTEND"].params["TZID"] == "America/Lima"
        assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["America/Lima"]
    else:
        # Whole days are DATE values; DTEND is the day after the last one (exclusive).
        assert event["DTSTART"].params["VALUE"] == event["DTEND"].params["VALUE"] == "DATE"
        assert type(event.decoded("DTEND")) is datetime.date
        assert not calendar.walk("VTIMEZONE")


def a_change_of_offset(zone):
    """The last day before `zone` changes its UTC offset, within the next two years."""
    noon_offset = lambda date: at(date, 12, zone=zone).utcoffset()  # noqa: E731
    date = site_today()
    for _ in range(730):
        if noon_offset(date) != noon_offset(date + datetime.timedelta(days=1)):
            return date
        date += datetime.timedelta(days=1)
    pytest.skip(f"{zone} keeps one offset over the next two years")


def test_hours_each_day_stay_at_the_same_local_time_across_a_change_of_offset(client, site):
    santiago = zoneinfo.ZoneInfo("America/Santiago")
    first_day = a_change_of_offset(santiago)
    meeting = a_january_meeting(site, "santiago", days=2, hours=(NINE, HALF_FIVE))
    MeetingPage.objects.filter(pk=meeting.pk).update(
        start_date=first_day,
        end_date=first_day + datetime.timedelta(days=1),
        time_zone="America/Santiago",
    )
    calendar = ics(client.get(url_in(meeting, "en") + "ical/"))
    (event,) = calendar.walk("VEVENT")
    days = [first_day, first_day + datetime.timedelta(days=1)]
    assert sessions(event) == [
        (at(d, 9, zone=santiago), at(d, 17, 30, zone=santiago)) for d in days
    ]
    starts = [start.astimezone(datetime.UTC).time() for start, _ in sessions(event)]
    assert starts[0] != starts[1]
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["America/Santiago"]


def test_a_meeting_in_utc_is_written_in_utc_with_no_zone_to_define(client, site):
    meeting = a_january_meeting(site, "utc", days=2, hours=(NINE, HALF_FIVE), time_zone="UTC")
    calendar = ics(client.get(url_in(meeting, "en") + "ical/"))
    (event,) = calendar.walk("VEVENT")
    utc = datetime.UTC
    assert sessions(event) == [
        (at(next_january(d), 9, zone=utc), at(next_january(d), 17, 30, zone=utc)) for d in (20, 21)
    ]
    assert f"DTSTART:{next_january(20):%Y%m%d}T090000Z".encode() in event.to_ical()
    assert not calendar.walk("VTIMEZONE")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_feed_gives_a_meeting_with_daily_hours_each_day_under_one_stable_uid(
    client, site, language
):
    meeting = a_january_meeting(site, "enero", days=2, hours=(NINE, HALF_FIVE))
    feeds = [ics(client.get(INDEX[language] + "ical/")) for _ in range(2)]
    uids = [[str(event["UID"]) for event in feed.walk("VEVENT")] for feed in feeds]
    # One event per meeting, under the same UID at each request: a subscribed calendar updates
    # what it holds instead of adding it again.
    assert uids[0] == uids[1]
    assert len(set(uids[0])) == len(uids[0])
    (event,) = [
        e for e in feeds[0].walk("VEVENT") if e["UID"] == f"meeting-{meeting.pk}@testserver"
    ]
    assert event["SUMMARY"] == {"es": "Reunión enero", "en": "Meeting enero"}[language]
    assert sessions(event) == SCHEDULES["two days, the same hours each day"][1]()
    whole_days = next(
        e for e in feeds[0].walk("VEVENT") if e["UID"].startswith(f"meeting-{site['later'].pk}@")
    )
    assert sessions(whole_days) == [(day(40), day(42))]


# The same schedule on the meeting's page and in the listings


def schedule_facts(document, language):
    """The page's dates and hours, as the reader of `language` sees them."""
    facts = {text(div.dt): text(div.dd) for div in document.select("dl.facts > div")}
    dates, time = {"es": ("Fechas", "Hora"), "en": ("Dates", "Time")}[language]
    return {"dates": facts[dates], "time": facts[time]}


@pytest.mark.parametrize(
    ("language", "dates", "hours"),
    [
        ("es", "20–21 de enero de {year}", "09:00–17:30 cada día (hora de Lima, Perú, UTC−05:00)"),
        ("en", "20–21 January {year}", "09:00–17:30 each day (Lima, Peru time, UTC−05:00)"),
    ],
)
def test_a_meeting_page_and_its_card_give_the_hours_of_each_day(
    client, site, language, dates, hours
):
    meeting = a_january_meeting(site, "enero", days=2, hours=(NINE, HALF_FIVE))
    dates = dates.format(year=next_january(20).year)
    document = parse(client.get(url_in(meeting, language)))
    assert schedule_facts(document, language) == {"dates": dates, "time": hours}
    first_day = next_january(20).isoformat()
    assert [t["datetime"] for t in document.select("dl.facts time")][-2:] == [
        f"{first_day}T09:00:00-05:00",
        f"{first_day}T17:30:00-05:00",
    ]
    calendar = parse(client.get(INDEX[language]))
    card = next(h3.find_parent("article") for h3 in calendar.select("h3") if "enero" in text(h3))
    assert text(card.p) == f"{dates} · {hours}"


@pytest.mark.parametrize(
    ("language", "hours"),
    [
        ("es", "20 de enero, 15:00 – 21 de enero, 12:00 (hora de Lima, Perú, UTC−05:00)"),
        ("en", "20 January, 15:00 – 21 January, 12:00 (Lima, Peru time, UTC−05:00)"),
    ],
)
def test_a_meeting_without_a_break_between_days_shows_when_it_starts_and_ends(
    client, site, language, hours
):
    meeting = a_january_meeting(
        site,
        "enero",
        days=2,
        hours=(datetime.time(15), datetime.time(12)),
        runs_continuously=True,
    )
    document = parse(client.get(url_in(meeting, language)))
    assert schedule_facts(document, language)["time"] == hours


def test_a_meeting_with_daily_hours_is_a_schema_org_event_with_a_daily_schedule(client, site):
    meeting = a_january_meeting(site, "enero", days=2, hours=(NINE, HALF_FIVE))
    event = structured_event(parse(client.get(url_in(meeting, "en"))))
    assert event["startDate"] == f"{next_january(20).isoformat()}T09:00:00-05:00"
    assert event["endDate"] == f"{next_january(21).isoformat()}T17:30:00-05:00"
    assert event["eventSchedule"] == {
        "@type": "Schedule",
        "startDate": next_january(20).isoformat(),
        "endDate": next_january(21).isoformat(),
        "repeatFrequency": "P1D",
        "repeatCount": 2,
        "startTime": "09:00:00",
        "endTime": "17:30:00",
        "scheduleTimezone": "America/Lima",
    }
    single = structured_event(parse(client.get(url_in(site["timed"], "en"))))
    assert "eventSchedule" not in single


# Editing


def meeting_form(**fields):
    data = {
        "title_es": "Reunión nueva",
        "slug_es": "reunion-nueva",
        "kind": "plenary",
        "status": "scheduled",
        "format": "in_person",
        "time_zone": "America/Panama",
        "start_date": "2030-05-10",
        **fields,
    }
    return page_form(data, streams=["body"], inlines=["publication_links"])


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"end_date": "2030-05-09"}, "end_date"),
        ({"start_time": "09:00"}, "end_time"),
        ({"end_time": "17:00"}, "start_time"),
        ({"start_time": "17:00", "end_time": "09:00"}, "end_time"),
        # Over several days the times are each day's hours.
        ({"end_date": "2030-05-11", "start_time": "15:00", "end_time": "12:00"}, "end_time"),
        ({"slug_es": "ical"}, "slug_es"),
    ],
)
def test_impossible_dates_and_times_are_form_errors(admin_client, site, fields, error_field):
    response = admin_client.post(add_url(MeetingPage, site["index"]), meeting_form(**fields))
    assert response.status_code == 200
    assert error_field in response.context["form"].errors
    assert not MeetingPage.objects.filter(slug_es__in=["reunion-nueva", "ical"]).exists()


def test_a_one_day_meeting_needs_no_end_date(admin_client, site):
    response = admin_client.post(add_url(MeetingPage, site["index"]), meeting_form())
    assert response.status_code == 302
    meeting = MeetingPage.objects.get(slug_es="reunion-nueva")
    assert meeting.end_date == datetime.date(2030, 5, 10)
    assert meeting.time_zone == "America/Panama"


def test_hours_of_each_day_that_end_before_they_start_are_explained_in_spanish(admin_client, site):
    data = meeting_form(end_date="2030-05-11", start_time="15:00", end_time="12:00")
    response = admin_client.post(add_url(MeetingPage, site["index"]), data)
    assert response.context["form"].errors["end_time"] == [
        "Las horas son el horario de cada día: la hora de fin debe ser posterior a la de "
        "inicio. Si la reunión continúa durante la noche, marque «sin interrupción entre días»."
    ]


def test_a_meeting_without_a_break_between_days_may_end_earlier_in_the_day(admin_client, site):
    data = meeting_form(
        end_date="2030-05-11", start_time="15:00", end_time="12:00", runs_continuously="on"
    )
    assert admin_client.post(add_url(MeetingPage, site["index"]), data).status_code == 302
    assert MeetingPage.objects.get(slug_es="reunion-nueva").runs_continuously


def test_a_new_meeting_of_several_days_has_the_same_hours_each_day(admin_client, site):
    data = meeting_form(end_date="2030-05-11", start_time="09:00", end_time="17:30")
    assert admin_client.post(add_url(MeetingPage, site["index"]), data).status_code == 302
    meeting = MeetingPage.objects.get(slug_es="reunion-nueva")
    assert (meeting.runs_continuously, meeting.has_daily_hours) == (False, True)


def test_meetings_stored_before_daily_hours_that_ran_overnight_stay_one_stretch(site):
    migration = importlib.import_module("events.migrations.0004_meeting_hours_each_day")
    overnight = a_january_meeting(site, "noche", days=2, hours=(NINE, HALF_FIVE))
    daily = a_january_meeting(site, "dia", days=2, hours=(NINE, HALF_FIVE))
    MeetingPage.objects.filter(pk=overnight.pk).update(
        start_time=datetime.time(15), end_time=datetime.time(12)
    )
    overnight.refresh_from_db()
    draft = overnight.save_revision(clean=False)
    migration.keep_overnight_meetings_continuous(apps, None)
    assert MeetingPage.objects.get(pk=overnight.pk).runs_continuously
    draft.refresh_from_db()
    assert draft.content["runs_continuously"] is True
    assert draft.as_object().runs_continuously
    assert not MeetingPage.objects.get(pk=daily.pk).runs_continuously


def test_each_page_type_can_only_be_created_where_it_belongs(site):
    # HomePage.subpage_types must list events.MeetingsIndexPage for editors to add it.
    assert MeetingsIndexPage.parent_page_types == ["home.HomePage"]
    assert MeetingsIndexPage.allowed_subpage_models() == [MeetingPage]
    assert MeetingPage.allowed_parent_page_models() == [MeetingsIndexPage]
    assert MeetingPage.allowed_subpage_models() == []
    assert MeetingPage.can_create_at(site["index"])
    assert not MeetingPage.can_create_at(site["home"])
    assert not MeetingPage.can_create_at(site["timed"])
    # One calendar per site.
    assert MeetingsIndexPage.max_count == 1
    assert not MeetingsIndexPage.can_create_at(site["home"])


def test_the_round_and_host_choosers_open_in_their_sections(admin_client, site):
    form_class = MeetingPage.get_edit_handler().get_form_class()
    assert form_class.base_fields["round"].widget.target_models == [RoundPage]
    assert form_class.base_fields["country"].widget.target_models == [MemberStatePage]
    for model, parent in [
        ("rounds.roundpage", site["rounds"][1].get_parent()),
        ("members.memberstatepage", site["states"]["EC"].get_parent()),
    ]:
        response = admin_client.get("/admin/choose-page/", {"page_type": model})
        assert response.context["parent_page"].pk == parent.pk
    assert admin_client.get(add_url(MeetingPage, site["index"])).status_code == 200


@pytest.mark.parametrize(
    ("mode", "title"), [("es", "Plenaria en Buenos Aires"), ("en", "Buenos Aires plenary")]
)
def test_staff_preview_a_meeting_in_each_language(admin_user, site, mode, title):
    request = RequestFactory().get("/")
    request.user = admin_user
    response = site["later"].serve_preview(request, mode)
    assert text(parse(response).h1) == title
    response = site["index"].serve_preview(request, mode)
    assert (
        text(parse(response).h1)
        == {"es": "Calendario de reuniones", "en": "Meetings calendar"}[mode]
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_staff_preview_a_new_meeting_in_each_language_before_saving_it(
    admin_client, site, language
):
    from django.urls import reverse

    data = meeting_form(
        title_en="New meeting",
        slug_en="new-meeting",
        start_time="09:00",
        end_time="11:00",
        format="hybrid",
        online_url="https://meet.example.org/new",
        country=str(site["states"]["PE"].pk),
        round=str(site["rounds"][5].pk),
    )
    preview_url = reverse(
        "wagtailadmin_pages:preview_on_add", args=["events", "meetingpage", site["index"].pk]
    )
    assert admin_client.post(preview_url, data).json()["is_valid"]
    response = admin_client.get(preview_url, {"mode": language})
    assert response.status_code == 200
    document = parse(response)
    assert document.html["lang"] == language
    assert text(document.h1) == {"es": "Reunión nueva", "en": "New meeting"}[language]
    assert structured_event(document)["startDate"] == "2030-05-10T09:00:00-05:00"
    assert not MeetingPage.objects.filter(slug_es="reunion-nueva").exists()


# For the home page and the round pages


def test_next_meeting_is_the_soonest_shown_one_that_ends_today_or_later(site):
    assert next_meeting().pk == site["ongoing"].pk
    MeetingPage.objects.filter(pk=site["ongoing"].pk).update(end_date=day(-1))
    found = next_meeting()
    assert found.pk == site["timed"].pk
    assert found.country.title == "Perú"


def test_the_home_summary_of_the_next_meeting_links_it_and_its_calendar_file(rf, site):
    request = rf.get("/en/")
    with translation.override("en"):
        html = render_to_string(
            "events/includes/meeting_summary.html", {"meeting": next_meeting()}, request
        )
    summary = parse_html(html)
    links = [a["href"] for a in summary.select("a")]
    assert links == ["/en/calendar/workshop-under-way/", "/en/calendar/workshop-under-way/ical/"]
    assert "Quito, Ecuador" in text(summary)


def test_a_round_lists_its_meetings_through_the_reverse_relation_in_one_query(
    site, django_assert_num_queries
):
    round_page = RoundPage.objects.get(pk=site["rounds"][5].pk)
    with django_assert_num_queries(1):
        meetings = round_page.meetings.chronological().listing()
        named = [(m.title, m.country.title if m.country else None) for m in meetings]
    assert named == [("Reunión técnica en Lima", "Perú"), ("Plenaria en Buenos Aires", "Argentina")]
    state = MemberStatePage.objects.get(country="CO")
    assert state.meetings_hosted.listing() == [site["hidden_host"]]


def test_a_round_page_can_list_its_meetings_without_naming_itself_again(rf, site):
    round_page = site["rounds"][5]
    with translation.override("en"):
        html = render_to_string(
            "events/includes/meeting_list.html",
            {"meetings": round_page.meetings.chronological().listing(), "hide_round": True},
            rf.get("/en/rounds/round-v/"),
        )
    listing = parse_html(html)
    assert text(listing.h2) == "Meetings"
    assert [text(h3) for h3 in listing.select("h3")] == [
        "Technical meeting in Lima",
        "Buenos Aires plenary",
    ]
    assert url_in(round_page, "en") not in [a["href"] for a in listing.select("a")]
    assert render_to_string("events/includes/meeting_list.html", {"meetings": []}).strip() == ""


# Caching, queries, weight, sitemaps


def test_publishing_a_meeting_purges_the_cached_calendar_in_both_languages(
    client, site, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_ENABLED = True
    for path in INDEX.values():
        client.get(path)
        assert client.get(path)["X-Page-Cache"] == "hit"
    meeting = MeetingPageFactory(
        parent=site["index"],
        title_es="Reunión recién anunciada",
        title_en="Newly announced meeting",
        slug_es="recien-anunciada",
        slug_en="newly-announced",
        start_date=day(5),
        end_date=day(5),
        live=False,
    )
    with django_capture_on_commit_callbacks(execute=True):
        meeting.save_revision().publish()
    for path, title in [
        (INDEX["es"], "Reunión recién anunciada"),
        (INDEX["en"], "Newly announced meeting"),
    ]:
        response = client.get(path)
        assert response["X-Page-Cache"] == "miss"
        assert title in summary_titles(section(parse(response), "upcoming-heading"))


def build_calendar(home, size):
    """A second calendar with `size` meetings (half past, half upcoming, each with a state and a
    round) and one meeting with `size` documents."""
    index = MeetingsIndexPageFactory(
        parent=home, slug_es=f"calendario-{size}", slug_en=f"calendar-{size}"
    )
    states = list(MemberStatePage.objects.all())
    rounds = list(RoundPage.objects.all())
    meetings = [
        MeetingPageFactory(
            parent=index,
            slug_es=f"r-{n}",
            slug_en=f"m-{n}",
            start_date=day(-200 + 2 * n if n % 2 else 200 + n),
            end_date=day(-200 + 2 * n if n % 2 else 200 + n),
            start_time=datetime.time(10) if n % 3 == 0 else None,
            end_time=datetime.time(12) if n % 3 == 0 else None,
            time_zone=["America/Lima", "America/Santiago", "America/Sao_Paulo"][n % 3],
            country=states[n % len(states)],
            round=rounds[n % len(rounds)],
        )
        for n in range(size)
    ]
    library = PublicationsIndexPageFactory(
        parent=home, slug_es=f"documentos-{size}", slug_en=f"documents-{size}"
    )
    document = DocumentFactory()
    for n in range(size):
        publication = PublicationPageFactory(parent=library, date=day(-n))
        PublicationFileFactory(page=publication, document=document)
        MeetingPublicationFactory(page=meetings[0], publication=publication, sort_order=n)
    return index, meetings[0]


@pytest.mark.parametrize("size", [10, pytest.param(50, marks=pytest.mark.slow)])
def test_the_calendar_and_a_meeting_render_within_the_query_budget(client, site, size):
    index, meeting = build_calendar(site["home"], size)
    paths = {
        "index": f"/es/calendario-{size}/",
        "index (en)": f"/en/calendar-{size}/",
        "feed": f"/en/calendar-{size}/ical/",
        "meeting": url_in(meeting, "es"),
        "meeting file": url_in(meeting, "en") + "ical/",
    }
    if size > 10:
        paths["index page 2"] = f"/es/calendario-{size}/?page=2"
    counts = {}
    for name, path in paths.items():
        client.get(path)  # per-process caches warm, as in production
        counts[name] = count_queries(client, path)
    over = {name: count for name, count in counts.items() if count > MAX_QUERIES}
    assert not over, f"over {MAX_QUERIES} queries at size {size}: {over} (all: {counts})"


def compressed_size(content):
    return len(gzip.compress(content, compresslevel=6))


def test_the_calendar_and_a_meeting_weigh_at_most_60_kb_compressed(client, many_past):
    assets = sum(
        compressed_size(open(finders.find(path), "rb").read())  # noqa: SIM115
        for path in ["css/site.css", "js/site.js"]
    )
    paths = [*INDEX.values(), "/en/calendar/?page=2", "/es/calendario/reunion-tecnica-lima/"]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200
        assert compressed_size(response.content) + assets <= 60 * 1024, path


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_calendar_and_its_shown_meetings_are_in_each_language_sitemap(client, site, language):
    from xml.etree import ElementTree

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ElementTree.fromstring(client.get(f"/{language}/sitemap.xml").content)  # noqa: S314
    locations = {url.find("s:loc", ns).text for url in root.findall("s:url", ns)}
    assert f"http://testserver{INDEX[language]}" in locations
    assert f"http://testserver{url_in(site['timed'], language)}" in locations
    assert f"http://testserver{url_in(site['draft'], language)}" not in locations
    assert f"http://testserver{url_in(site['restricted'], language)}" not in locations


# Demo content


def test_the_demo_builds_the_calendar_with_the_plenaries_of_rounds_i_to_v_and_nothing_ahead(
    client, site
):
    for index in MeetingsIndexPage.objects.all():
        index.delete()
    log = DemoLog(StringIO(), no_style())
    events_demo.build(Page.objects.get(pk=site["home"].pk).specific, log)
    index = MeetingsIndexPage.objects.get()
    assert (index.title_es, index.title_en) == ("Calendario de reuniones", "Meetings calendar")
    assert (index.slug_es, index.slug_en) == ("calendario", "calendar")
    facts = {r["number"]: r for r in load_facts()["rounds"]}
    meetings = MeetingPage.objects.child_of(index).order_by("start_date")
    assert [m.round.number for m in meetings] == [1, 2, 3, 4, 5]
    for meeting in meetings:
        round_facts = facts[meeting.round.number]
        assert meeting.start_date.isoformat() == round_facts["start"]
        assert meeting.end_date.isoformat() == round_facts["end"]
        assert str(meeting.country.country) == round_facts["country"]
        assert meeting.city_en == round_facts["city"]
        assert (meeting.kind, meeting.format, meeting.start_time) == ("plenary", "in_person", None)
        assert meeting.live
    assert next_meeting() is None
    assert text(section(parse(client.get("/en/calendar/")), "upcoming-heading")).startswith(
        "Upcoming meetings No meeting is announced at the moment."
    )
    before = log.created
    events_demo.build(Page.objects.get(pk=site["home"].pk).specific, log)
    assert log.created == before == 6
