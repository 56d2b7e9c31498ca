"""Demo content: rounds I to XI from the facts, with their outcomes written in both languages."""

import datetime

from django.apps import apps

from demo_content.shared import ensure_page, load_facts
from rounds.models import RoundPage, RoundsIndexPage

# Other sections' pages, by name: section apps never import each other.
MemberStatePage = apps.get_model("members", "MemberStatePage")

# What each round's outcome adds to the documents the library lists as adopted in it
# (demo_content/publications.py), from the facts' "outcome" (Spanish, English): the documents'
# titles are not said twice.
OUTCOMES = {
    1: (
        "La declaración, de 18 puntos, fue firmada por 11 Estados.",
        "The declaration, of 18 points, was signed by 11 states.",
    ),
    3: ("La declaración conjunta tiene 14 puntos.", "The joint declaration has 14 points."),
    5: ("Se propone la creación del Grupo de Amigos.", "The Group of Friends is proposed."),
    6: (
        "Se constituyen formalmente la Secretaría Técnica y el Grupo de Amigos.",
        "The Technical Secretariat and the Group of Friends are formally constituted.",
    ),
    8: (
        "La declaración conjunta fue firmada por 13 Estados.",
        "The joint declaration was signed by 13 states.",
    ),
    10: ("Guatemala se incorpora al Proceso.", "Guatemala joins the Process."),
}
# The facts' `rounds_note`: the dates of rounds VII to XI are the span of each Pro Tempore
# Presidency's chapter, their plenary dates unknown; those of rounds I to VI are the plenary's.
PRESIDENCY_SPAN_ROUNDS = range(7, 12)
# The facts spell some cities the local way: Spanish writes "Brasilia", English "Brasília".
CITY_NAMES_ES = {"Brasília": "Brasilia"}
CITY_NAMES_EN = {"Bogotá": "Bogotá", "Brasília": "Brasília", "San José": "San José"}


def build(home, log):
    log.stdout.write("Rounds")
    index = ensure_page(home, RoundsIndexPage.objects.first(), _index_page, log)
    states = {str(page.country): page for page in MemberStatePage.objects.all()}
    for round_facts in load_facts()["rounds"]:
        existing = RoundPage.objects.filter(number=round_facts["number"]).first()
        ensure_page(index, existing, lambda r=round_facts: _round_page(r, states), log)


def _index_page():
    return RoundsIndexPage(
        title_es="Rondas",
        title_en="Rounds",
        slug_es="rondas",
        slug_en="rounds",
        show_in_menus=True,
        intro_es=(
            "Desde Quito en 2018, los Estados miembros se reúnen en rondas técnicas, en las que han "
            "adoptado declaraciones conjuntas, un plan de acción y una hoja de ruta. Cada ronda "
            "tiene un país anfitrión y una Presidencia Pro Tempore."
        ),
        intro_en=(
            "Since Quito in 2018, the member states have met in technical rounds, which have adopted "
            "joint declarations, a plan of action and a roadmap. Each round has a host country and "
            "a Pro Tempore Presidency."
        ),
    )


def _round_page(facts, states):
    city = facts["city"]
    outcome = OUTCOMES.get(facts["number"])
    return RoundPage(
        number=facts["number"],
        chapter_es=f"Capítulo {CITY_NAMES_ES.get(city, city)}" if city else "",
        chapter_en=f"{CITY_NAMES_EN.get(city, city)} Chapter" if city else "",
        host_city_es=CITY_NAMES_ES.get(city, city) if city else "",
        host_city_en=CITY_NAMES_EN.get(city, city) if city else "",
        host_country=states.get(facts["country"]),
        presidency=states.get(facts["presidency"]),
        **_dates(facts),
        # No intro: "VII Ronda del Proceso de Quito." would only repeat the heading; the
        # chapter is the lead.
        outcome_es=f"<p>{outcome[0]}</p>" if outcome else "",
        outcome_en=f"<p>{outcome[1]}</p>" if outcome else "",
    )


def _dates(facts):
    start = datetime.date.fromisoformat(facts["start"])
    end = datetime.date.fromisoformat(facts["end"]) if facts["end"] else None
    if facts["number"] in PRESIDENCY_SPAN_ROUNDS:
        return {"presidency_start": start, "presidency_end": end}
    return {"plenary_start": start, "plenary_end": end}
