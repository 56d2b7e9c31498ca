"""One page of every public page type, the benchmark's and the profiler's list. Imported after
django.setup()."""

from django.utils import translation

from core.pages.models import StandardPage
from events.models import MeetingPage, MeetingsIndexPage
from getting_help.models import HelpPage
from home.models import HomePage
from members.models import GroupOfFriendsPage, MemberStatePage, MemberStatesIndexPage
from news.models import NewsIndexPage, NewsPage
from organizations.models import OrganizationPage, OrganizationsIndexPage
from publications.models import PublicationPage, PublicationsIndexPage
from rounds.models import RoundPage, RoundsIndexPage
from secretariat.models import TechnicalSecretariatPage
from thematic_areas.models import ThematicAreaPage, ThematicAreasIndexPage

# (name, model, language): the languages alternate so that both are measured.
PAGE_TYPES = [
    ("home", HomePage, "es"),
    ("standard page", StandardPage, "en"),
    ("member states index", MemberStatesIndexPage, "es"),
    ("member state", MemberStatePage, "en"),
    ("group of friends", GroupOfFriendsPage, "es"),
    ("organizations index", OrganizationsIndexPage, "en"),
    ("organization", OrganizationPage, "es"),
    ("technical secretariat", TechnicalSecretariatPage, "en"),
    ("rounds index", RoundsIndexPage, "es"),
    ("round", RoundPage, "en"),
    ("thematic areas index", ThematicAreasIndexPage, "es"),
    ("thematic area", ThematicAreaPage, "en"),
    ("publications index", PublicationsIndexPage, "es"),
    ("publication", PublicationPage, "en"),
    ("news index", NewsIndexPage, "es"),
    ("news item", NewsPage, "en"),
    ("meetings index", MeetingsIndexPage, "es"),
    ("meeting", MeetingPage, "en"),
    ("help page", HelpPage, "es"),
]


def page_urls():
    """{name: path} for the first live page of each type, in the order of PAGE_TYPES."""
    urls = {}
    for name, model, language in PAGE_TYPES:
        page = model.objects.live().order_by("path").first()
        if page is not None:
            with translation.override(language):
                urls[name] = page.get_url()
    return urls
