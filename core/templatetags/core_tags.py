import json

from django import template
from django.apps import apps
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from wagtail.models import Page, Site
from wagtail.templatetags.wagtailcore_tags import pageurl

from core import private_apis
from core.caching import page_cache, process_memo
from core.caching.process_memo import remember_in_process_for_request
from core.i18n import languages as i18n
from core.i18n.dates import PreciseDate, period_parts
from core.i18n.versions import language_versions
from core.pages.navigation import help_page, is_header_link, menu_pages, site_frame

register = template.Library()


def _meta_description(page):
    describe = getattr(page, "meta_description", None)  # every BasePage; Wagtail's own pages not
    return describe() if describe is not None else page.search_description


def _current_page(context):
    page = context.get("page")
    return page if isinstance(page, Page) else None


@register.simple_tag
def lang_attr(obj, field_name):
    """Renders ` lang="es"` when the field shows the Spanish fallback on a page in another language."""
    code = i18n.fallback_language(obj, field_name)
    return format_html(' lang="{}"', code) if code else ""


@register.simple_tag
def admin_title(page):
    """A page's title in the admin user's language (core.i18n.languages.admin_titles, which a listing calls
    once for all its pages), marked lang="es" when it is the Spanish fallback."""
    if not hasattr(page, "admin_title"):
        i18n.admin_titles([page])
    if page.admin_title_language:
        return format_html('<span lang="{}">{}</span>', page.admin_title_language, page.admin_title)
    return page.admin_title


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """The same page in each language, keeping the query string: a filtered list (the library's
    "joint declarations, 2023", a year of news) stays filtered in the other language."""
    request = context.get("request")
    versions = language_versions(_current_page(context), request)
    query = request.GET.urlencode() if request is not None else ""
    if query:
        versions = [{**version, "path": f"{version['path']}?{query}"} for version in versions]
    return {"versions": versions}


# Open Graph writes a locale with its territory.
OPEN_GRAPH_LOCALES = {"es": "es_ES", "en": "en_GB", "pt": "pt_BR"}
# What a JSON-LD block must not contain, as in Django's json_script.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def ld_json(data):
    """A schema.org JSON-LD block (a data block: no script runs)."""
    text = json.dumps({"@context": "https://schema.org", **data}, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(JSON_SCRIPT_ESCAPES)),  # noqa: S308 (escaped above)
    )


@register.inclusion_tag("includes/page_meta.html", takes_context=True)
def page_meta(context):
    """What the page tells search engines and sharing previews: its other languages (hreflang),
    Open Graph and Twitter card tags, and schema.org data about its subject."""
    page = _current_page(context)
    request = context.get("request")
    return _meta(
        request,
        language_versions(page, request, translated_only=True),
        title=page.seo_title or page.title,
        description=_meta_description(page.specific),
        data=page.specific.structured_data(context),
    )


@register.inclusion_tag("includes/page_meta.html", takes_context=True)
def view_meta(context, title, description="", data=None):
    """page_meta for a view that is not a Wagtail page (the data page), from the view's
    `versions` (core.i18n.versions.view_language_versions) and the title, description and schema.org
    data it gives."""
    return _meta(context.get("request"), context["versions"], title, description, data)


def _meta(request, versions, title, description, data):
    current = next((v for v in versions if v["is_current"]), versions[0])
    share_image = static("img/share.png")
    return {
        "title": title,
        "description": description,
        "versions": versions,
        "x_default": next(v for v in versions if v["code"] == i18n.default_language()),
        "url": current["url"],
        "locale": OPEN_GRAPH_LOCALES.get(current["code"], current["code"]),
        "other_locales": [
            OPEN_GRAPH_LOCALES.get(v["code"], v["code"]) for v in versions if not v["is_current"]
        ],
        "image": request.build_absolute_uri(share_image) if request is not None else share_image,
        "structured_data": ld_json(data) if data else "",
    }


@register.inclusion_tag("includes/help_link.html", takes_context=True)
def help_link(context):
    """The header's "I need help" link, from the menu's pages (no query of its own)."""
    request = context.get("request")
    current = _current_page(context)
    site_frame(request, current)  # the frame for this page, which every tag then shares
    page = help_page(request)
    return {
        "help_page": page,
        "is_current": page is not None and current is not None and current.pk == page.pk,
    }


def remembered_html(request, key, template_name, build_context):
    """A fragment every page repeats (the menu, the footer), rendered once per language, scheme
    and host under each generation of the page cache, in this process's memory
    (core.caching.process_memo): no round trip to Redis for what every render needs.
    `key` names what else it depends on; `build_context` gives the template's context."""

    def render():
        return mark_safe(render_to_string(template_name, build_context()))  # noqa: S308

    return remember_in_process_for_request(request, key, render)


@register.simple_tag(takes_context=True)
def main_menu(context):
    request = context.get("request")
    current = _current_page(context)
    items = []
    for item in site_frame(request, current).menu:
        if is_header_link(item):
            continue  # shown on its own in the header (help_link)
        aria_current = None
        if current is not None and current.pk == item.pk:
            aria_current = "page"
        elif current is not None and current.path.startswith(item.path):
            aria_current = "true"
        items.append({"page": item, "aria_current": aria_current})
    # The same menu for every page of a section: only the marked item differs.
    marked = tuple(
        (item["page"].pk, item["aria_current"]) for item in items if item["aria_current"]
    )
    return remembered_html(
        request,
        ("main-menu", marked),
        "includes/main_menu.html",
        lambda: {"items": items, "request": request},
    )


@register.inclusion_tag("includes/section_list.html", takes_context=True)
def section_list(context):
    """The site's sections as a plain list (the 404 page's way back in): the menu's pages."""
    return {"sections": menu_pages(context.get("request")), "request": context.get("request")}


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    current = _current_page(context)
    if current is None or current.depth <= 2:
        return {"trail": []}
    # A restricted ancestor is not named, even on its descendants' pages: one rule for everyone.
    ancestors = site_frame(context.get("request"), current).ancestors
    if not ancestors:
        return {"trail": []}
    request = context.get("request")
    # One trail for the links and for search engines: the home page is called "Home".
    trail = [
        {
            "page": page,
            "name": gettext("Home") if page.depth == 2 else page.title,
            "url": page.get_url(request),
        }
        for page in [*ancestors, current]
    ]
    return _breadcrumbs(request, trail)


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def view_breadcrumbs(context, name):
    """The breadcrumbs of a view that is not a Wagtail page (the data page): the site's home
    page, then the view, called `name`, at the request's path."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return {"trail": []}
    home = site.root_page
    trail = [
        {"page": home, "name": gettext("Home"), "url": home.get_url(request)},
        {"page": None, "name": name, "url": request.path},
    ]
    return _breadcrumbs(request, trail)


def _breadcrumbs(request, trail):
    absolute = request.build_absolute_uri if request is not None else str
    structured = ld_json(
        {
            "@type": "BreadcrumbList",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": n,
                    "name": str(crumb["name"]),
                    "item": absolute(crumb["url"]),
                }
                for n, crumb in enumerate(trail, start=1)
            ],
        }
    )
    return {"trail": trail, "structured_data": structured}


@register.simple_tag(takes_context=True)
def site_footer(context):
    request = context.get("request")
    # No site answers for a preview of a page outside the site tree: no footer settings then.
    frame = site_frame(request, _current_page(context))
    return remembered_html(
        request,
        ("footer", frame.footer.pk if frame.footer else None),
        "includes/footer.html",
        lambda: {"footer": frame.footer, "footer_pages": frame.footer_pages, "request": request},
    )


@register.simple_tag(takes_context=True)
def page_link(context, linked_page, text_field="title"):
    """A link to a page, named by one of its fields (its title unless told), with the field's `lang`."""
    return format_html(
        '<a href="{}"{}>{}</a>',
        pageurl(context, linked_page),
        lang_attr(linked_page, text_field),
        getattr(linked_page, text_field),
    )


@register.inclusion_tag("includes/rich_text_section.html")
def rich_text_section(obj, field_name, heading):
    """A headed section showing one rich-text field, or nothing when the field is empty."""
    return {
        "obj": obj,
        "field_name": field_name,
        "value": getattr(obj, field_name),
        "heading": heading,
        "heading_id": f"{field_name}-heading",
    }


@register.simple_tag
def precise_date(date, precision=None):
    """A date as precise as its source, in a <time> of the same precision: "noviembre de 2025"
    with datetime="2025-11" (core.i18n.dates). Nothing without a date."""
    return PreciseDate(date, precision).html()


@register.filter(name="precise")
def precise_words(date, precision=None):
    """The words of `precise_date` without the element, for a sentence: "As of {{ date }}"."""
    return PreciseDate(date, precision).words()


@register.simple_tag
def date_range(start, end=None):
    """A period as the active language writes it, the shared parts said once: "3–4 de
    septiembre de 2018", "30 November – 1 December 2023", "27 de noviembre de 2020 – 28 de mayo
    de 2021"; with no end, "under way". Each end is a <time> with its ISO date."""
    first, separator, last = period_parts(start, end)
    html = format_html('<time datetime="{}">{}</time>', start.isoformat(), first)
    if last:
        html += format_html('{}<time datetime="{}">{}</time>', separator, end.isoformat(), last)
    elif end is None:
        html += format_html("{}{}", separator, gettext("under way"))
    return html


class SharedContentCacheNode(private_apis.wagtail_fragment_cache_node_class()):
    def render(self, context):
        if not self.expire_time_var.resolve(context):
            return self.nodelist.render(context)
        return super().render(context)


@register.tag
def shared_content_cache(parser, token):
    """`{% wagtailcache %}` (same arguments; it renders previews uncached) that neither reads nor
    stores anything when its expiry is 0: a Host spelled otherwise, or a personal page, must not
    leave an entry in the cache, even one that expires at once.

        {% shared_content_cache page|shared_content_seconds:request "content" generation ... %}
    """
    nodelist = parser.parse(("endshared_content_cache",))
    parser.delete_first_token()
    tokens = token.split_contents()
    if len(tokens) < 3:
        raise template.TemplateSyntaxError(f"{tokens[0]} needs an expiry and a fragment name")
    return SharedContentCacheNode(
        nodelist,
        parser.compile_filter(tokens[1]),
        tokens[2],
        [parser.compile_filter(bit) for bit in tokens[3:]],
        None,
    )


@register.filter
def shared_content_seconds(page, request):
    """How long `{% shared_content_cache %}` keeps a page's content block (base.html): the page cache's
    lifetime when the block is the same for every visitor of the address under the current
    generation, else 0, which stores nothing: a page with a form or anything personal
    (`content_is_shared = False`), no page, no generation (Redis unreachable, the process memo
    off, outside a request), or a Host spelled otherwise than plainly (anyone could fill the
    cache with ports and letter cases)."""
    shareable = (
        getattr(page, "shared_content_key", None) is not None
        and process_memo.request_generation() is not None
        and plain_host(request) is not None
    )
    return page_cache.TIMEOUT if shareable else 0


@register.filter
def plain_host(request):
    """The request's host as the page cache keys it, or None: a host outside ALLOWED_HOSTS (Django
    answers 400) or spelled otherwise (letter case, a trailing dot, a port of no use)."""
    if request is None or process_memo.allowed_host(request) is None:
        return None
    return page_cache.cache_host(request)


@register.simple_tag
def cache_generation():
    """The generation of the page cache this request is served under: part of every fragment's
    key, so that whatever starts a new one (a publish...) shows at once."""
    return process_memo.request_generation()


@register.filter
def app_verbose_name(content_type):
    """The name of a content type's app in the active language ("Estados miembros y Grupo de
    Amigos"), for admin reports that would show its label ("members")."""
    return apps.get_app_config(content_type.app_label).verbose_name
