"""The index follows the site at once.

- Publishing (also approving in a workflow, publishing a restored revision or a scheduled
  revision, copying a live page, updating an alias) re-indexes the page in every language, in the
  same transaction as the publication: the entry and the page commit or roll back together.
- Unpublishing (also expiry) drops its entries.
- Deleting a page deletes its entries (ON DELETE CASCADE).
- Privacy restrictions, moves and unpublished ancestors need nothing here: whether a page may be
  shown is decided by every search (core.pages.visibility), and its URL is read from the page.
"""

from wagtail.signals import page_published, page_unpublished

from . import engine, indexing


def connect():
    page_published.connect(_published, dispatch_uid="site_search_published")
    page_unpublished.connect(_unpublished, dispatch_uid="site_search_unpublished")


def _published(sender, instance, **kwargs):
    if engine.auto_update():
        indexing.index_page(instance)


def _unpublished(sender, instance, **kwargs):
    if engine.auto_update():
        indexing.remove_page(instance)
