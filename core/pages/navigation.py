from dataclasses import dataclass, field

from django.db.models import Q
from wagtail.models import Page, Site

from core.caching.process_memo import remember_in_process
from core.private_apis import route_found_for_request

from .models import FooterSettings
from .visibility import shown_pages


@dataclass
class SiteFrame:
    """What every page's header and footer show: the menu's sections (shown in menus, live and
    under no privacy restriction: see visibility.py), the current page's shown ancestors (the
    breadcrumbs), the footer setting and the footer's pages (accessibility, privacy)."""

    menu: list = field(default_factory=list)
    footer: FooterSettings | None = None
    footer_pages: list = field(default_factory=list)
    ancestors: list = field(default_factory=list)
    page_id: int | None = None


def ancestor_paths(page):
    """The tree paths of the page's ancestors from the home page's depth (2) down."""
    step = page.steplen
    return [page.path[:end] for end in range(2 * step, len(page.path), step)]


def site_frame(request, page=None):
    """The request's SiteFrame, fetched once per request (for one page) in two queries: the
    footer setting, then the menu's, the footer's and the breadcrumbs' pages together. Both are
    remembered per generation of the page cache (process_memo.py), for each page's breadcrumbs."""
    if request is None:
        return SiteFrame()
    if page is None:  # the page being served, as core.routing found it
        route = route_found_for_request(request)
        page = route.page if route is not None else None
    cached = getattr(request, "_site_frame", None)
    page_id = page.pk if page is not None else None
    if cached is not None and (page_id is None or cached.page_id == page_id):
        return cached
    site = Site.find_for_request(request)
    frame = SiteFrame(page_id=page_id)
    if site is not None:
        paths = tuple(ancestor_paths(page)) if page is not None and page.path else ()
        frame.menu, frame.footer, frame.footer_pages, frame.ancestors = remember_in_process(
            ("site-frame", site.pk, paths), lambda: _frame_parts(request, site, paths)
        )
    request._site_frame = frame
    return frame


def _frame_parts(request, site, paths):
    footer = FooterSettings.for_request(request)
    root = site.root_page
    chosen = [pk for pk in (footer.accessibility_page_id, footer.privacy_page_id) if pk]
    wanted = (
        Q(path__startswith=root.path, depth=root.depth + 1, show_in_menus=True)
        | Q(pk__in=chosen)
        | Q(path__in=paths)
    )
    pages = list(shown_pages(Page.objects.filter(wanted)).order_by("path"))
    by_id = {p.pk: p for p in pages}
    menu = [
        p
        for p in pages
        if p.show_in_menus and p.depth == root.depth + 1 and p.path.startswith(root.path)
    ]
    footer_pages = [by_id[pk] for pk in chosen if pk in by_id]
    return menu, footer, footer_pages, [p for p in pages if p.path in paths]


def menu_pages(request):
    """The site's top-level sections, in the menu's order (see site_frame)."""
    return site_frame(request).menu


def is_header_link(page):
    """A page type that the header links on its own (the "I need help" page) rather than in the
    menu: it says so with `header_link = True` (core imports no section app)."""
    return getattr(page.specific_class, "header_link", False)


def help_page(request):
    """The "I need help" page, from the menu's pages (no query of its own)."""
    return next((page for page in menu_pages(request) if is_header_link(page)), None)


def menu_section(request, model):
    """The menu's section page of this type (the library, the news), or None: no query."""
    return next((page for page in menu_pages(request) if page.specific_class is model), None)


def home_page(request=None):
    """The root page of the request's site, or of the default site (for the admin)."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page if site else None
