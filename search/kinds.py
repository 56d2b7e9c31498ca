"""The kinds of search results a visitor can filter by, from the page types (named by string:
this app imports no section app). A page type not named here is an "other page"."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    key: str
    label: Promise  # one result's kind
    plural: Promise  # the filter
    models: tuple = ()


KINDS = [
    Kind("member_state", _("Member state"), _("Member states"), ("members.MemberStatePage",)),
    Kind("publication", _("Publication"), _("Publications"), ("publications.PublicationPage",)),
    Kind("news", _("News item"), _("News"), ("news.NewsPage",)),
    Kind("meeting", _("Meeting"), _("Meetings"), ("events.MeetingPage",)),
    Kind("round", _("Round"), _("Rounds"), ("rounds.RoundPage",)),
    Kind(
        "thematic_area",
        _("Thematic area"),
        _("Thematic areas"),
        ("thematic_areas.ThematicAreaPage",),
    ),
    Kind(
        "organization",
        _("International organization"),
        _("International organizations"),
        ("organizations.OrganizationPage",),
    ),
    Kind("page", _("Page"), _("Other pages")),
]
BY_KEY = {kind.key: kind for kind in KINDS}
DEFAULT = "page"
_BY_MODEL = {label.lower(): kind.key for kind in KINDS for label in kind.models}


def kind_of(model):
    """The kind key of a page model (its class or an instance)."""
    return _BY_MODEL.get(model._meta.label_lower, DEFAULT)
