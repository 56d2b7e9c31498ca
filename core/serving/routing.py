"""Finding a page from its URL in one lookup, whatever its depth.

Wagtail routes by asking the site's root page to `route()` the path, one level at a time;
wagtail-modeltranslation replaces every page type's `route()` with one that loads all the children
of each level (two queries per level) and gives no way to override it. `serve` below is the
project's URL view for pages (see quito_portal/urls.py): it finds the page by its url_path in the
active language, hands the result to Wagtail through `Page.route_for_request`'s per-request cache,
and lets Wagtail's own view serve it, with every hook (privacy restrictions included).
"""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site
from wagtail.views import serve as wagtail_serve

from core.caching.process_memo import remember_in_process
from core.private_apis import set_route_for_request

# Wagtail's page pattern (wagtail.urls), leaving its own _util/ views (login, password) to it.
SERVE_PATTERN = r"^(?!_util/)((?:[\w\-]+/)*)$"
# No page of the site is this deep (a section, a page, a routable page's sub-path): a longer
# path is a 404 before it costs a query (its prefixes would grow with the square of its length).
MAX_PATH_COMPONENTS = 12
MAX_PATH_LENGTH = 1000


def find_route(request, path):
    """The RouteResult for `path` (e.g. "estados-miembros/peru/") under the request's site, or
    None. Each language's url_path is kept up to date by wagtail-modeltranslation, with the
    Spanish slug standing in for an empty one."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    if len(path) > MAX_PATH_LENGTH:
        return None
    components = [component for component in path.split("/") if component]
    if len(components) > MAX_PATH_COMPONENTS:
        return None
    root = site.root_page
    if not components:
        located = (root.content_type_id, root.pk, [])
    else:
        # Which page a path names is remembered per generation of the page cache (a move or a
        # new slug is published, which starts a new one); made-up paths are not kept.
        located = remember_in_process(
            ("route", site.pk, translation.get_language(), tuple(components)),
            lambda: _locate(root, components),
            keep=lambda located: located is not None and not located[2],
        )
        if located is None:
            return None
    content_type_id, pk, remaining = located
    # One query for the page itself, fresh for every request.
    page = ContentType.objects.get_for_id(content_type_id).model_class().objects.filter(pk=pk)
    page = page.first()
    if page is None or (remaining and not isinstance(page, RoutablePageMixin)):
        return None
    try:
        # The page's own `route` checks that it is live (and serves routable pages' sub-paths).
        return page.specific.route(request, remaining)
    except Http404:
        return None


def _locate(root, components):
    """(content type id, page id, the rest of the path) of the deepest page whose url_path starts
    the path, in one query: the page itself, or a routable page (RoutablePageMixin: feeds,
    calendar files) with the rest as its route; None when no page does."""
    url_path_field = build_localized_fieldname("url_path", translation.get_language())
    prefixes = [
        root.url_path + "/".join(components[:length]) + "/"
        for length in range(1, len(components) + 1)
    ]
    found = (
        Page.objects.filter(path__startswith=root.path, **{f"{url_path_field}__in": prefixes})
        .order_by("-depth")
        .values_list("content_type_id", "pk", url_path_field)
        .first()
    )
    if found is None:
        return None
    content_type_id, pk, url_path = found
    return content_type_id, pk, components[prefixes.index(url_path) + 1 :]


def serve(request, path):
    set_route_for_request(request, lambda: find_route(request, path))
    return wagtail_serve(request, path)
