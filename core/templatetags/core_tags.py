from django import template
from django.utils.html import format_html
from wagtail.models import Page, Site
from wagtail.templatetags.wagtailcore_tags import pageurl

from core import i18n
from core.models import FooterSettings
from core.navigation import menu_pages
from core.visibility import shown_pages

register = template.Library()


def _current_page(context):
    page = context.get("page")
    return page if isinstance(page, Page) else None


@register.simple_tag
def lang_attr(obj, field_name):
    """Renders ` lang="es"` when the field shows the Spanish fallback on a page in another language."""
    code = i18n.fallback_language(obj, field_name)
    return format_html(' lang="{}"', code) if code else ""


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    return {"versions": i18n.language_versions(_current_page(context), context.get("request"))}


@register.inclusion_tag("includes/language_alternates.html", takes_context=True)
def language_alternates(context):
    versions = i18n.language_versions(_current_page(context), context.get("request"))
    default = next(v for v in versions if v["code"] == i18n.default_language())
    return {"versions": versions, "x_default": default}


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    current = _current_page(context)
    items = []
    for item in menu_pages(request):
        aria_current = None
        if current is not None and current.pk == item.pk:
            aria_current = "page"
        elif current is not None and current.path.startswith(item.path):
            aria_current = "true"
        items.append({"page": item, "aria_current": aria_current})
    return {"items": items, "request": request}


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    current = _current_page(context)
    if current is None or current.depth <= 2:
        return {"ancestors": [], "current": current}
    # A restricted ancestor is not named, even on its descendants' pages: one rule for everyone.
    ancestors = shown_pages(current.get_ancestors().filter(depth__gte=2))
    return {"ancestors": ancestors, "current": current, "request": context.get("request")}


@register.inclusion_tag("includes/footer.html", takes_context=True)
def site_footer(context):
    request = context.get("request")
    # No site answers for a preview of a page outside the site tree: show no footer settings.
    site = Site.find_for_request(request) if request is not None else None
    return {"footer": FooterSettings.for_site(site) if site else None}


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
