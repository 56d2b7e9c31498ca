"""Sitemaps through django.contrib.sitemaps: /sitemap.xml is an index of one sitemap per language
(/es/sitemap.xml, /en/sitemap.xml), for the languages visitors see (core/i18n/launch.py); each lists
every shown page that has a title in its language, with hreflang alternates in the languages the
page has, and x-default on the default language's URL. Views that are not Wagtail pages but are
pages to visitors (the data page) are listed too, in every public language, once their app has
called `list_in_sitemaps` (core imports no app)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.urls import reverse
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Site

from core.i18n.languages import is_empty, language_codes, own_value
from core.i18n.launch import public_language_codes
from core.pages.visibility import shown_pages


@dataclass(frozen=True)
class ListedView:
    """A view listed in the sitemaps: its URL name (reversed in each language) and a function
    that gives when its content last changed (a datetime, or None)."""

    url_name: str
    last_modified: Callable


LISTED_VIEWS = []


def list_in_sitemaps(url_name, last_modified):
    """List a view in every language's sitemap (called from its app's ready())."""
    view = ListedView(url_name, last_modified)
    if view not in LISTED_VIEWS:
        LISTED_VIEWS.append(view)


class PageSitemap(Sitemap):
    """The pages the public site may show (live, under no privacy restriction of its own or an
    ancestor's: see visibility.py), listed in one language, then the listed views.

    Django's i18n sitemap activates each language before calling location(), and
    modeltranslation gives each language its own url_path: /es/acerca-de/, /en/about/.
    """

    i18n = True
    alternates = True
    # Django's x-default strips the default language's prefix (/acerca-de/), but Spanish is
    # prefixed too on this site: get_urls() adds x-default on the /es/ URL instead.
    x_default = False

    def __init__(self, language, request):
        self.language = language
        self.request = request
        self.languages = public_language_codes()
        self.site = Site.find_for_request(request)

    def items(self):
        if self.site is None:
            return []
        pages = shown_pages(self.site.root_page.get_descendants(inclusive=True))
        # A page with no title of its own in this language is not listed as written in it.
        title = build_localized_fieldname("title", self.language)
        pages = pages.exclude(**{f"{title}__isnull": True}).exclude(**{title: ""})
        return [*pages.order_by("path"), *LISTED_VIEWS]

    def get_languages_for_item(self, page):
        if isinstance(page, ListedView):  # a view's texts come from the catalogs: every language
            return self.languages
        return [code for code in self.languages if not is_empty(own_value(page, "title", code))]

    def _items(self):
        # Django lists every page in every language; this sitemap lists its own language only
        # (the alternates still name every language: get_languages_for_item()).
        return [(page, self.language) for page in self.items()]

    def location(self, page):
        if isinstance(page, ListedView):
            return reverse(page.url_name)
        return page.get_url(request=self.request)

    def lastmod(self, page):
        if isinstance(page, ListedView):
            return page.last_modified()
        return page.last_published_at

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            for alternate in list(url["alternates"]):
                if alternate["lang_code"] == settings.LANGUAGE_CODE:
                    url["alternates"].append({**alternate, "lang_code": "x-default"})
        return urls


def page_sitemaps(request):
    """One sitemap per language, keyed by language code (the `section` of Django's views)."""
    return {code: PageSitemap(code, request) for code in public_language_codes()}


def sitemap_index(request):
    return sitemap_views.index(request, page_sitemaps(request), sitemap_url_name="language_sitemap")


def language_sitemap(request, section):
    # A language in preparation has no sitemap (Django's view answers 404 for an unknown section).
    return sitemap_views.sitemap(request, page_sitemaps(request), section=section)


def language_sitemap_pattern():
    """`es/sitemap.xml`, `en/sitemap.xml`, ...: the section is the language prefix."""
    return r"^(?P<section>{})/sitemap\.xml$".format("|".join(language_codes()))
