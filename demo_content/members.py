"""Demo content for the members section: 14 member states, 1 observer and the Group of Friends."""

import datetime

from demo_content.shared import ensure_page, load_facts, paragraphs, stream
from members.models import (
    FriendKind,
    GroupOfFriendsMember,
    GroupOfFriendsPage,
    MembershipStatus,
    MemberStatePage,
    MemberStatesIndexPage,
)

R4V_URL = "https://www.r4v.info/"
FRIEND_LINKS = {
    "EU": "https://european-union.europa.eu/",
    "IDB": "https://www.iadb.org/",
}


def build(home, log):
    facts = load_facts()
    log.stdout.write("Member states")
    index = ensure_page(home, MemberStatesIndexPage.objects.first(), _index_page, log)
    figures = {row["iso"]: row for row in facts["r4v_figures"]["by_country"]}
    sources = facts["r4v_figures"]["sources"]
    process = facts["process"]
    for state in facts["member_states"]["members"]:
        existing = MemberStatePage.objects.filter(country=state["iso"]).first()
        ensure_page(
            index,
            existing,
            lambda s=state: _state_page(
                s, MembershipStatus.MEMBER, figures.get(s["iso"]), process, sources
            ),
            log,
        )
    for state in facts["member_states"]["observers"]:
        existing = MemberStatePage.objects.filter(country=state["iso"]).first()
        ensure_page(
            index,
            existing,
            lambda s=state: _state_page(s, MembershipStatus.OBSERVER, None, process, ()),
            log,
        )
    log.stdout.write("Group of Friends")
    ensure_page(home, GroupOfFriendsPage.objects.first(), _group_of_friends_page, log)


def _index_page():
    return MemberStatesIndexPage(
        title_es="Estados miembros",
        title_en="Member States",
        title_pt="Estados-membros",
        slug_es="estados-miembros",
        slug_en="member-states",
        slug_pt="estados-membros",
        show_in_menus=True,
        intro_es=(
            "Los gobiernos de América Latina y el Caribe que participan en el Proceso de Quito, "
            "y las cifras de personas refugiadas y migrantes de Venezuela que acogen."
        ),
        intro_en=(
            "The Latin American and Caribbean governments taking part in the Quito Process, and "
            "the numbers of refugees and migrants from Venezuela they host."
        ),
        intro_pt=(
            "Os governos da América Latina e do Caribe que participam do Processo de Quito e os "
            "números de pessoas refugiadas e migrantes da Venezuela que acolhem."
        ),
    )


def _state_page(state, status, figure, process, sources):
    name_es, name_en = state["es"], state["en"]
    year = state.get("joined") or state.get("since")
    if status == MembershipStatus.OBSERVER:
        intro_es = f"{name_es} participa en el Proceso de Quito como observador."
        intro_en = f"{name_en} takes part in the Quito Process as an observer."
    elif year:
        intro_es = f"{name_es} es Estado miembro del Proceso de Quito desde {year}."
        intro_en = f"{name_en} has been a member state of the Quito Process since {year}."
    else:
        intro_es = f"{name_es} es Estado miembro del Proceso de Quito."
        intro_en = f"{name_en} is a member state of the Quito Process."

    if state["iso"] in process["quito_i_signatories"]:
        body_es = paragraphs(
            f"{name_es} firmó la Declaración de Quito sobre Movilidad Humana de Ciudadanos "
            "Venezolanos en la Región el 4 de septiembre de 2018."
        )
        body_en = paragraphs(
            f"{name_en} signed the Declaration of Quito on Human Mobility of Venezuelan Citizens "
            "in the Region on 4 September 2018."
        )
    elif state["iso"] in process["quito_i_attended_without_signing"]:
        # The facts give no date for joining: only that it attended without signing.
        body_es = paragraphs(
            f"{name_es} asistió a la primera reunión de Quito, en septiembre de 2018, sin firmar "
            "la Declaración de Quito."
        )
        body_en = paragraphs(
            f"{name_en} attended the first meeting in Quito in September 2018 without signing the "
            "Declaration of Quito."
        )
    else:
        body_es = body_en = []

    return MemberStatePage(
        title_es=name_es,
        title_en=name_en,
        country=state["iso"],
        status=status,
        year_joined=year,
        intro_es=intro_es,
        intro_en=intro_en,
        body_es=stream(*body_es),
        body_en=stream(*body_en),
        # R4V's figure with its reference month and the article that reports it, the first of
        # the state's dated records.
        figures=[MemberStatePage.figures.rel.related_model.from_r4v(figure, sources)]
        if figure
        else [],
        # The sources name R4V's regional platform, not the address of each national one:
        # staff replace it with the national or sub-regional platform's page.
        r4v_platform_name_es="Plataforma R4V (regional)",
        r4v_platform_name_en="R4V Platform (regional)",
        r4v_platform_url=R4V_URL,
        **_in_portuguese(state, status, year, process),
    )


def _in_portuguese(state, status, year, process):
    """Brazil's page in Portuguese (Brazil is the member state that speaks it); the other
    states' pages are left to the translation queue, where they show the work still to do."""
    if state["iso"] != "BR" or status != MembershipStatus.MEMBER:
        return {}
    signed = state["iso"] in process["quito_i_signatories"]
    return {
        "slug_pt": "brasil",
        "intro_pt": (
            f"O Brasil é Estado-membro do Processo de Quito desde {year}."
            if year
            else "O Brasil é Estado-membro do Processo de Quito."
        ),
        "body_pt": stream(
            *(
                paragraphs(
                    "O Brasil assinou a Declaração de Quito sobre Mobilidade Humana de Cidadãos "
                    "Venezuelanos na Região em 4 de setembro de 2018."
                )
                if signed
                else []
            )
        ),
        "r4v_platform_name_pt": "Plataforma R4V (regional)",
    }


def as_of_month(value):
    """'2021-06' (a month, as the facts give it) as the first day of that month."""
    year, month = (int(part) for part in value.split("-"))
    return datetime.date(year, month, 1)


def _group_of_friends_page():
    facts = load_facts()["group_of_friends"]
    page = GroupOfFriendsPage(
        title_es="Grupo de Amigos",
        title_en="Group of Friends",
        title_pt="Grupo de Amigos",
        slug_es="grupo-de-amigos",
        slug_en="group-of-friends",
        slug_pt="grupo-de-amigos",
        show_in_menus=True,
        # Not every member is from outside the region (the IDB), and the purpose the facts give
        # is technical and financial support; the list is as of June 2021 (members_as_of).
        intro_es=(
            "Estados y organismos que apoyan técnica y financieramente las medidas acordadas por "
            "los Estados miembros del Proceso de Quito."
        ),
        intro_en=(
            "States and organizations that give technical and financial support to the measures "
            "agreed by the Quito Process member states."
        ),
        members_as_of=as_of_month(facts["as_of"]),
        history_es=(
            "<p>El Grupo de Amigos nació en la V Ronda, celebrada en Bogotá en noviembre de 2019, "
            "y quedó formalmente constituido en la VI Ronda, en Santiago de Chile, en septiembre "
            "de 2020.</p>"
        ),
        history_en=(
            "<p>The Group of Friends was born at Round V, held in Bogotá in November 2019, and was "
            "formally constituted at Round VI, in Santiago de Chile, in September 2020.</p>"
        ),
        purpose_es=(
            "<ul><li>Dar visibilidad a la crisis de desplazamiento venezolano en la agenda "
            "internacional.</li><li>Apoyar técnica y financieramente las medidas acordadas por los "
            "Estados miembros.</li><li>Movilizar la solidaridad internacional, siempre con la "
            "aprobación previa de cada Estado.</li></ul>"
        ),
        purpose_en=(
            "<ul><li>Make the Venezuelan displacement crisis visible on the international "
            "agenda.</li><li>Give technical and financial support to the measures agreed by the "
            "member states.</li><li>Mobilise international solidarity, always with each state's "
            "prior approval.</li></ul>"
        ),
        intro_pt=(
            "Estados e organismos que apoiam técnica e financeiramente as medidas acordadas pelos "
            "Estados-membros do Processo de Quito."
        ),
        history_pt=(
            "<p>O Grupo de Amigos nasceu na V Rodada, realizada em Bogotá em novembro de 2019, e "
            "foi formalmente constituído na VI Rodada, em Santiago do Chile, em setembro de "
            "2020.</p>"
        ),
        purpose_pt=(
            "<ul><li>Dar visibilidade à crise de deslocamento venezuelano na agenda "
            "internacional.</li><li>Apoiar técnica e financeiramente as medidas acordadas pelos "
            "Estados-membros.</li><li>Mobilizar a solidariedade internacional, sempre com a "
            "aprovação prévia de cada Estado.</li></ul>"
        ),
    )
    page.friends = [
        GroupOfFriendsMember(
            sort_order=position,
            kind=member["kind"],
            country=member.get("iso", "") if member["kind"] == FriendKind.STATE else "",
            name_es="" if member["kind"] == FriendKind.STATE else member["es"],
            name_en="" if member["kind"] == FriendKind.STATE else member["en"],
            year_joined=member.get("joined"),
            link=FRIEND_LINKS.get(member.get("code"), ""),
        )
        for position, member in enumerate(facts["members"])
    ]
    return page
