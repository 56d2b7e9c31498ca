"""One sitemap per language, each URL with its alternates in every language, and an index."""

from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from wagtail.models import Site

from .i18n import default_language, language_codes, page_url_in
from .visibility import shown_pages


def sitemap_index(request):
    sitemaps = []
    for code in language_codes():
        with translation.override(code):
            sitemaps.append(request.build_absolute_uri(reverse("language_sitemap")))
    return TemplateResponse(
        request, "sitemaps/index.xml", {"sitemaps": sitemaps}, content_type="application/xml"
    )


def language_sitemap(request):
    """Every page the public site may show (live, under no privacy restriction of its own or an
    ancestor's: see visibility.py) in the active language (the URL's prefix)."""
    language = translation.get_language()
    site = Site.find_for_request(request)
    pages = (
        shown_pages(site.root_page.get_descendants(inclusive=True)).order_by("path") if site else []
    )
    entries = []
    for page in pages:
        urls = {
            code: request.build_absolute_uri(page_url_in(page, code, request))
            for code in language_codes()
        }
        entries.append(
            {
                "loc": urls[language],
                "lastmod": page.last_published_at,
                "alternates": sorted(urls.items()),
                "x_default": urls[default_language()],
            }
        )
    return TemplateResponse(
        request, "sitemaps/language.xml", {"entries": entries}, content_type="application/xml"
    )
