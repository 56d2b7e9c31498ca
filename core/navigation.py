from wagtail.models import Site

from .visibility import shown_pages


def menu_pages(request):
    """The site's top-level sections (shown in menus, live and under no privacy restriction: see
    visibility.py), fetched once per request.

    The header menu and the home page's "Explore" cards share this single query.
    """
    if request is None:
        return []
    cached = getattr(request, "_menu_pages", None)
    if cached is None:
        site = Site.find_for_request(request)
        cached = list(shown_pages(site.root_page.get_children().in_menu())) if site else []
        request._menu_pages = cached
    return cached


def home_page(request=None):
    """The root page of the request's site, or of the default site (for the admin)."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page if site else None
