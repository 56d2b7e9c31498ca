from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from wagtail.models import Page

from .status import sections, untranslated_pages


def translation_status(request):
    section_id = request.GET.get("section", "")
    section = get_object_or_404(Page, pk=section_id) if section_id.isdigit() else None
    return TemplateResponse(
        request,
        "translations/translation_status.html",
        {"rows": untranslated_pages(section), "sections": sections(), "section": section},
    )
