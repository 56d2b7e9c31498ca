"""The help directory in the admin: a list of entries with search and filters (country, need,
shown, to verify), a clear form, and the dashboard's list of entries to verify."""

import django_filters
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core.i18n.languages import collation_key

from .choices import Need
from .models import ChoiceListField, HelpEntry, stale_before

REGION = "region"
YES, NO = "yes", "no"
# The dashboard names this many entries to verify; the listing's filter shows them all.
DASHBOARD_ENTRIES = 10


def country_choices():
    states = HelpEntry._meta.get_field("country").related_model.objects.all()
    return [(REGION, _("Anywhere in the region"))] + sorted(
        ((str(state.pk), state.title) for state in states),
        key=lambda choice: collation_key(choice[1]),
    )


class HelpEntryFilterSet(WagtailFilterSet):
    country = django_filters.ChoiceFilter(label=_("Country"), method="filter_country")
    need = django_filters.ChoiceFilter(label=_("Need"), choices=Need.choices, method="filter_need")
    shown = django_filters.ChoiceFilter(
        label=_("Shown on the site"),
        choices=[(YES, _("Shown")), (NO, _("Hidden"))],
        method="filter_shown",
    )
    to_verify = django_filters.ChoiceFilter(
        label=_("Verification"),
        choices=[(YES, _("Not verified for six months, or never"))],
        method="filter_to_verify",
    )

    class Meta:
        model = HelpEntry
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["country"].extra["choices"] = country_choices()

    def filter_country(self, queryset, name, value):
        if value == REGION:
            return queryset.filter(country=None)
        return queryset.filter(country_id=value)

    def filter_need(self, queryset, name, value):
        return queryset.filter(ChoiceListField.has_key("needs", value))

    def filter_shown(self, queryset, name, value):
        return queryset.filter(shown=value == YES)

    def filter_to_verify(self, queryset, name, value):
        return queryset.stale() if value == YES else queryset


def country_label(entry):
    return entry.country.title if entry.country_id else _("Anywhere in the region")


def verification_label(entry):
    return entry.verified_text


class HelpEntryViewSet(SnippetViewSet):
    model = HelpEntry
    icon = "help"
    menu_label = _("Help directory")
    add_to_admin_menu = True
    menu_order = 250
    filterset_class = HelpEntryFilterSet
    # The database's own search over both languages' texts (no search index to keep).
    search_backend_name = None
    search_fields = ["organization_es", "organization_en", "offer_es", "offer_en", "staff_note"]
    list_display = [
        "organization",
        Column("country", label=_("Country"), accessor=country_label),
        Column("needs", label=_("Needs"), accessor=lambda e: ", ".join(e.need_labels())),
        Column(
            "last_verified",
            label=_("Verification"),
            accessor=verification_label,
            sort_key="last_verified",
        ),
        BooleanColumn("shown", label=_("Shown")),
    ]
    ordering = ["organization"]

    def get_queryset(self, request):
        return HelpEntry.objects.select_related("country")


register_snippet(HelpEntryViewSet)


def edit_url(entry):
    return reverse(HelpEntry.snippet_viewset.get_url_name("edit"), args=[entry.pk])


class EntriesToVerifyPanel(Component):
    """Dashboard: the help entries not verified for six months (or never), oldest first, each
    with its edit link: visitors see their date, staff should check them."""

    name = "help_entries_to_verify"
    order = 120
    template_name = "getting_help/admin/entries_to_verify_panel.html"

    def __init__(self, entries, total):
        self.entries, self.total = entries, total

    def get_context_data(self, parent_context):
        listing = reverse(HelpEntry.snippet_viewset.get_url_name("list"))
        return {
            "entries": self.entries,
            "total": self.total,
            "listing_url": f"{listing}?to_verify={YES}",
            "since": stale_before(),
        }


@hooks.register("construct_homepage_panels")
def add_entries_to_verify_panel(request, panels):
    if not request.user.has_perm("getting_help.change_helpentry"):
        return
    stale = HelpEntry.objects.stale().select_related("country")
    # Shown entries first (visitors read them now), then the oldest verification.
    entries = list(
        stale.order_by("-shown", F("last_verified").asc(nulls_first=True), "pk")[:DASHBOARD_ENTRIES]
    )
    if entries:
        for entry in entries:
            entry.edit_url = edit_url(entry)
        panels.append(EntriesToVerifyPanel(entries, stale.count()))
