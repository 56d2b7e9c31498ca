"""What empties the page cache. Every purge takes effect when the change's transaction commits."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from core.caching.page_cache import purge

from .models import FooterSettings


def connect():
    # Publishing covers approving in a workflow and publishing a restored revision.
    page_published.connect(purge, dispatch_uid="page_cache_published")
    page_unpublished.connect(purge, dispatch_uid="page_cache_unpublished")
    post_page_move.connect(purge, dispatch_uid="page_cache_moved")
    # Every page type's deletion (Page subclasses send the signal with their own class).
    post_delete.connect(_purge_on_page_delete, dispatch_uid="page_cache_deleted")
    # A privacy restriction set, changed or lifted on a page (and so on its subtree).
    post_save.connect(purge, sender=PageViewRestriction, dispatch_uid="page_cache_privacy")
    post_delete.connect(purge, sender=PageViewRestriction, dispatch_uid="page_cache_privacy_lifted")
    m2m_changed.connect(
        _purge_on_groups_change,
        sender=PageViewRestriction.groups.through,
        dispatch_uid="page_cache_privacy_groups",
    )
    # A site's host name, port or root page (pages and process_memo.py remember the site).
    post_save.connect(purge, sender=Site, dispatch_uid="page_cache_site")
    post_delete.connect(purge, sender=Site, dispatch_uid="page_cache_site_deleted")
    post_save.connect(
        _purge_on_footer_change, sender=FooterSettings, dispatch_uid="page_cache_footer"
    )


def _purge_on_footer_change(sender, instance, created, **kwargs):
    # The settings row is created empty the first time a page asks for it: nothing changed.
    if not created:
        purge()


def _purge_on_groups_change(sender, action, **kwargs):
    # m2m_changed fires before and after each change: purge once, after it.
    if action.startswith("post_"):
        purge()


def _purge_on_page_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        purge()
