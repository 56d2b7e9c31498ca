from wagtail.models import Site


def menu_pages(request):
    """The site's top-level sections (live, shown in menus), fetched once per request.

    The header menu and the home page's "Explore" cards share this single query.
    """
    if request is None:
        return []
    cached = getattr(request, "_menu_pages", None)
    if cached is None:
        site = Site.find_for_request(request)
        cached = list(site.root_page.get_children().live().in_menu()) if site else []
        request._menu_pages = cached
    return cached


def home_page(request=None):
    """The root page of the request's site, or of the default site (for the admin)."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page if site else None
