"""Keep the queue current: a saved revision records which Spanish text its translations were made
from; a saved, published or unpublished page has its items recomputed once the change commits."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_save
from wagtail.models import Page, Revision
from wagtail.signals import page_published, page_unpublished

from . import states


def connect():
    post_save.connect(_revision_saved, sender=Revision, dispatch_uid="translation_queue_revision")
    page_published.connect(_page_changed, dispatch_uid="translation_queue_published")
    page_unpublished.connect(_page_changed, dispatch_uid="translation_queue_unpublished")


def _is_page_revision(revision):
    return revision.base_content_type_id == ContentType.objects.get_for_model(Page).pk


def _revision_saved(sender, instance, raw=False, **kwargs):
    if raw or not _is_page_revision(instance):
        return
    states.record_fingerprints(instance)
    _refresh_after_commit(int(instance.object_id))


def _page_changed(sender, instance, **kwargs):
    _refresh_after_commit(instance.pk)


def _refresh_after_commit(page_id):
    if not getattr(settings, "TRANSLATION_QUEUE_AUTO_REFRESH", True):
        return
    connection = transaction.get_connection()
    # Once per page and transaction, however many revisions it saves (a bulk load saves many).
    if connection.in_atomic_block and any(
        getattr(callback, "translation_queue_page", None) == page_id
        for _savepoints, callback, _robust in connection.run_on_commit
    ):
        return

    def refresh():
        page = Page.objects.filter(pk=page_id).first()
        if page is not None:
            states.refresh_page(page)

    refresh.translation_queue_page = page_id
    transaction.on_commit(refresh)
