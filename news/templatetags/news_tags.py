"""`{% news_feed_links %}`: the news feeds of the active language, for any page's <head>.

    {% load news_tags %}
    {% block feeds %}{% news_feed_links %}{% endblock %}            (site-wide: one query)
    {% block feeds %}{% news_feed_links area=page %}{% endblock %}  (a thematic area: its feeds too)
    {% news_feeds as feeds %}                                       (the same, for a link in the text)

A page whose context has `news_index` (the news pages) costs no query, nor does any page while
the news index is in the menu (it is one of the menu's pages). For an "All news" link:

    {% news_index_page as news_index %}{% if news_index %}<a href="{% pageurl news_index %}">...
"""

from django import template

from news.models import feed_links, news_index

register = template.Library()


def _news_index(context):
    if "news_index" in context:
        return context["news_index"]
    request = context.get("request")
    # Once per request, whatever the number of tags that ask.
    index = getattr(request, "_news_index", None) if request is not None else None
    if index is None:
        index = news_index(request) or False
        if request is not None:
            request._news_index = index
    return index or None


@register.inclusion_tag("news/includes/feed_links.html", takes_context=True)
def news_feed_links(context, area=None):
    return {"feeds": feed_links(_news_index(context), context.get("request"), area=area)}


@register.simple_tag(takes_context=True)
def news_index_page(context):
    """The news index the public site may show (for an "All news" link), or None."""
    return _news_index(context)


@register.simple_tag(takes_context=True)
def news_feeds(context):
    """The site-wide news feeds of the active language (type, title, href) for a link in a page's
    text: `{% news_feeds as feeds %}`."""
    return feed_links(_news_index(context), context.get("request"))
