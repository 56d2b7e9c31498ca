import datetime

import pytest
from wagtail.test.utils.form_data import inline_formset

from members.models import GroupOfFriendsMember, MemberStatePage

from .admin_forms import add_url, page_form
from .factories import (
    COUNTRIES,
    GroupOfFriendsMemberFactory,
    GroupOfFriendsPageFactory,
    MemberStatePageFactory,
    MemberStatesIndexPageFactory,
    state_figure,
)
from .html import parse, switcher_links, text
from .support import count_queries


@pytest.fixture
def index(home):
    return MemberStatesIndexPageFactory(
        parent=home, slug_es="estados-miembros", slug_en="member-states"
    )


def state_names(page, section_id):
    section = page.find(id=section_id).find_parent("section")
    return [text(a) for a in section.select("li a")]


def test_state_page_title_and_slug_come_from_the_country_in_each_language(client, index):
    MemberStatePageFactory(parent=index, country="PE")
    spanish = parse(client.get("/es/estados-miembros/peru/"))
    english = parse(client.get("/en/member-states/peru/"))
    assert text(spanish.h1) == "Perú"
    assert text(english.h1) == "Peru"
    assert spanish.select_one("h1 img.flag")["src"].endswith("/flags/svg/pe.svg")


def test_state_page_shows_the_figure_with_its_date_in_each_language(client, index):
    MemberStatePageFactory(
        parent=index,
        country="PE",
        figures=[
            state_figure(1662889, datetime.date(2025, 11, 1), source_url="https://www.r4v.info/")
        ],
    )
    spanish = text(parse(client.get("/es/estados-miembros/peru/")).select_one("dl.facts"))
    english = text(parse(client.get("/en/member-states/peru/")).select_one("dl.facts"))
    assert "1 662 889" in spanish  # non-breaking spaces, as the RAE recommends
    assert "noviembre de 2025" in spanish
    assert "1,662,889" in english
    assert "November 2025" in english


def test_state_page_shows_its_status_and_year_joined(client, index):
    MemberStatePageFactory(parent=index, country="CW", status="observer", year_joined=2024)
    page = parse(client.get("/en/member-states/curacao/"))
    assert text(page.select_one(".page-header .tag")) == "Observer"
    assert "Taking part since 2024" in text(page.select_one(".page-header"))


def test_switching_language_on_a_state_page_keeps_the_state(client, index):
    MemberStatePageFactory(parent=index, country="DO")
    links = switcher_links(parse(client.get("/es/estados-miembros/republica-dominicana/")))
    english = parse(client.get(links["en"]["href"]))
    assert text(english.h1) == "Dominican Republic"
    back = switcher_links(english)["es"]["href"]
    assert back == "/es/estados-miembros/republica-dominicana/"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/es/estados-miembros/", ["México", "Panamá", "Paraguay", "Perú", "República Dominicana"]),
        ("/en/member-states/", ["Dominican Republic", "Mexico", "Panama", "Paraguay", "Peru"]),
    ],
)
def test_index_sorts_states_by_their_name_in_the_page_language(client, index, path, expected):
    for country in ["PE", "DO", "PY", "MX", "PA"]:
        MemberStatePageFactory(parent=index, country=country)
    assert state_names(parse(client.get(path)), "members-heading") == expected


def test_index_lists_observers_apart(client, index):
    MemberStatePageFactory(parent=index, country="CO")
    MemberStatePageFactory(parent=index, country="CW", status="observer")
    page = parse(client.get("/es/estados-miembros/"))
    assert state_names(page, "members-heading") == ["Colombia"]
    assert state_names(page, "observers-heading") == ["Curazao"]


def test_index_counts_states_and_adds_no_figures_of_different_dates(client, index):
    MemberStatePageFactory(
        parent=index, country="CO", figures=[state_figure(2828195, datetime.date(2025, 11, 1))]
    )
    MemberStatePageFactory(
        parent=index, country="PY", figures=[state_figure(5300, datetime.date(2024, 7, 1))]
    )
    MemberStatePageFactory(parent=index, country="CW", status="observer", figures=[])
    facts = [text(div) for div in parse(client.get("/en/member-states/")).select("dl.facts > div")]
    assert facts == ["Member states 2", "Observers 1"]


def test_index_chart_shows_each_figure_with_its_date_and_a_table_for_everyone(client, index):
    MemberStatePageFactory(
        parent=index, country="CO", figures=[state_figure(2828195, datetime.date(2025, 11, 1))]
    )
    MemberStatePageFactory(
        parent=index, country="PY", figures=[state_figure(5300, datetime.date(2024, 7, 1))]
    )
    page = parse(client.get("/es/estados-miembros/"))
    rows = page.select("section.chart ol.bar-chart > li")
    assert [text(row) for row in rows] == [
        "Colombia 2 828 195 (noviembre de 2025)",
        "Paraguay 5 300 (julio de 2024)",
    ]
    # Bars as shares of the largest figure, written with a decimal point whatever the language.
    bars = [float(row.select_one("svg rect")["width"]) for row in rows]
    assert bars == [100.0, 0.5]
    table = page.select_one("section.chart details table")
    assert text(page.select_one("section.chart details summary")) == "Ver las cifras como tabla"
    assert [[text(cell) for cell in row.select("th, td")] for row in table.select("tbody tr")] == [
        ["Colombia", "2 828 195", "noviembre de 2025", "R4V"],
        ["Paraguay", "5 300", "julio de 2024", "R4V"],
    ]
    english = parse(client.get("/en/member-states/"))
    assert [text(row) for row in english.select("section.chart ol.bar-chart > li")] == [
        "Colombia 2,828,195 (November 2025)",
        "Paraguay 5,300 (July 2024)",
    ]
    assert [float(r["width"]) for r in english.select("section.chart svg rect")] == [100.0, 0.5]
    assert text(english.select_one("section.chart details summary")) == (
        "Show the figures as a table"
    )


def test_unpublished_state_is_not_listed(client, index):
    MemberStatePageFactory(parent=index, country="CO")
    MemberStatePageFactory(parent=index, country="PE", live=False)
    assert state_names(parse(client.get("/es/estados-miembros/")), "members-heading") == [
        "Colombia"
    ]


def test_index_query_count_does_not_grow_with_the_number_of_states(client, index):
    for country in COUNTRIES[:5]:
        MemberStatePageFactory(parent=index, country=country)
    client.get("/es/estados-miembros/")  # warm the per-process caches (site root paths)
    with_5 = count_queries(client, "/es/estados-miembros/")
    for country in COUNTRIES[5:]:
        MemberStatePageFactory(parent=index, country=country)
    with_40 = count_queries(client, "/es/estados-miembros/")
    assert MemberStatePage.objects.count() == 40
    assert with_40 == with_5
    assert with_40 <= 12


def test_group_of_friends_groups_members_by_kind_in_each_language(client, home):
    page = GroupOfFriendsPageFactory(
        parent=home, slug_es="grupo-de-amigos", slug_en="group-of-friends"
    )
    GroupOfFriendsMemberFactory(page=page, sort_order=0, kind="state", country="CA")
    GroupOfFriendsMemberFactory(
        page=page,
        sort_order=1,
        kind="regional_organization",
        country="",
        name_es="Unión Europea",
        name_en="European Union",
    )
    GroupOfFriendsMemberFactory(
        page=page, sort_order=2, kind="state", country="DE", year_joined=2020
    )
    GroupOfFriendsMemberFactory(
        page=page,
        sort_order=3,
        kind="financial_institution",
        country="",
        name_es="Banco Interamericano de Desarrollo (BID)",
        name_en="Inter-American Development Bank (IDB)",
    )

    def groups(path):
        html = parse(client.get(path))
        return {
            text(section.h2): [text(li.select_one("a, span")) for li in section.select("li")]
            for section in html.select("main section")
            if section.select("li.card")
        }

    # In the alphabetical order of each language, whatever the editors' order.
    assert groups("/es/grupo-de-amigos/") == {
        "Estados": ["Alemania", "Canadá"],
        "Organizaciones regionales": ["Unión Europea"],
        "Instituciones financieras": ["Banco Interamericano de Desarrollo (BID)"],
    }
    assert groups("/en/group-of-friends/") == {
        "States": ["Canada", "Germany"],
        "Regional organizations": ["European Union"],
        "Financial institutions": ["Inter-American Development Bank (IDB)"],
    }


def test_group_of_friends_member_state_needs_a_country():
    member = GroupOfFriendsMember(kind="state", country="")
    with pytest.raises(Exception) as error:
        member.clean()
    assert "country" in error.value.message_dict


def test_admin_creates_a_state_page_with_titles_from_the_country(admin_client, index):
    data = page_form(
        {"country": "MX", "status": "member", "intro_es": "Hola", "intro_en": "Hello"},
        streams=["body", "related_links"],
        inlines=["focal_institutions", "figures"],
        publish=True,
    )
    response = admin_client.post(add_url(MemberStatePage, index), data)
    assert response.status_code == 302, parse(response).select(".error-message")
    page = MemberStatePage.objects.get(country="MX")
    assert (page.title_es, page.title_en) == ("México", "Mexico")
    assert (page.slug_es, page.slug_en) == ("mexico", "mexico")
    assert page.live


def test_admin_refuses_a_second_page_for_the_same_country_with_a_form_error(admin_client, index):
    existing = MemberStatePageFactory(parent=index, country="MX")
    data = page_form(
        {"country": "MX", "status": "member", "title_es": "México bis", "slug_es": "mexico-bis"},
        streams=["body", "related_links"],
        inlines=["focal_institutions", "figures"],
    )
    response = admin_client.post(add_url(MemberStatePage, index), data)
    assert response.status_code == 200
    # The admin speaks the editor's language, Spanish by default.
    [error] = response.context["form"].errors["country"]
    assert error.startswith("Ya existe una página para este país: ")
    assert f'href="/admin/pages/{existing.pk}/edit/"' in error
    assert MemberStatePage.objects.filter(country="MX").count() == 1


def test_admin_requires_country_and_status_even_for_a_draft(admin_client, index):
    data = page_form(
        {"country": "", "status": "", "title_es": "Sin país", "slug_es": "sin-pais"},
        streams=["body", "related_links"],
        inlines=["focal_institutions", "figures"],
    )
    response = admin_client.post(add_url(MemberStatePage, index), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) >= {"country", "status"}
    assert not MemberStatePage.objects.exists()


def test_a_figure_without_its_date_is_refused(admin_client, index):
    data = page_form(
        {
            "country": "CO",
            "status": "member",
            "figures": inline_formset(
                [{"measure": "hosted", "value": "1000", "as_of": "", "source_name": "R4V"}]
            ),
        },
        streams=["body", "related_links"],
        inlines=["focal_institutions"],
    )
    response = admin_client.post(add_url(MemberStatePage, index), data)
    assert response.status_code == 200
    [figure_form] = response.context["form"].formsets["figures"].forms
    assert "as_of" in figure_form.errors
    assert not MemberStatePage.objects.exists()


def test_copying_a_state_page_is_refused_with_a_message(admin_client, index):
    state = MemberStatePageFactory(parent=index, country="CO")
    response = admin_client.post(
        f"/admin/pages/{state.pk}/copy/",
        {"new_title_es": "Colombia 2", "new_slug_es": "colombia-2", "new_parent_page": index.pk},
        follow=True,
    )
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any("cada país tiene exactamente una página" in m for m in messages)
    assert MemberStatePage.objects.filter(country="CO").count() == 1


def test_every_country_an_editor_can_choose_has_a_flag_file():
    """A missing static file is an error in production: the vendored set covers every choice."""
    from django.contrib.staticfiles import finders
    from django_countries import countries

    missing = [
        code for code, _name in countries if not finders.find(f"flags/svg/{code.lower()}.svg")
    ]
    assert missing == []


def test_index_map_links_each_state_with_its_name_and_status_in_each_language(client, index):
    MemberStatePageFactory(parent=index, country="PE")
    MemberStatePageFactory(parent=index, country="CW", status="observer")
    for path, names in [
        (
            "/es/estados-miembros/",
            {
                "Perú: Estado miembro": "/es/estados-miembros/peru/",
                "Curazao: Observador": "/es/estados-miembros/curazao/",
            },
        ),
        (
            "/en/member-states/",
            {
                "Peru: Member state": "/en/member-states/peru/",
                "Curaçao: Observer": "/en/member-states/curacao/",
            },
        ),
    ]:
        svg = parse(client.get(path)).select_one("figure.region-map svg")
        links = {a["aria-label"]: a["href"] for a in svg.select("a")}
        assert links == names
        # Countries without a page are drawn, not linked; a tiny island also gets a marker.
        assert len(svg.select("g[aria-hidden=true] path")) > 20
        assert svg.select_one("a.region-map__observer circle") is not None
        assert svg.select_one("a.region-map__member path") is not None
