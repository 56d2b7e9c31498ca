"""Thematic areas: lines of work, each led by member states with support from agencies.

An app of its own rather than part of rounds/: an area runs across many rounds and is linked to
member states and organizations as much as to rounds.
"""

from collections import defaultdict

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, MultipleChooserPanel
from wagtail.models import Orderable, Page

from core.pages.models import BasePage, SectionIndexPage
from core.pages.navigation import help_page
from core.pages.visibility import shown_linked, shown_pages, shown_q
from events.models import MeetingPage
from getting_help.choices import Need
from getting_help.directory import region_wide_entries


class ThematicAreasIndexPage(SectionIndexPage):
    subpage_types = ["thematic_areas.ThematicAreaPage"]

    class Meta:
        verbose_name = _("thematic areas index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["areas"] = self.remembered_in_process("areas", self.shown_areas)
        return context

    def shown_areas(self):
        areas = list(shown_pages(ThematicAreaPage.objects.child_of(self)).defer_streamfields())
        # Leads and supporters of every area in two queries, not two per area; only the states
        # and organizations the public site may show.
        leads = ThematicAreaLead.objects.filter(
            shown_q("member_state"), page__in=areas
        ).select_related("member_state")
        supporters = ThematicAreaSupporter.objects.filter(
            shown_q("organization"), page__in=areas
        ).select_related("organization")
        lead_states, supporting_organizations = defaultdict(list), defaultdict(list)
        for link in leads:
            lead_states[link.page_id].append(link.member_state)
        for link in supporters:
            supporting_organizations[link.page_id].append(link.organization)
        for area in areas:
            area.lead_states = lead_states[area.pk]
            area.supporting_organizations = supporting_organizations[area.pk]
        return areas


class ThematicAreaPage(BasePage):
    # The one place an area meets the help directory: the need whose entries its page lists.
    help_need = models.CharField(
        _("need in the help directory"),
        max_length=20,
        choices=Need.choices,
        blank=True,
        help_text=_(
            "The page lists the help directory's entries for this need. Leave empty when no need "
            "of the list fits the area."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("help_need"),
        MultipleChooserPanel(
            "leads", chooser_field_name="member_state", label=_("Lead member states")
        ),
        MultipleChooserPanel(
            "supporters", chooser_field_name="organization", label=_("Supporting organizations")
        ),
        FieldPanel("body"),
        MultipleChooserPanel("round_links", chooser_field_name="round", label=_("Related rounds")),
    ]

    parent_page_types = ["thematic_areas.ThematicAreasIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("thematic area page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.remembered_in_process("area-sections", self.derived_sections))
        context["help_page"] = help_page(request)
        return context

    def derived_sections(self):
        """The states, organizations and rounds it names, the meetings of those rounds, the help
        directory's entries for its need, and what the library and the news say of it."""
        related_rounds = sorted(
            shown_linked(self.round_links, "round"), key=lambda round_page: round_page.number
        )
        sections = {
            "lead_states": shown_linked(self.leads, "member_state"),
            "supporting_organizations": shown_linked(self.supporters, "organization"),
            "related_rounds": related_rounds,
            # Meetings name no area: those of the rounds related to it are the ones known.
            "meetings": (
                list(
                    MeetingPage.objects.filter(round__in=[r.pk for r in related_rounds])
                    .chronological()
                    .listing()
                )
                if related_rounds
                else []
            ),
            "help_entries": region_wide_entries(self.help_need) if self.help_need else [],
        }
        if self.pk is not None:  # the library's publications on this area (reverse relation)
            sections["publications"] = list(self.publications.for_listing(with_files=False))
            sections["news_items"] = list(self.news_items.for_listing()[:3])
        return sections


def featured_areas(home, limit=6):
    """The areas the home page features, or the first ones when the editors chose none (or none
    of those chosen may be shown)."""
    links = home.featured_areas.all()
    if not isinstance(links, models.QuerySet):  # a preview: the editor's choice is in memory
        featured = shown_linked(links, "area")
        return featured or list(
            shown_pages(ThematicAreaPage.objects).defer_streamfields().order_by("path")[:limit]
        )
    # One query: every shown area, those chosen first in the editors' order.
    chosen_order = links.filter(area=models.OuterRef("pk")).values("sort_order")[:1]
    areas = list(
        shown_pages(ThematicAreaPage.objects)
        .defer_streamfields()
        .annotate(featured_order=models.Subquery(chosen_order))
        .order_by(models.F("featured_order").asc(nulls_last=True), "path")
    )
    featured = [area for area in areas if area.featured_order is not None]
    return featured or areas[:limit]


class ThematicAreaLead(Orderable):
    page = ParentalKey(ThematicAreaPage, on_delete=models.CASCADE, related_name="leads")
    member_state = models.ForeignKey(
        "members.MemberStatePage",
        verbose_name=_("member state"),
        on_delete=models.CASCADE,
        related_name="thematic_area_leads",
    )

    panels = [FieldPanel("member_state")]

    class Meta(Orderable.Meta):
        verbose_name = _("lead member state")


class ThematicAreaSupporter(Orderable):
    page = ParentalKey(ThematicAreaPage, on_delete=models.CASCADE, related_name="supporters")
    organization = models.ForeignKey(
        "organizations.OrganizationPage",
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="thematic_area_supports",
    )

    panels = [FieldPanel("organization")]

    class Meta(Orderable.Meta):
        verbose_name = _("supporting organization")


class ThematicAreaRound(Orderable):
    page = ParentalKey(ThematicAreaPage, on_delete=models.CASCADE, related_name="round_links")
    round = models.ForeignKey(
        "rounds.RoundPage",
        verbose_name=_("round"),
        on_delete=models.CASCADE,
        related_name="thematic_area_links",
    )

    panels = [FieldPanel("round")]

    class Meta(Orderable.Meta):
        verbose_name = _("related round")
