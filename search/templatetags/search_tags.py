from django import template

from search import text

register = template.Library()


@register.filter
def search_html(stored):
    """Index text (a title, a snippet with its marks) as safe HTML: escaped, marks as <mark>."""
    return text.as_html(stored)
