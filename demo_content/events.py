"""Demo content: the meetings calendar and the plenary meeting of each round whose dates the
facts give as the meeting's own (rounds I to V).

Not the others: the facts say that the dates of rounds VII to XI are the span of each Pro Tempore
Presidency's chapter, the plenary's own date unknown, and a meeting needs its real days. Round VI
(23-24 September 2020, Santiago de Chile) has its days, but it met during the pandemic and the
facts do not say whether in Santiago or online: a page saying "in person" could be false, so it
is left to the Secretariat to add once checked. No future meeting is invented: with none
announced, the calendar and the home page say so.
"""

import datetime

from django.apps import apps

from demo_content.shared import ensure_page, load_facts
from events.choices import MeetingFormat, MeetingKind
from events.models import MeetingPage, MeetingsIndexPage

# Rounds whose plenary the demo creates (see above).
PLENARY_ROUNDS = range(1, 6)
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI"}
# Where the rounds' demo spells a city differently in each language.
CITY_NAMES_ES = {"Brasília": "Brasilia"}


def build(home, log):
    log.stdout.write("Meetings calendar")
    index = ensure_page(home, MeetingsIndexPage.objects.first(), _index_page, log)
    # Other sections' pages, by number and country code: section apps never import each other.
    round_model = apps.get_model("rounds", "RoundPage")
    state_model = apps.get_model("members", "MemberStatePage")
    rounds = {r.number: r for r in round_model.objects.filter(number__in=PLENARY_ROUNDS)}
    states = {str(state.country): state for state in state_model.objects.all()}
    for facts in load_facts()["rounds"]:
        if facts["number"] not in PLENARY_ROUNDS:
            continue
        round_page = rounds.get(facts["number"])
        existing = _existing_plenary(facts, round_page)
        ensure_page(
            index,
            existing,
            lambda f=facts, r=round_page: _plenary(f, r, states.get(f["country"])),
            log,
        )


def _existing_plenary(facts, round_page):
    meetings = MeetingPage.objects.filter(kind=MeetingKind.PLENARY)
    if round_page is not None:
        return meetings.filter(round=round_page).first()
    return meetings.filter(slug_es=_slugs(facts["number"])[0]).first()


def _slugs(number):
    numeral = ROMAN[number].lower()
    return f"plenaria-{numeral}-ronda", f"round-{numeral}-plenary"


def _index_page():
    return MeetingsIndexPage(
        title_es="Calendario de reuniones",
        title_en="Meetings calendar",
        slug_es="calendario",
        slug_en="calendar",
        show_in_menus=True,
        intro_es=(
            "Las reuniones del Proceso de Quito: las plenarias de cada ronda, las reuniones "
            "técnicas, los talleres y las reuniones temáticas, con sus fechas, lugar y documentos."
        ),
        intro_en=(
            "The meetings of the Quito Process: each round's plenary, technical meetings, "
            "workshops and thematic meetings, with their dates, place and documents."
        ),
    )


def _plenary(facts, round_page, state):
    numeral = ROMAN[facts["number"]]
    city = facts["city"]
    city_es = CITY_NAMES_ES.get(city, city)
    slug_es, slug_en = _slugs(facts["number"])
    return MeetingPage(
        title_es=f"Reunión plenaria de la {numeral} Ronda",
        title_en=f"Round {numeral} plenary meeting",
        slug_es=slug_es,
        slug_en=slug_en,
        kind=MeetingKind.PLENARY,
        format=MeetingFormat.IN_PERSON,
        start_date=datetime.date.fromisoformat(facts["start"]),
        end_date=datetime.date.fromisoformat(facts["end"]),
        city_es=city_es,
        city_en=city,
        country=state,
        round=round_page,
        intro_es=f"Reunión plenaria de la {numeral} Ronda del Proceso de Quito, en {city_es}.",
        intro_en=f"Plenary meeting of Round {numeral} of the Quito Process, in {city}.",
    )
