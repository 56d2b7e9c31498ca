"""A moderator's approval under parallel requests: no visitor is left with the old page.

Runs on PostgreSQL (as CI does): it needs real transactions seen from several connections.
"""

import threading

import pytest
from django.contrib.auth.models import Group
from django.db import connection, connections
from django.test import Client
from wagtail.models import Site
from wagtail.signals import page_published

from core.i18n.languages import prepare_root_page

from .factories import HomePageFactory, StandardPageFactory
from .html import parse, text

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Needs concurrent transactions: run with DATABASE_URL on PostgreSQL (as CI does).",
    ),
    pytest.mark.django_db(transaction=True),
    pytest.mark.slow,
]


def fetch_title(path):
    """A visitor's request from another thread, with its own database connection."""
    try:
        response = Client().get(path)
        return response.get("X-Page-Cache", "-"), text(parse(response).h1)
    finally:
        connections.close_all()


@pytest.fixture
def moderated_page(settings, django_user_model):
    settings.PAGE_CACHE_ENABLED = True
    root = prepare_root_page()
    home = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "testserver", "port": 80}
    )
    page = StandardPageFactory(
        parent=home, title_es="Antes", title_en="Before", slug_es="acerca-de", slug_en="about"
    )
    editor = django_user_model.objects.create_user("editora", "e@example.org", "x")
    editor.groups.add(Group.objects.get(name="Editors"))
    moderator = django_user_model.objects.create_user("moderadora", "m@example.org", "x")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    page.title_es, page.title_en = "Después", "After"
    page.save_revision(user=editor)
    workflow = page.get_workflow()
    workflow.start(page, editor)
    page.refresh_from_db()
    assert page.current_workflow_task_state is not None
    return page, moderator


def approve(page, moderator):
    page.refresh_from_db()
    task_state = page.current_workflow_task_state.specific
    task_state.task.specific.on_action(task_state, moderator, "approve")


def test_no_stale_page_survives_an_approval_under_parallel_requests(moderated_page):
    page, moderator = moderated_page
    paths = {"/es/acerca-de/": "Después", "/en/about/": "After"}
    for path in paths:
        assert fetch_title(path)[1] in ("Antes", "Before")

    # A visitor's request lands while the approval's transaction is still open: it reads the
    # old row and caches it. Purged before the commit, that copy would outlive the approval.
    def visit_during_approval(sender, instance, **kwargs):
        for path in paths:
            thread = threading.Thread(target=fetch_title, args=(path,))
            thread.start()
            thread.join()

    stop = threading.Event()

    def keep_visiting():
        while not stop.is_set():
            for path in paths:
                fetch_title(path)

    visitors = [threading.Thread(target=keep_visiting) for _n in range(3)]
    for visitor in visitors:
        visitor.start()
    page_published.connect(visit_during_approval, dispatch_uid="test_visit_during_approval")
    try:
        approve(page, moderator)
    finally:
        page_published.disconnect(dispatch_uid="test_visit_during_approval")
        stop.set()
        for visitor in visitors:
            visitor.join()

    for path, title in paths.items():
        for _attempt in range(2):  # the first may render, the second comes from the cache
            assert fetch_title(path)[1] == title


@pytest.mark.parametrize(("path", "title"), [("/es/acerca-de/", "Antes"), ("/en/about/", "Before")])
def test_a_restriction_committed_by_a_server_without_redis_reaches_the_other_server(
    settings, path, title
):
    """Committed for real, and seen through the visitors' own database connections: the purge
    count is written in the restriction's transaction, and read by the other server's check."""
    from wagtail.models import PageViewRestriction

    from core.caching.process_memo import forget_all

    from .support import redis_url, require_redis
    from .test_cache_resilience import DEAD_REDIS, redis_cache

    require_redis()
    shared = redis_cache(redis_url())
    settings.CACHES = shared
    settings.PAGE_CACHE_ENABLED = True
    settings.PROCESS_MEMO_ENABLED = True
    settings.PAGE_CACHE_DB_CHECK_SECONDS = 0
    forget_all()
    from django.core.cache import cache

    cache.clear()
    root = prepare_root_page()
    home = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "testserver", "port": 80}
    )
    page = StandardPageFactory(
        parent=home, title_es="Antes", title_en="Before", slug_es="acerca-de", slug_en="about"
    )
    try:
        fetch_title(path)
        assert fetch_title(path) == ("hit", title)
        settings.CACHES = redis_cache(DEAD_REDIS)  # server A, which takes the change
        PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")
        settings.CACHES = shared  # server B
        state, shown = fetch_title(path)
        assert state != "hit"
        assert shown != title
    finally:
        settings.CACHES = shared
        cache.clear()
        forget_all()
