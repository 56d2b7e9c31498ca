"""An address that changes in any language keeps working: the old one redirects (301) to the page.

A page's address changes when its slug in some language is translated or edited, or when it
moves, and so do its descendants' addresses. Wagtail's own redirects (WAGTAILREDIRECTS_AUTO_CREATE)
only see the slug of the language active during the save, so they are off and this module makes
them for every language: the url_path each language had before a save or a move is read first
and, where it changed on a live page, each old address of the page and of its live descendants
becomes a permanent redirect (wagtail.contrib.redirects, which answers only where a 404 would).
"""

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_save, pre_save
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page
from wagtail.signals import post_page_move, pre_page_move

from core.i18n.languages import language_codes


def connect():
    pre_save.connect(_before_save, dispatch_uid="redirects_before_save")
    post_save.connect(_after_save, dispatch_uid="redirects_after_save")
    pre_page_move.connect(_before_move, dispatch_uid="redirects_before_move")
    post_page_move.connect(_after_move, dispatch_uid="redirects_after_move")


def _url_path_field(code):
    return build_localized_fieldname("url_path", code)


def _addresses(page, codes):
    """{language: [(page id, url_path), ...]} for `page` and its live descendants, as stored."""
    fields = [_url_path_field(code) for code in codes]
    rows = Page.objects.filter(
        Q(pk=page.pk) | Q(path__startswith=page.path, depth__gt=page.depth, live=True)
    ).values("pk", "live", *fields)
    return {
        code: [(row["pk"], row[_url_path_field(code)]) for row in rows if row["live"]]
        for code in codes
    }


def _before_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not isinstance(instance, Page) or instance.pk is None:
        return
    fields = {
        code: _url_path_field(code)
        for code in language_codes()
        if update_fields is None or _url_path_field(code) in update_fields
    }
    if not fields:
        return
    # Every page save asks for the page's own row only; its descendants only when it moves.
    stored = Page.objects.filter(pk=instance.pk).values("live", *fields.values()).first()
    if not stored or not stored["live"]:
        return
    changed = [
        code
        for code, name in fields.items()
        if stored[name] and stored[name] != getattr(instance, name)
    ]
    if changed:
        # Descendants are rewritten after the save: what they store now is their old address.
        instance._old_addresses = _addresses(instance, changed)


def _after_save(sender, instance, raw=False, **kwargs):
    old = instance.__dict__.pop("_old_addresses", None)
    if old and not raw:
        _redirect(old)


def _before_move(sender, instance, **kwargs):
    instance._addresses_before_move = _addresses(instance, language_codes())


def _after_move(sender, instance, **kwargs):
    before = instance.__dict__.pop("_addresses_before_move", None)
    if not before:
        return

    def redirect_what_moved():
        # At commit: wagtail-modeltranslation rewrites the other languages' paths after this
        # signal, with more saves and updates.
        after = _addresses(Page.objects.get(pk=instance.pk), list(before))
        _redirect(
            {
                code: [row for row in rows if row not in set(after.get(code, []))]
                for code, rows in before.items()
            }
        )

    transaction.on_commit(redirect_what_moved)


def _redirect(old_addresses):
    """A permanent redirect from each old address (per language) to its page."""
    for code, rows in old_addresses.items():
        with translation.override(code):
            # Each language's root paths (Site.get_site_root_paths caches one language's).
            roots = Page()._get_site_root_paths()
            for page_id, path in rows:
                for root in roots:
                    if not path or not path.startswith(root.root_path):
                        continue
                    try:
                        address = reverse("wagtail_serve", args=(path[len(root.root_path) :],))
                    except NoReverseMatch:
                        continue
                    Redirect.objects.update_or_create(
                        old_path=Redirect.normalise_path(address),
                        site_id=root.site_id,
                        defaults={
                            "redirect_page_id": page_id,
                            "redirect_link": "",
                            "is_permanent": True,
                            "automatically_created": True,
                        },
                    )
