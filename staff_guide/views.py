"""The guide's pages in the admin: its contents and one page per topic, in the admin user's
language (Wagtail's admin URLs require admin access and activate the user's preferred language,
and render the response inside it)."""

from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from . import guide

MENU_LABEL = _("Portal guide")


@require_GET
def index(request):
    language = get_language()
    return TemplateResponse(
        request, "staff_guide/index.html", {"topics": guide.topics(language), "language": language}
    )


@require_GET
def topic(request, slug):
    language = get_language()
    found = guide.topic(slug, language)
    if found is None:
        # Rendered here rather than raised as Http404: the site's 404 page would be in the
        # visitor's language, not in the admin user's.
        return TemplateResponse(request, "staff_guide/not_found.html", status=404)
    return TemplateResponse(
        request, "staff_guide/topic.html", {"topic": found, "language": language}
    )
