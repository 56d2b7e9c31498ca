from django import template

from ..views import download_url, resources

register = template.Library()


@register.simple_tag
def data_downloads(names):
    """The download links of resources named in a space-separated string ("figures rounds")."""
    known = resources()
    return [
        {
            "title": known[name].title,
            "csv_url": download_url(name, "csv"),
            "json_url": download_url(name, "json"),
        }
        for name in names.split()
        if name in known and known[name].downloadable
    ]
