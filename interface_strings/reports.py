import re

from django.db import connection
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from wagtail.models import Page

from .status import sections, untranslated_pages

# An id as the section filter writes it: ASCII digits only. str.isdigit() also accepts "²" and
# other Unicode digits, which int() then refuses (a 500).
PAGE_ID = re.compile(r"[0-9]{1,18}")


def page_id(value):
    """The page id in a query string value, or None when it is not one (or too large for the
    database's id column, which would make the query fail)."""
    if not PAGE_ID.fullmatch(value or ""):
        return None
    number = int(value)
    _smallest, largest = connection.ops.integer_field_range(Page._meta.pk.get_internal_type())
    return number if 0 < number <= largest else None


def translation_status(request):
    """Pages still to translate, all or in one section. A `section` that is not a page id is
    ignored; an id of no page is a 404."""
    section_id = page_id(request.GET.get("section", ""))
    section = get_object_or_404(Page, pk=section_id) if section_id is not None else None
    return TemplateResponse(
        request,
        "interface_strings/translation_status.html",
        {"rows": untranslated_pages(section), "sections": sections(), "section": section},
    )
