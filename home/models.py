"""The home page: what the Quito Process is, told from the other sections' content."""

from django.db import models
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, MultipleChooserPanel
from wagtail.models import Orderable

from core.models import BasePage, require_date_of_figure
from core.navigation import help_page, menu_section


class HomePage(BasePage):
    # The region's figure as published (R4V), never a sum of country figures of different dates.
    regional_figure = models.PositiveIntegerField(
        _("refugees and migrants from Venezuela in Latin America and the Caribbean"),
        null=True,
        blank=True,
        help_text=_("As published by the source, for the whole region."),
    )
    regional_figure_as_of = models.DateField(
        _("date of the regional figure"),
        null=True,
        blank=True,
        help_text=_("The month the figure refers to (any day of that month)."),
    )
    regional_figure_source_url = models.URLField(_("source of the regional figure"), blank=True)

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("regional_figure"),
                FieldPanel("regional_figure_as_of"),
                FieldPanel("regional_figure_source_url"),
            ],
            heading=_("Regional figure"),
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

    def clean(self):
        super().clean()
        require_date_of_figure(
            self.regional_figure, self.regional_figure_as_of, "regional_figure_as_of"
        )

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
        from events.models import next_meeting
        from members.maps import region_map
        from members.models import membership_summary, shown_member_states
        from news.models import NewsIndexPage, latest_news
        from publications.models import PublicationsIndexPage, latest_publications
        from rounds.models import current_round
        from thematic_areas.models import featured_areas

        context = super().get_context(request, *args, **kwargs)
        # The header's "I need help" page, from the menu's pages (no query of its own).
        context["help_page"] = help_page(request)
        context["latest_publications"] = latest_publications()
        context["next_meeting"] = next_meeting()
        context["latest_news"] = latest_news(3)
        context["news_index"] = menu_section(request, NewsIndexPage)
        context["library"] = menu_section(request, PublicationsIndexPage)
        states = shown_member_states()
        context["summary"] = membership_summary(states)
        context["region_map"] = region_map(states)
        context["current_round"] = current_round()
        context["featured_areas"] = featured_areas(self)
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
