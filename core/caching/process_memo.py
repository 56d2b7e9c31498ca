"""The process memo: what every uncached render asks for again, kept in this app process's
memory under the page cache's generation. The story of the three caching layers (what each
holds, its key, what invalidates it, Redis outages) is in docs/architecture.md, "Caching".

`remember_in_process(key, compute)` gives compute(), or what it gave for `key` earlier under the
current request's generation; a new generation (a publish...) makes everything recomputed on the
next request, and nothing lives longer than PAGE_CACHE_SECONDS. The generation is read once per
request, by ProcessMemoMiddleware (the page cache's lookup already read it: no second round
trip). Nothing is remembered:
- outside a request (management commands, the admin's own code paths that call these helpers),
- in previews (Wagtail's preview and the moderators' workflow preview render unsaved content),
- while the cache is unreachable (no generation can be trusted: a publish meanwhile could not
  start a new one), and
- when settings.PROCESS_MEMO_ENABLED is off (the tests build pages without publishing them).

Values are read-only for their users: templates and helpers must not change what they get.
"""

import os
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.utils.translation import get_language

from core.addresses import UNPREFIXED_AREAS
from core.private_apis import (
    find_site_uncached,
    set_site_for_request,
    site_known_for_request,
    wrap_localized_site_root_paths,
)

from . import page_cache

# Per kind of fragment (a pool per key[0]).
MAX_ENTRIES = int(os.environ.get("PROCESS_MEMO_ENTRIES", "1000"))

_state = threading.local()
_pools = {}
_pools_generation = None
_lock = threading.Lock()


def request_generation():
    """The generation the current request is served under, or None: remember nothing."""
    return getattr(_state, "generation", None)


def remember_in_process(key, compute, keep=None):
    """compute(), or what it gave for `key` earlier under this request's generation. With
    `keep`, a value is remembered only if keep(value) is true. `key[0]` names a pool of its own
    (each kind of fragment keeps its MAX_ENTRIES most recently used): pages crawled one after
    another fill the routes' pool, never push the menu out."""
    generation = request_generation()
    if generation is None:
        return compute()
    now = time.monotonic()
    global _pools_generation
    with _lock:
        if generation != _pools_generation:
            # A new generation: nothing remembered under the old one is of use any more.
            _pools.clear()
            _pools_generation = generation
        pool = _pools.setdefault(key[0], OrderedDict())
        entry = pool.get(key)
        if entry is not None and entry[0] == generation and entry[1] > now:
            pool.move_to_end(key)
            return entry[2]
    value = compute()
    if keep is not None and not keep(value):
        return value
    with _lock:
        pool[key] = (generation, now + page_cache.TIMEOUT, value)
        pool.move_to_end(key)
        while len(pool) > MAX_ENTRIES:
            pool.popitem(last=False)
    return value


def remember_site_root_paths():
    """wagtail-modeltranslation reads each language's site root paths (what every page URL is
    built from) from the cache, again whenever the language changes within a request: a
    language switcher asks three times. Remembered per generation instead (a site or a root
    page's slug changes only by a save that starts a new one: core.signals)."""

    def remembered(original):
        def site_root_paths():
            return remember_in_process(("site-root-paths", get_language()), original)

        return site_root_paths

    wrap_localized_site_root_paths(remembered)


def forget_all():
    """Drop everything this process remembered (tests), and read the database's purge count
    again on the next request."""
    with _lock:
        _pools.clear()
    page_cache.forget_database_check()


def remembered_count():
    return sum(len(pool) for pool in _pools.values())


def serving_generation(generation):
    """Serve the current thread's work under `generation` (None: remember nothing)."""
    _state.generation = generation


def allowed_host(request):
    """The request's host if ALLOWED_HOSTS admits it, else None (Django answers it with a 400;
    nothing is remembered under a name that anyone can make up)."""
    try:
        return request.get_host()
    except DisallowedHost:
        return None


def remember_in_process_for_request(request, key, compute):
    """remember_in_process() for what also depends on the request's language, scheme and host (links and
    absolute URLs are written with them); worked out afresh without a request, or for a host
    that ALLOWED_HOSTS refuses."""
    host = allowed_host(request) if request is not None else None
    if host is None:
        return compute()
    return remember_in_process((*key, get_language(), request.scheme, host), compute)


def _site_with_root(request):
    site = find_site_uncached(request)
    if site is not None:
        site.root_page  # noqa: B018 (loaded now, once, rather than by every request)
    return site


def usable_for(request):
    return (
        settings.PROCESS_MEMO_ENABLED
        and not getattr(request, "is_preview", False)
        and not getattr(request, "is_dummy", False)
    )


class ProcessMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # A preview is served inside the admin's request, in the same thread: put that back after.
        outer = request_generation()
        serving_generation(page_cache.request_generation(request) if usable_for(request) else None)
        if (
            request_generation() is not None
            and not site_known_for_request(request)
            and not request.path.startswith(UNPREFIXED_AREAS)  # /healthz checks the database
        ):
            # Wagtail looks the site up in the database for every request (Site.find_for_request).
            host = allowed_host(request)
            if host is not None:
                set_site_for_request(
                    request,
                    remember_in_process(
                        ("site", host, request.get_port()), lambda: _site_with_root(request)
                    ),
                )
        try:
            return self.get_response(request)
        finally:
            serving_generation(outer)
