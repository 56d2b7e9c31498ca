"""The home page: what the Quito Process is, told from the other sections' content."""

from django.db import models
from django.templatetags.static import static
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultipleChooserPanel
from wagtail.models import Orderable

from core.pages.models import BasePage
from core.pages.navigation import help_page, menu_section
from events.models import next_meeting
from figures.models import latest
from members.maps import region_map
from members.models import membership_summary, shown_member_states
from news.models import NewsIndexPage, latest_news
from publications.models import PublicationsIndexPage, latest_publications
from rounds.models import current_round
from thematic_areas.models import featured_areas


class HomePage(BasePage):
    content_panels = [
        *BasePage.content_panels,
        # The region's figures as published (R4V), dated records (figures app): the page shows
        # the latest, never a sum of country figures of different dates.
        InlinePanel(
            "regional_figures",
            label=_("Regional figures"),
            help_text=_(
                "Figures for the whole region as the source published them. Add a row for each "
                "new figure and keep the earlier ones: the home page shows the latest."
            ),
        ),
        MultipleChooserPanel(
            "featured_areas",
            chooser_field_name="area",
            label=_("Featured thematic areas"),
            help_text=_(
                "Shown on the home page. When none is chosen, the first six areas are shown."
            ),
        ),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "core.StandardPage",
        "members.MemberStatesIndexPage",
        "members.GroupOfFriendsPage",
        "secretariat.TechnicalSecretariatPage",
        "organizations.OrganizationsIndexPage",
        "rounds.RoundsIndexPage",
        "thematic_areas.ThematicAreasIndexPage",
        "publications.PublicationsIndexPage",
        "events.MeetingsIndexPage",
        "news.NewsIndexPage",
        "getting_help.HelpPage",
    ]
    max_count = 1

    @cached_property
    def regional_figure(self):
        """The latest regional record of refugees and migrants hosted, or None."""
        return latest(self.regional_figures.all())

    def structured_data(self, context):
        """The Quito Process as an organization (founded in Quito on 4 September 2018)."""
        request = context.get("request")
        absolute = request.build_absolute_uri if request is not None else str
        return {
            "@type": "Organization",
            "name": self.title,
            "description": self.intro,
            "url": absolute(self.url),
            "logo": absolute(static("img/logo.svg")),
            "foundingDate": "2018-09-04",
            "foundingLocation": {"@type": "Place", "name": "Quito, Ecuador"},
        }

    def get_context(self, request, *args, **kwargs):
        # The home page tells the story from the other sections' content, never typed twice.
        def sections():
            states = shown_member_states()
            return {
                "latest_publications": list(latest_publications()),
                "next_meeting": next_meeting(),
                "latest_news": list(latest_news(3)),
                "summary": membership_summary(states),
                "region_map": region_map(states),
                "current_round": current_round(),
                "featured_areas": list(featured_areas(self)),
            }

        context = super().get_context(request, *args, **kwargs)
        # The header's "I need help" page, from the menu's pages (no query of its own).
        context["help_page"] = help_page(request)
        context["news_index"] = menu_section(request, NewsIndexPage)
        context["library"] = menu_section(request, PublicationsIndexPage)
        # What the other sections say, remembered per generation of the page cache and per day
        # (the next meeting, the current round).
        context.update(self.remembered_in_process("home-sections", sections))
        return context

    class Meta:
        verbose_name = _("home page")


class HomeFeaturedArea(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_areas")
    area = models.ForeignKey(
        "thematic_areas.ThematicAreaPage",
        verbose_name=_("thematic area"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("area")]

    class Meta(Orderable.Meta):
        verbose_name = _("featured thematic area")
