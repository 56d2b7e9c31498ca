"""Where refugees and migrants find help, country by country: the "I need help" page and the help
directory that staff keep (entries.py)."""

from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import path

from core.pages.models import BasePage, PreviewedRoutablePageMixin

from .directory import directory_context, entry_text_response
from .entries import (  # noqa: F401 (the app's models, and what its migrations name)
    ChoiceListField,
    HelpEntry,
    HelpEntryQuerySet,
    keep_entries_of_a_deleted_state,
    stale_before,
    validate_international_number,
)


class HelpPage(PreviewedRoutablePageMixin, BasePage):
    """Plain-language help for refugees and migrants: the help directory, searched by country
    and need with a plain form. Linked from every page's header."""

    # core's header shows this page as its "I need help" link (core imports no section app).
    header_link = True

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("help page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(directory_context(self, request))
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # A country or need that the form never offers: the page says so, and so does the status.
        if getattr(response, "context_data", None) and response.context_data.get("problems"):
            response.status_code = 400
        return response

    @path("<int:entry_id>/text/", name="entry_text")
    def entry_text(self, request, entry_id):
        return entry_text_response(self, request, entry_id)
