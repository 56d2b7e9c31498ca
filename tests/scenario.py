"""The one scenario that the tests of listings, feeds, the API, search and privacy start from: a
small Quito Process site, built once per module, with each module's additions.

    def build_site():
        quito = QuitoSite(states=["EC", "PE", "CO"], rounds=2)   # home, member states, rounds
        quito.add_thematic_areas()                             # Education and Health
        quito.add_library()                                    # documents with one declaration
        quito.add_news()                                       # news with one item
        quito.add_meetings()                                   # calendar with one meeting
        ...                                                     # what the module adds
        return quito

    site_built, site = scenario(build_site)   # fixtures: `site.home`, `site.states["PE"]`...

The site is built in a transaction rolled back at the module's end; each test runs in a
savepoint inside it (as Django's TestCase.setUpTestData does), so what one test writes is gone
before the next. `fresh(page)` reads a page again from the database; `restrict(page)` puts it
behind a privacy restriction.
"""

import datetime

import pytest
from django.db import transaction
from wagtail.models import PageViewRestriction

from .conftest import make_home
from .factories import (
    HelpPageFactory,
    MeetingPageFactory,
    MeetingsIndexPageFactory,
    MemberStatePageFactory,
    MemberStatesIndexPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    OrganizationPageFactory,
    OrganizationsIndexPageFactory,
    PublicationPageFactory,
    PublicationsIndexPageFactory,
    RoundPageFactory,
    RoundsIndexPageFactory,
    ThematicAreaPageFactory,
    ThematicAreasIndexPageFactory,
)

PASSWORD = "clave"  # noqa: S105 - the password of every restricted page in the tests


class QuitoSite:
    """The pages of the scenario, by what they are to a visitor; modules add attributes."""

    def __init__(self, states=("EC", "CO", "PE"), rounds=2, state_fields=None, round_fields=None):
        """The home page, the member states (country codes; `state_fields` maps a code to extra
        fields, figures say) and `rounds` rounds numbered from 1 (`round_fields` maps a number to
        extra fields)."""
        state_fields, round_fields = state_fields or {}, round_fields or {}
        self.home = make_home()
        self.states_index = MemberStatesIndexPageFactory(
            parent=self.home, slug_es="estados-miembros", slug_en="member-states"
        )
        self.states = {
            code: MemberStatePageFactory(
                parent=self.states_index, country=code, **state_fields.get(code, {})
            )
            for code in states
        }
        self.rounds_index = RoundsIndexPageFactory(parent=self.home)
        self.rounds = {
            number: RoundPageFactory(
                parent=self.rounds_index, number=number, **round_fields.get(number, {})
            )
            for number in range(1, rounds + 1)
        }

    def add_thematic_areas(self):
        """Education and Health."""
        self.areas_index = ThematicAreasIndexPageFactory(parent=self.home)
        self.education = ThematicAreaPageFactory(
            parent=self.areas_index,
            title_es="Educación",
            title_en="Education",
            slug_es="educacion",
            slug_en="education",
        )
        self.health = ThematicAreaPageFactory(
            parent=self.areas_index,
            title_es="Salud",
            title_en="Health",
            slug_es="salud",
            slug_en="health",
        )
        return self

    def add_organizations(self):
        """UNHCR and IOM, with their names and acronyms in each language."""
        self.organizations_index = OrganizationsIndexPageFactory(
            parent=self.home, slug_es="organizaciones", slug_en="organizations"
        )
        self.unhcr = OrganizationPageFactory(
            parent=self.organizations_index,
            title_es="Alto Comisionado de las Naciones Unidas para los Refugiados",
            title_en="Office of the United Nations High Commissioner for Refugees",
            slug_es="acnur",
            slug_en="unhcr",
            acronym_es="ACNUR",
            acronym_en="UNHCR",
        )
        self.iom = OrganizationPageFactory(
            parent=self.organizations_index,
            title_es="Organización Internacional para las Migraciones",
            title_en="International Organization for Migration",
            slug_es="oim",
            slug_en="iom",
            acronym_es="OIM",
            acronym_en="IOM",
        )
        return self

    def add_library(self, **declaration):
        """The documents library with one joint declaration (adopted in Quito, signed by every
        state); `declaration` overrides its fields."""
        self.library = PublicationsIndexPageFactory(parent=self.home)
        self.declaration = PublicationPageFactory(parent=self.library, **declaration)
        self.declaration.signatories.add(*self.states.values())
        self.declaration.save()
        return self

    def add_news(self, **item):
        """The news index with one item; `item` overrides its fields."""
        self.news_index = NewsIndexPageFactory(
            parent=self.home,
            intro_es="Lo que ocurre en el Proceso de Quito.",
            intro_en="What happens in the Quito Process.",
        )
        self.news_item = NewsPageFactory(parent=self.news_index, **item)
        return self

    def add_meetings(self, **meeting):
        """The meetings calendar with one plenary a month from today; `meeting` overrides it."""
        self.meetings_index = MeetingsIndexPageFactory(
            parent=self.home,
            intro_es="Las reuniones del Proceso de Quito.",
            intro_en="The meetings of the Quito Process.",
        )
        self.meeting = MeetingPageFactory(parent=self.meetings_index, **meeting)
        return self

    def add_help_page(self):
        """The "I need help" page (its directory's entries are each test's own)."""
        self.help_page = HelpPageFactory(parent=self.home)
        return self

    # Read as a mapping of names to pages too: `site["home"]`, `for name in site`.
    def __getitem__(self, name):
        return getattr(self, name)

    def __iter__(self):
        return iter(vars(self))


def scenario(build, read=None, name="site"):
    """The module's fixtures `site_built` and `site` (or another `name`): `build()` run once for
    the module, in a transaction rolled back at its end; each test reads it inside a savepoint of
    its own (the `db` fixture), through `read(built)` when given (to read pages afresh for each
    test, say)."""

    @pytest.fixture(scope="module", name="site_built")
    def built(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), transaction.atomic():
            yield build()
            transaction.set_rollback(True)

    @pytest.fixture(name=name)
    def site(site_built, db):
        return read(site_built) if read else site_built

    return built, site


def fresh(page):
    """The page as the database has it now: the module's objects stay as built for the next
    tests."""
    return type(page).objects.get(pk=page.pk)


def restrict(page, kind=PageViewRestriction.PASSWORD, groups=()):
    """Put `page` (and so its descendants) behind a privacy restriction: a password (PASSWORD),
    a login, or membership of `groups` (a new group "Delegations" when none is given)."""
    from django.contrib.auth.models import Group

    restriction = PageViewRestriction.objects.create(
        page=page,
        restriction_type=kind,
        password=PASSWORD if kind == PageViewRestriction.PASSWORD else "",
    )
    if kind == PageViewRestriction.GROUPS:
        restriction.groups.set(groups or [Group.objects.get_or_create(name="Delegations")[0]])
    return restriction


def day(offset, today=None):
    """A date `offset` days from the site's today."""
    from .factories import site_today

    return (today or site_today()) + datetime.timedelta(days=offset)
