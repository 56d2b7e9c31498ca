"""The Technical Secretariat: who runs the Quito Process day to day."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.pages.blocks import RICH_TEXT_FEATURES
from core.pages.models import BasePage
from core.pages.visibility import shown_linked, with_shown_relations


class TechnicalSecretariatPage(BasePage):
    functions = RichTextField(_("functions"), blank=True, features=RICH_TEXT_FEATURES)
    based_in = models.CharField(
        _("where it is based"),
        max_length=255,
        blank=True,
        help_text=_("For example: Panama City (UNHCR and IOM regional offices)."),
    )
    history = RichTextField(_("how it came about"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel("coordinators", label=_("Coordinating organizations"), min_num=0),
        FieldPanel("functions"),
        FieldPanel("based_in"),
        FieldPanel("history"),
        InlinePanel("team", label=_("Permanent team")),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("functions"),
        index.SearchField("history"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("Technical Secretariat page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.remembered_in_process("secretariat", self.coordinators_and_team))
        return context

    def coordinators_and_team(self):
        # Organizations that were unpublished, restricted or deleted drop out instead of breaking
        # the page; a team member whose agency is not shown stays, without the agency.
        return {
            "coordinators": shown_linked(self.coordinators, "organization"),
            "team": with_shown_relations(
                self.team.select_related("organization", "photo"), "organization"
            ),
        }


class SecretariatCoordinator(Orderable):
    page = ParentalKey(
        TechnicalSecretariatPage, on_delete=models.CASCADE, related_name="coordinators"
    )
    organization = models.ForeignKey(
        "organizations.OrganizationPage",
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="secretariat_coordinations",
    )

    panels = [FieldPanel("organization")]

    class Meta(Orderable.Meta):
        verbose_name = _("coordinating organization")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "organization"], name="unique_secretariat_coordinator"
            )
        ]


class SecretariatRole(Orderable):
    page = ParentalKey(TechnicalSecretariatPage, on_delete=models.CASCADE, related_name="team")
    role = models.CharField(_("role"), max_length=255)
    organization = models.ForeignKey(
        "organizations.OrganizationPage",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="secretariat_roles",
    )
    person_name = models.CharField(_("person's name"), max_length=255, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    email = models.EmailField(_("contact e-mail"), blank=True)

    panels = [
        FieldPanel("role"),
        FieldRowPanel([FieldPanel("organization"), FieldPanel("person_name")]),
        FieldRowPanel([FieldPanel("photo"), FieldPanel("email")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("role in the permanent team")

    @property
    def live_organization(self):
        """The agency, unless its page has been unpublished (or, when loaded by the secretariat's
        page, is one the public site may not show: see core/pages/visibility.py)."""
        organization = self.organization
        return organization if organization is not None and organization.live else None
