"""The international organizations that support the Quito Process."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from core.i18n.dates import DatePrecision, PreciseDatesMixin, precision_field
from core.i18n.languages import own_value
from core.pages.blocks import RICH_TEXT_FEATURES
from core.pages.models import BasePage, SectionIndexPage
from core.pages.text import says_nothing_more
from core.pages.visibility import shown_linked, shown_pages, shown_q


class OrganizationKind(models.TextChoices):
    UN_AGENCY = "un_agency", _("United Nations agency")
    REGIONAL_BODY = "regional_body", _("Regional body")
    FINANCIAL_INSTITUTION = "financial_institution", _("Financial institution")
    OTHER = "other", _("Other")


# Headings of the index page's groups.
KIND_PLURALS = {
    OrganizationKind.UN_AGENCY: _("United Nations agencies"),
    OrganizationKind.REGIONAL_BODY: _("Regional bodies"),
    OrganizationKind.FINANCIAL_INSTITUTION: _("Financial institutions"),
    OrganizationKind.OTHER: _("Other organizations"),
}


class OrganizationsIndexPage(SectionIndexPage):
    subpage_types = ["organizations.OrganizationPage"]

    class Meta:
        verbose_name = _("international organizations index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["groups"] = self.remembered_in_process("groups", self.grouped_organizations)
        return context

    def grouped_organizations(self):
        organizations = list(
            shown_pages(OrganizationPage.objects.child_of(self))
            .defer_streamfields()
            .select_related("logo")
        )
        coordinator_ids = secretariat_coordinator_ids()
        for organization in organizations:
            organization.coordinates_secretariat = organization.pk in coordinator_ids
        # The Secretariat's coordinators first, then each kind in the order of its choices.
        groups = []
        coordinators = [o for o in organizations if o.coordinates_secretariat]
        if coordinators:
            groups.append(
                {
                    "key": "coordinators",
                    "label": _("Technical Secretariat coordinators"),
                    "items": coordinators,
                }
            )
        others = [o for o in organizations if not o.coordinates_secretariat]
        for kind in OrganizationKind:
            items = [o for o in others if o.kind == kind]
            if items:
                groups.append({"key": kind.value, "label": KIND_PLURALS[kind], "items": items})
        return groups


def secretariat_coordinator_ids():
    """Organizations named as coordinators by a Technical Secretariat page that the public site
    may show (live, not restricted), in one query, through the secretariat's reverse relation."""
    return set(
        OrganizationPage.objects.filter(shown_q("secretariat_coordinations__page"))
        .values_list("pk", flat=True)
        .distinct()
    )


class OrganizationPage(PreciseDatesMixin, BasePage):
    acronym = models.CharField(
        _("acronym"), max_length=30, help_text=_("For example ACNUR / UNHCR.")
    )
    name_in_a_sentence = models.CharField(
        _("name in a sentence"),
        max_length=60,
        blank=True,
        help_text=_(
            "How a sentence names it, with its article where the language needs one: "
            "«el ACNUR», «la OIM»; «UNHCR». Empty: the acronym."
        ),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=OrganizationKind.choices)
    founded_on = models.DateField(
        _("date founded"),
        null=True,
        blank=True,
        help_text=_("When only the year is known, enter any day of it and choose 'Year only'."),
    )
    founded_precision = precision_field(_("precision of the date founded"))
    founded_by = models.CharField(_("founded by"), max_length=255, blank=True)
    mandate = RichTextField(_("mandate"), blank=True, features=RICH_TEXT_FEATURES)
    role = RichTextField(_("role in the Quito Process"), blank=True, features=RICH_TEXT_FEATURES)
    website = models.URLField(_("website"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("acronym"), FieldPanel("kind")]),
        FieldPanel("name_in_a_sentence"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("founded_on"), FieldPanel("founded_precision")]),
                FieldPanel("founded_by"),
            ],
            heading=_("Foundation"),
        ),
        FieldPanel("mandate"),
        FieldPanel("role"),
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("website"), FieldPanel("logo")]),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("acronym"),
        index.SearchField("intro"),
        index.SearchField("mandate"),
        index.SearchField("role"),
    ]

    parent_page_types = ["organizations.OrganizationsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("international organization page")

    precise_dates = (("founded_on", "founded_precision"),)

    def clean(self):
        # A year alone is stored as 1 January so that dates still sort (PreciseDatesMixin).
        super().clean()
        if self.founded_by and not self.founded_on:
            raise ValidationError({"founded_on": _("Give the date founded.")})

    @property
    def founded_year_only(self):
        return self.founded_precision == DatePrecision.YEAR

    @property
    def mandate_repeats_intro(self):
        """The mandate says nothing the lead has not said: the page does not repeat it."""
        return says_nothing_more(self.mandate, self.intro)

    def sentence_subject(self):
        """The name that starts a sentence in the active language: "La OIM", "El ACNUR", "IOM".
        No fallback to another language: Spanish articles do not belong in English."""
        return capfirst(own_value(self, "name_in_a_sentence") or self.acronym)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.pk is None:  # the preview of a page not saved yet: nothing points at it
            return context
        context.update(self.remembered_in_process("organization-sections", self.derived_sections))
        return context

    def derived_sections(self):
        # Derived from the Technical Secretariat's list of coordinators, never typed twice.
        secretariats = shown_linked(self.secretariat_coordinations, "page")
        return {
            "secretariat_page": secretariats[0] if secretariats else None,
            "thematic_areas_supported": shown_linked(self.thematic_area_supports, "page"),
        }
