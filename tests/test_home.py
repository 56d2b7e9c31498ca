import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import HomeFeaturedArea

from .factories import (
    GroupOfFriendsMemberFactory,
    GroupOfFriendsPageFactory,
    MemberStatePageFactory,
    MemberStatesIndexPageFactory,
    RoundPageFactory,
    RoundsIndexPageFactory,
    ThematicAreaPageFactory,
    ThematicAreasIndexPageFactory,
    regional_figure,
    state_figure,
)
from .html import parse, text


@pytest.fixture
def members_index(home):
    return MemberStatesIndexPageFactory(
        parent=home, slug_es="estados-miembros", slug_en="member-states"
    )


def counters(client, path):
    facts = parse(client.get(path)).select("main dl.facts > div")
    return {text(div.dt): text(div.dd) for div in facts}


def test_counters_are_computed_from_the_content(client, members_index, home):
    MemberStatePageFactory(
        parent=members_index,
        country="CO",
        figures=[state_figure(2828195, datetime.date(2025, 11, 1))],
    )
    MemberStatePageFactory(
        parent=members_index,
        country="PY",
        figures=[state_figure(5300, datetime.date(2024, 7, 1))],
    )
    MemberStatePageFactory(parent=members_index, country="CW", status="observer", figures=[])
    friends = GroupOfFriendsPageFactory(parent=home)
    GroupOfFriendsMemberFactory(page=friends, country="CA", sort_order=0)
    GroupOfFriendsMemberFactory(page=friends, country="DE", sort_order=1)
    # No sum of the countries' figures: they have different dates and match no published figure.
    assert counters(client, "/en/") == {
        "Member states": "2",
        "Observers": "1",
        "Members of the Group of Friends": "2",
    }


def test_the_regional_figure_is_the_published_one_with_its_date_and_source(client, home):
    home.regional_figures = [
        regional_figure(6906690, datetime.date(2025, 11, 1), source_url="https://www.r4v.info/")
    ]
    home.save()
    spanish = counters(client, "/es/")
    assert spanish[
        "Personas refugiadas y migrantes de Venezuela en América Latina y el Caribe"
    ] == ("6 906 690 Datos a noviembre de 2025 · Fuente: R4V")
    english = counters(client, "/en/")
    assert english["Refugees and migrants from Venezuela in Latin America and the Caribbean"] == (
        "6,906,690 As of November 2025 · Source: R4V"
    )
    link = parse(client.get("/en/")).select_one("main dl.facts a")
    assert link["href"] == "https://www.r4v.info/"


def test_counters_change_when_content_changes(client, members_index):
    MemberStatePageFactory(
        parent=members_index,
        country="CO",
        figures=[state_figure(100, datetime.date(2025, 11, 1))],
    )
    before = counters(client, "/es/")
    peru = MemberStatePageFactory(
        parent=members_index,
        country="PE",
        figures=[state_figure(50, datetime.date(2025, 11, 1))],
    )
    after = counters(client, "/es/")
    assert (before["Estados miembros"], after["Estados miembros"]) == ("1", "2")
    peru.unpublish()
    assert counters(client, "/es/")["Estados miembros"] == "1"


def test_home_shows_the_current_presidency_and_latest_round(client, home, members_index):
    ecuador = MemberStatePageFactory(parent=members_index, country="EC")
    costa_rica = MemberStatePageFactory(parent=members_index, country="CR")
    rounds = RoundsIndexPageFactory(parent=home)
    no_plenary = {"plenary_start": None, "plenary_end": None}
    RoundPageFactory(
        parent=rounds,
        number=10,
        presidency=costa_rica,
        presidency_start=datetime.date(2023, 11, 24),
        presidency_end=datetime.date(2024, 11, 21),
        **no_plenary,
    )
    RoundPageFactory(
        parent=rounds,
        number=11,
        presidency=ecuador,
        presidency_start=datetime.date(2024, 11, 21),
        **no_plenary,
    )
    # The presidency's start is not a plenary's: no date beside the round.
    now = text(parse(client.get("/es/")).select_one(".hero__now"))
    assert now == (
        "Presidencia Pro Tempore actual: Ecuador (desde el 21 de noviembre de 2024) · "
        "Última ronda: XI Ronda"
    )
    now = text(parse(client.get("/en/")).select_one(".hero__now"))
    assert now == (
        "Current Pro Tempore Presidency: Ecuador (since 21 November 2024) · Latest round: Round XI"
    )


def test_home_features_the_chosen_thematic_areas(client, home):
    index = ThematicAreasIndexPageFactory(parent=home)
    areas = [
        ThematicAreaPageFactory(parent=index, title_en=f"Area {n}", slug_en=f"area-{n}")
        for n in range(8)
    ]

    def featured():
        section = parse(client.get("/en/")).find(id="areas-heading").find_parent("section")
        return [text(h3) for h3 in section.select("h3")]

    assert featured() == [f"Area {n}" for n in range(6)]  # none chosen: the first six
    HomeFeaturedArea.objects.create(page=home, area=areas[7], sort_order=0)
    HomeFeaturedArea.objects.create(page=home, area=areas[2], sort_order=1)
    assert featured() == ["Area 7", "Area 2"]


@pytest.mark.parametrize("language", ["es", "en"])
def test_home_does_not_repeat_the_menu(client, home, members_index, language):
    RoundsIndexPageFactory(parent=home)
    main = parse(client.get(f"/{language}/")).find("main")
    index = {"es": "/es/estados-miembros/", "en": "/en/member-states/"}[language]
    assert index not in [a["href"] for a in main.select("a")]  # the menu already leads there


def test_home_queries_do_not_grow_with_the_content(client, home, members_index):
    rounds = RoundsIndexPageFactory(parent=home)
    areas = ThematicAreasIndexPageFactory(parent=home)
    for code in ["EC", "CO"]:
        MemberStatePageFactory(parent=members_index, country=code)
    RoundPageFactory(parent=rounds, number=1)
    ThematicAreaPageFactory(parent=areas)
    client.get("/es/")
    with CaptureQueriesContext(connection) as few:
        client.get("/es/")
    for code in ["PE", "MX", "AR", "BR", "CL", "UY"]:
        MemberStatePageFactory(parent=members_index, country=code)
    for number in range(2, 12):
        RoundPageFactory(parent=rounds, number=number)
    for _ in range(8):
        ThematicAreaPageFactory(parent=areas)
    with CaptureQueriesContext(connection) as many:
        client.get("/es/")
    assert len(many) == len(few)
    assert len(many) <= 12, "\n".join(q["sql"][:150] for q in many.captured_queries)
