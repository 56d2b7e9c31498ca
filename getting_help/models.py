"""Where refugees and migrants find help, country by country: the "I need help" page."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable

from core.i18n.languages import collation_key
from core.pages.models import BasePage


class HelpPage(BasePage):
    """Plain-language help for refugees and migrants: whom to ask, in the whole region and in
    each country. Linked from every page's header."""

    # core's header shows this page as its "I need help" link (core imports no section app).
    header_link = True

    content_panels = [
        *BasePage.content_panels,
        InlinePanel("contacts", heading=_("Where to find help"), label=_("Help contact")),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("help page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        contacts = list(self.contacts.all())
        by_country = {}
        for contact in contacts:
            if contact.country:
                by_country.setdefault(contact.country.code, []).append(contact)
        context["regional_contacts"] = [c for c in contacts if not c.country]
        # Countries in the alphabetical order of the visitor's language.
        context["countries"] = sorted(
            (
                {"code": code, "name": items[0].country.name, "contacts": items}
                for code, items in by_country.items()
            ),
            key=lambda country: collation_key(country["name"]),
        )
        return context


class HelpContact(Orderable):
    page = ParentalKey(HelpPage, on_delete=models.CASCADE, related_name="contacts")
    country = CountryField(
        _("country"), blank=True, help_text=_("Leave empty for help anywhere in the region.")
    )
    organization = models.CharField(_("organization"), max_length=255)
    helps_with = models.TextField(
        _("what it helps with"), help_text=_("In plain words: who can ask, and for what.")
    )
    url = models.URLField(_("web address"), blank=True)
    address = models.TextField(_("address"), blank=True)

    panels = [
        FieldPanel("country"),
        FieldPanel("organization"),
        FieldPanel("helps_with"),
        FieldPanel("url"),
        FieldPanel("address"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("help contact")
