"""What launching or withdrawing a language changes for visitors, stated on the confirmation page
before a moderator confirms: the texts and pages still missing per section (the translation
queue's counts), the interface strings that would show in Spanish (the catalogs' count), the
addresses that start or stop answering, and the sitemaps and feeds that appear or disappear."""

from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site, get_page_models

from core.i18n.languages import default_language, own_value
from core.pages.visibility import shown_pages
from core.serving.sitemaps import PageSitemap
from interface_strings.views import untranslated_count
from translation_queue.models import TranslationState
from translation_queue.states import refresh_stale_pages
from translation_queue.views import filtered_items, section_summary

EXAMPLES = 10


def _without_own_title(pages, code):
    title = build_localized_fieldname("title", code)
    return pages.filter(Q(**{f"{title}__isnull": True}) | Q(**{title: ""}))


def _url(page, code, request):
    with translation.override(code):
        return page.get_url(request=request)


def _site_pages(request):
    site = Site.find_for_request(request)
    if site is None:
        return Page.objects.none(), None
    return shown_pages(site.root_page.get_descendants(inclusive=True)), site.root_page


def _missing_texts(cell):
    states = {value: count for value, _label, count, _query in cell["states"]}
    return states[TranslationState.MISSING], sum(states.values())


def sections(code, request):
    """Per section (the home page, then its children, as in the translation queue): the pages
    visitors see, those with no title of their own in `code` (shown in Spanish, not announced
    in it), and the texts still missing of all the texts counted in `code`."""
    refresh_stale_pages()
    pages, home = _site_pages(request)
    rows = []
    if home is not None:
        items = filtered_items({"page": home.pk, "language": code})
        rows.append(
            {
                "section": home,
                "pages": 1,
                "pages_missing": _without_own_title(pages.filter(pk=home.pk), code).count(),
                "texts_missing": items.filter(state=TranslationState.MISSING).count(),
                "texts": items.count(),
                "queue_url": _queue_url({"language": code, "page": home.pk}),
            }
        )
    for summary in section_summary():
        section = summary["section"]
        cell = next(cell for cell in summary["cells"] if cell["language"] == code)
        in_section = pages.filter(path__startswith=section.path)
        missing, total = _missing_texts(cell)
        rows.append(
            {
                "section": section,
                "pages": in_section.count(),
                "pages_missing": _without_own_title(in_section, code).count(),
                "texts_missing": missing,
                "texts": total,
                "queue_url": _queue_url(
                    {"language": code, "section": section.pk, "state": TranslationState.MISSING}
                ),
            }
        )
    return rows


def _queue_url(query):
    return reverse("translation_queue:queue") + "?" + urlencode(query)


def menu_in_spanish(code, request):
    """The titles, in Spanish, of the menu's sections that have no title of their own in
    `code`: their menu entry (and heading) would show in Spanish."""
    pages, home = _site_pages(request)
    if home is None:
        return []
    menu = _without_own_title(pages.child_of(home).filter(show_in_menus=True), code)
    return [own_value(page, "title", default_language()) for page in menu.order_by("path")]


def interface_strings(code):
    untranslated, total = untranslated_count(code)
    return {"untranslated": untranslated, "total": total}


def public_pages(code, request):
    """The pages visitors reach under the language's prefix: (count, first addresses)."""
    pages, _home = _site_pages(request)
    pages = pages.order_by("path")
    examples = [url for url in (_url(page, code, request) for page in pages[:EXAMPLES]) if url]
    return pages.count(), examples


def sitemap(code, request):
    """The language's own sitemap (listed in /sitemap.xml) and how many pages it lists."""
    with translation.override(code):
        url = reverse("language_sitemap", kwargs={"section": code})
    return {"url": url, "pages": len(PageSitemap(code, request).items())}


def feeds(code, request):
    """Feeds and calendar files (the routes of routable pages, such as the news' rss/ and atom/
    and the calendar's ical/) that answer under the language's prefix: (count, first addresses).
    Routes that take a value (a thematic area's feeds) follow their page and are not counted."""
    pages, _home = _site_pages(request)
    routable = [model for model in get_page_models() if issubclass(model, RoutablePageMixin)]
    count, examples = 0, []
    for model in sorted(routable, key=lambda model: model._meta.label):
        routes = [
            str(pattern.pattern)
            for pattern in model.get_resolver().url_patterns
            if str(pattern.pattern) and "<" not in str(pattern.pattern)
        ]
        if not routes:
            continue
        of_model = pages.type(model).exact_type(model).order_by("path")
        count += of_model.count() * len(routes)
        for page in of_model[: max(EXAMPLES - len(examples), 0)]:
            base = _url(page, code, request)
            if base:
                examples += [base + route for route in routes]
    return count, examples[:EXAMPLES]


def launch(code, request):
    return {
        "sections": (rows := sections(code, request)),
        "pages_missing": sum(row["pages_missing"] for row in rows),
        "texts_missing": sum(row["texts_missing"] for row in rows),
        "texts": sum(row["texts"] for row in rows),
        "menu_in_spanish": menu_in_spanish(code, request),
        "interface_strings": interface_strings(code),
        "sitemap": sitemap(code, request),
        "feeds": feeds(code, request),
        "pages": public_pages(code, request),
    }


def withdraw(code, request):
    return {
        "pages": public_pages(code, request),
        "sitemap": sitemap(code, request),
        "feeds": feeds(code, request),
    }
