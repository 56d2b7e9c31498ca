"""The search page (/es/buscar/, /en/search/): a GET form that needs no script, and its results
in the language of the URL prefix."""

import logging

from django.db import DataError
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views.decorators.http import require_safe
from wagtail.models import Site

from core.i18n.versions import view_language_versions
from core.pages.listing import ListingPage, no_such_page, one_value, requested_page

from . import query as search_query
from .kinds import BY_KEY
from .text import MAX_QUERY_LENGTH, clean_query

logger = logging.getLogger(__name__)


def search_url(language=None, **params):
    """The search page's URL in a language (the active one by default), with parameters."""
    with translation.override(language or translation.get_language()):
        url = reverse("search")
    params = {name: value for name, value in params.items() if value not in ("", None)}
    return f"{url}?{urlencode(params)}" if params else url


def language_versions(request, query, kind):
    """The language switcher's links: the search page in each language, with the same query."""
    return view_language_versions(
        request, lambda code: search_url(code, q=query, kind=kind), canonical_in=search_url
    )


@require_safe
def search(request):
    language = translation.get_language()
    query, was_cut = clean_query(one_value(request.GET, "q"))
    kind = one_value(request.GET, "kind").strip()
    number = requested_page(request.GET)
    if number > 1 and not query:
        raise no_such_page()
    error = ""
    if kind and kind not in BY_KEY:
        error = gettext("There is no such kind of result. Choose one from the list.")
    results = None
    if query and not error:
        site = Site.find_for_request(request)
        try:
            results = search_query.search(
                query,
                language,
                kind=kind,
                number=number,
                root=site.root_page if site else None,
                request=request,
            )
        except DataError:
            # A value the database refused (nothing known reaches here): a message, not a 500.
            logger.warning("Search refused by the database: %r", query, exc_info=True)
            error = gettext("This search could not be run. Try other words.")
    context = {
        "query": query,
        "kind": kind if kind in BY_KEY else "",
        "results": results,
        "was_cut": was_cut,
        "max_query_length": MAX_QUERY_LENGTH,
        "error": error,
        "versions": language_versions(request, query, kind if kind in BY_KEY else ""),
    }
    if results is not None:
        context.update(filter_links(results, query, kind))
        context["listing"] = ListingPage(
            results.hits,
            results.number,
            results.kind_total,
            search_query.PER_PAGE,
            path=search_url(),
            filters=(("q", query), ("kind", kind)),
        )
    return TemplateResponse(request, "search/search.html", context, status=400 if error else 200)


def filter_links(results, query, kind):
    """The links of the kind filter and of the suggestion."""
    links = {
        "all_kinds_url": search_url(q=query),
        "kind_links": [
            {
                "key": count.key,
                "label": count.label,
                "count": count.count,
                "url": search_url(q=query, kind=count.key),
                "is_current": count.key == kind,
            }
            for count in results.counts
        ],
        "suggestion_link": (
            format_html('<a href="{}">{}</a>', search_url(q=results.suggestion), results.suggestion)
            if results.suggestion
            else ""
        ),
    }
    return links
