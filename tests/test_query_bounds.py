"""Every public page type renders with at most 12 queries, however many items it lists."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from core.pages.models import FooterSettings

from .factories import (
    COUNTRIES,
    GroupOfFriendsMemberFactory,
    GroupOfFriendsPageFactory,
    HelpEntryFactory,
    MeetingPageFactory,
    MeetingsIndexPageFactory,
    OrganizationPageFactory,
    OrganizationsIndexPageFactory,
    PublicationPageFactory,
    PublicationsIndexPageFactory,
    RoundDocumentFactory,
    RoundPageFactory,
    SecretariatCoordinatorFactory,
    SecretariatRoleFactory,
    StandardPageFactory,
    TechnicalSecretariatPageFactory,
    ThematicAreaLeadFactory,
    ThematicAreaPageFactory,
    ThematicAreaRoundFactory,
    ThematicAreasIndexPageFactory,
    ThematicAreaSupporterFactory,
)
from .scenario import QuitoSite

# A page that gathers what other sections and the help directory say of its subject (a member
# state, a thematic area) takes a query per source; at two sizes, no count may grow with content.
MAX_QUERIES = 13


def build_site(size):
    """The scenario's site, with every list holding `size` items."""
    from wagtail.documents.models import Document

    codes = COUNTRIES[:size]
    quito = QuitoSite(
        states=codes,
        rounds=0,
        state_fields={code: {"status": "observer"} for n, code in enumerate(codes) if n % 7 == 0},
    )
    home, states = quito.home, list(quito.states.values())
    StandardPageFactory(parent=home, slug_es="acerca-de", slug_en="about")
    # The footer links two pages on every page, as the demo's does.
    footer = FooterSettings.for_site(Site.objects.get(is_default_site=True))
    footer.accessibility_page = StandardPageFactory(parent=home, show_in_menus=False)
    footer.privacy_page = StandardPageFactory(parent=home, show_in_menus=False)
    footer.save()
    for state in states:
        state.focal_institutions.create(
            name_es="Cancillería", name_en="Foreign Ministry", sort_order=0
        )
    friends = GroupOfFriendsPageFactory(
        parent=home, slug_es="grupo-de-amigos", slug_en="group-of-friends"
    )
    for n, code in enumerate(COUNTRIES[:size]):
        GroupOfFriendsMemberFactory(page=friends, country=code, sort_order=n)
    orgs_index = OrganizationsIndexPageFactory(
        parent=home, slug_es="organizaciones", slug_en="organizations"
    )
    organizations = [
        OrganizationPageFactory(parent=orgs_index, slug_es=f"org-{n}", slug_en=f"org-{n}")
        for n in range(size)
    ]
    secretariat = TechnicalSecretariatPageFactory(
        parent=home, slug_es="secretaria", slug_en="secretariat"
    )
    for n, organization in enumerate(organizations):
        SecretariatCoordinatorFactory(page=secretariat, organization=organization, sort_order=n)
        SecretariatRoleFactory(page=secretariat, organization=organization, sort_order=n)
    rounds = [
        RoundPageFactory(
            parent=quito.rounds_index,
            number=n + 1,
            host_country=states[n % len(states)],
            presidency=states[0],
        )
        for n in range(size)
    ]
    for n in range(size):
        document = Document.objects.create(title=f"Declaración {n}", file=f"documents/d{n}.pdf")
        RoundDocumentFactory(
            page=rounds[0], document=document, sort_order=n, date=datetime.date(2018, 9, 4)
        )
    areas_index = ThematicAreasIndexPageFactory(parent=home)
    areas = [
        ThematicAreaPageFactory(
            parent=areas_index, slug_es=f"area-{n}", slug_en=f"area-{n}", help_need="education"
        )
        for n in range(size)
    ]
    for n in range(size):  # the help directory's entries: the areas' need, each state's own
        HelpEntryFactory(needs=["education"])
        HelpEntryFactory(country=states[n])
    # Each round's meetings, documents adopted and news, on the areas' and the meetings' pages.
    calendar = MeetingsIndexPageFactory(parent=home)
    library = PublicationsIndexPageFactory(parent=home)
    meetings = [MeetingPageFactory(parent=calendar, round=round_page) for round_page in rounds]
    for _ in range(size):
        PublicationPageFactory(parent=library, round=rounds[0])
    for area in areas:
        for n in range(size):
            ThematicAreaLeadFactory(page=area, member_state=states[n], sort_order=n)
            ThematicAreaSupporterFactory(page=area, organization=organizations[n], sort_order=n)
            ThematicAreaRoundFactory(page=area, round=rounds[n], sort_order=n)
    return {
        "home": "/es/",
        "standard": "/en/about/",
        "member states index": "/es/estados-miembros/",
        "member state": states[0].url,
        "group of friends": "/en/group-of-friends/",
        "organizations index": "/en/organizations/",
        "organization": "/es/organizaciones/org-0/",
        "secretariat": "/es/secretaria/",
        "rounds index": "/en/rounds/",
        "round": "/es/rondas/i-ronda/",
        "thematic areas index": "/en/thematic-areas/",
        "thematic area": "/es/areas-tematicas/area-0/",
        "meetings calendar": "/en/calendar/",
        "meeting": meetings[0].url,
    }


@pytest.mark.parametrize("size", [3, pytest.param(20, marks=pytest.mark.slow)])
def test_every_page_type_renders_within_the_query_budget(client, db, size):
    paths = build_site(size)
    counts = {}
    for name, path in paths.items():
        client.get(path)  # the per-process caches (site root paths) are warm in production
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, path
        counts[name] = len(queries)
    over = {name: count for name, count in counts.items() if count > MAX_QUERIES}
    assert not over, f"over {MAX_QUERIES} queries at size {size}: {over} (all: {counts})"
