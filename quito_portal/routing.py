"""Routing a URL to its page in one lookup, whatever the depth of the page."""

from django.http import Http404
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Page


def route_by_url_path(self, request, path_components):
    """Find /es/estados-miembros/peru/ by the page's url_path in the active language.

    Wagtail (and wagtail-modeltranslation's replacement) walks the tree one level at a time,
    two queries per level; this finds the page with one query and fetches its specific type
    with a second, for any depth. Each language's url_path is kept up to date by
    wagtail-modeltranslation, with the Spanish slug standing in for an empty one.
    """
    if not path_components:
        if self.live:
            return Page.route(self, request, [])
        raise Http404
    url_path_field = build_localized_fieldname("url_path", translation.get_language())
    url_path = self.url_path + "/".join(path_components) + "/"
    page = (
        Page.objects.filter(path__startswith=self.path, **{url_path_field: url_path})
        .order_by("depth")
        .first()
    )
    if page is None:
        raise Http404
    # The page's own `route` checks that it is live (and serves routable pages' sub-paths).
    return page.specific.route(request, [])
