"""The site's one public address (settings.WAGTAILADMIN_BASE_URL, from BASE_URL) and the default
Site record that Wagtail builds public pages' full URLs from (`page.full_url`, the link in the
"page approved" e-mail). The admin links of every e-mail use the setting, the public ones the
Site: both must say the same scheme://host:port. `manage.py sync_site_address` (run by `make run`)
writes the address into the Site; the check below warns whenever they disagree."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.db import DatabaseError
from wagtail.models import Site

CHECK_ID = "core.W001"


class UnrepresentableAddress(ValueError):
    """Wagtail's Site writes https only for port 443 and http for any other port."""


def configured_address():
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def site_fields(address=None):
    """The default Site's hostname and port for `address` (the configured one by default)."""
    address = address or configured_address()
    parts = urlsplit(address)
    hostname = parts.hostname or ""
    if ":" in hostname:
        hostname = f"[{hostname}]"  # an IPv6 address, as Site.root_url writes it
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if (parts.scheme == "https") != (port == 443):
        raise UnrepresentableAddress(
            f"{address}: Wagtail's Site record can only give https on port 443 and http on "
            "any other port; serve the site on such an address."
        )
    return {"hostname": hostname, "port": port}


def agrees(site, fields):
    return all(getattr(site, name) == value for name, value in fields.items())


def default_site():
    return Site.objects.filter(is_default_site=True).first()


def sync_default_site():
    """Give the default Site the configured address; returns the Site when it changed, else None
    (no default Site yet, or it already agrees)."""
    site = default_site()
    if site is None:
        return None
    fields = site_fields()
    if agrees(site, fields):
        return None
    for name, value in fields.items():
        setattr(site, name, value)
    site.save()  # the page cache and the process memo are purged on a Site's save (core.pages.purges)
    return site


def check_default_site_address(app_configs=None, databases=None, **kwargs):
    """Run by `migrate` and `manage.py check --database default` (it reads the database)."""
    if not databases:
        return []
    address = configured_address()
    try:
        fields = site_fields(address)
    except UnrepresentableAddress as error:
        return [checks.Error(str(error), id="core.E001")]
    try:
        site = default_site()
    except DatabaseError:  # before the first migration
        return []
    if site is None or agrees(site, fields):
        return []
    return [
        checks.Warning(
            f"The default Site says {site.root_url}, the configured address (BASE_URL) is "
            f"{address}: e-mails would link public pages to {site.root_url}.",
            hint=(
                "Run `manage.py sync_site_address` (it sets the Site's hostname to "
                f"{fields['hostname']} and port to {fields['port']})."
            ),
            id=CHECK_ID,
        )
    ]
