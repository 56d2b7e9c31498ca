"""A full-page cache for anonymous visitors: the outer of the three caching layers, all keyed by
this module's generation (docs/architecture.md, "Caching").

Hand-written because the rules are the site's own: a single "generation" number drops every
language's copy of every page at once (pages show each other in menus, counters and derived links),
a hit costs one cache round trip and no database query (but the check below, at most once per
interval and process), and privacy restrictions are honoured.

Pages are cached per scheme, host, language and path. Every copy is dropped at once (a new
generation) when any page is published, unpublished, moved or deleted, when a privacy
restriction changes, when the footer changes or when a translator edits an interface string;
purges take effect when the change's transaction commits (see `purge`).

A purge sent to the shared cache is lost when the server that made the change cannot reach it;
the other servers, which can, would go on serving (and listing, through the process memo) what the
change removed. So every purge is also counted in the database, in the change's own transaction
(core.caching.models.PageCachePurgeCounter), and the cache records the count it was purged for. Each
process reads the database's count at most once per PAGE_CACHE_DB_CHECK_SECONDS (read with the
generation: no extra cache round trip) and purges when the two differ. While the database cannot
be read, the check is skipped: cached pages keep being served.

The data downloads (CSV, JSON, their datapackage.json) are cached like pages, and so are the read
API's answers (/api/...), whose key also holds the query string. An API answer is stored only when
the API view validated the request and found its query string already in canonical form
(`request.page_cache_canonical_query`, see `is_cacheable_response`): other spellings of the same
request (parameter order, letter case, leading zeros) would each fill the cache with a copy.
A streamed download is stored when it ends if it stayed under MAX_STREAMED_BYTES; a longer one
streams uncached, so that no response is held whole in memory for the cache.

Never cached: requests with a session cookie (logged-in staff, previews, visitors who passed a
privacy restriction), anything but GET, the admin, documents, static files, /healthz, requests with
a query string (outside the API), Host headers other than the plain host (or host and the server's own port),
responses that carry a CSRF token, set cookies, are not a 200 or ask not to be cached. So a page under a privacy
restriction never is: Wagtail answers it with a login redirect or a password form (with a token).
"""

import hashlib
import logging
import os
import time
from contextlib import nullcontext

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse
from django.utils import translation

from core.addresses import UNPREFIXED_AREAS
from core.private_apis import split_host

from .models import PageCachePurgeCounter

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
# The database's purge count that the current generation was started for.
PURGED_COUNTER_KEY = "page-cache:purged-counter"
# What other modules keep in the shared cache without expiry, read from the database when missing,
# and rewrite when a change commits (core.i18n.launch.CACHE_KEY: launched languages;
# interface_strings.runtime.VERSION_CACHE_KEY: translators' edits). A server that could not reach
# the cache lost that rewrite with its purge: dropped whenever a lost purge is found.
SHARED_STATE_KEYS = ("site-languages:launched", "interface-translations:version")
TIMEOUT = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
CACHEABLE_TYPES = (
    "text/html",
    "application/xml",
    # Feeds and calendars, which readers and calendar apps poll.
    "application/rss+xml",
    "application/atom+xml",
    "text/calendar",
    # The open data downloads and the read API.
    "text/csv",
    "application/json",
)
# Paths whose query string is part of the key (the API's limit, offset, lang, filters), and the
# "language" of their key: the API's language is a parameter, not a prefix.
QUERY_CACHED_PREFIXES = ("/api/",)
QUERY_CACHED_LANGUAGE = "api"
MAX_STREAMED_BYTES = int(os.environ.get("PAGE_CACHE_MAX_STREAMED_BYTES", str(2 * 1024 * 1024)))
DEFAULT_PORTS = {"http": "80", "https": "443"}


def _new_generation():
    # Never a number used before: if the cache loses the generation key (an eviction, a restart
    # of Redis), copies stored under an earlier generation can never be found again.
    return time.time_ns()


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, _new_generation(), None)
        value = cache.get(GENERATION_KEY) or 0
    return value


def _purge_cache(counter):
    """Start a new generation, recording the database's purge count it stands for (None: leave
    the record as it is). The new generation, or None when the cache refused it."""
    try:
        current = cache.incr(GENERATION_KEY)
    except ValueError:
        current = _new_generation()
        cache.set(GENERATION_KEY, current, None)
    # After the new generation: a reader that sees the new count sees the new generation too.
    if counter is not None:
        cache.set(PURGED_COUNTER_KEY, counter, None)
    return current if getattr(cache, "available", True) else None


def _count_purge_in_database():
    """Add one to the database's purge count, in the current transaction; the new count, or None
    if it could not be written (then the change itself still goes ahead)."""
    table = connection.ops.quote_name(PageCachePurgeCounter._meta.db_table)
    # One statement for PostgreSQL and SQLite; the table's name is the model's, not input.
    sql = (
        f"INSERT INTO {table} (id, purges) VALUES (1, 1) "  # noqa: S608
        f"ON CONFLICT (id) DO UPDATE SET purges = {table}.purges + 1 RETURNING purges"
    )
    try:
        # A savepoint: a failure must not break the transaction of the change being saved.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchone()[0]
    except DatabaseError:
        logger.exception("Could not count a page cache purge in the database.")
        return None


def purge_now():
    """Drop every cached page, in every language, on every app server sharing the cache.

    When the cache cannot be reached the purge is lost there, but not the count in the database:
    every server purges when it next compares the two (`_lost_purge_count`)."""
    _purge_cache(_count_purge_in_database())


def purge(**kwargs):
    """Drop every cached page once the current transaction commits.

    Inside a transaction (a moderator's approval publishes inside one) a purge made at once would
    let a concurrent request, still reading the old rows, cache the old page under the new
    generation; after the commit every request reads the new rows. The count in the database is
    written now, so that it commits (or not) with the change.
    """
    counter = _count_purge_in_database()
    transaction.on_commit(lambda: _purge_cache(counter), robust=True)


# This process's last reading of the database's purge count: (monotonic time, count or None).
_database_check = [None, None]
# After the database failed to answer (down, or hung until its connect timeout), cached pages are
# served without asking it again for this long: a hung database costs one slow request per
# process per pause, not one per second.
DATABASE_RETRY_AFTER_SECONDS = 30.0


def forget_database_check():
    """Read the database's count again on the next request (tests)."""
    _database_check[:] = [None, None]


def _database_purge_count(force=False):
    """The database's purge count, read at most once per PAGE_CACHE_DB_CHECK_SECONDS (unless
    `force`); None while the database cannot be read."""
    now = time.monotonic()
    checked_at, count = _database_check
    interval = float(getattr(settings, "PAGE_CACHE_DB_CHECK_SECONDS", 1))
    if not force and checked_at is not None and now - checked_at < interval:
        return count
    # Noted before the query: while a slow database answers, other threads use the last count.
    _database_check[0] = now
    try:
        # Inside a transaction, a savepoint keeps a failure from breaking it.
        with transaction.atomic() if connection.in_atomic_block else nullcontext():
            count = (
                PageCachePurgeCounter.objects.filter(pk=1).values_list("purges", flat=True).first()
            ) or 0
    except DatabaseError:
        # A database outage: serve what the cache has, and leave the database alone a while.
        _database_check[:] = [time.monotonic() + DATABASE_RETRY_AFTER_SECONDS - interval, None]
        return None
    _database_check[:] = [now, count]
    return count


def _lost_purge_count(recorded):
    """The database's purge count when it differs from the one the cache recorded (a purge was
    lost, or the cache was emptied): the cache must be purged for it. Else None."""
    recorded = recorded or 0
    count = _database_purge_count()
    if count is None or count == recorded:
        return None
    if recorded > count:
        # Most often a purge made since this process last read the count; else a database
        # restored from a backup. Only a fresh reading tells.
        count = _database_purge_count(force=True)
        if count is None or count == recorded:
            return None
    return count


def _read_generation(keys=()):
    """The current generation and what the cache holds for `keys` under the generation it
    found, in one round trip (unless a purge is due); (None, {}) while the cache is unavailable.
    After a purge made here, what was found is None: it belongs to the old generation."""
    found = cache.get_many([GENERATION_KEY, PURGED_COUNTER_KEY, *keys])
    if not getattr(cache, "available", True):
        return None, {}
    lost = _lost_purge_count(found.get(PURGED_COUNTER_KEY))
    if lost is not None:
        # First: a reader that sees the new generation must not find the old state.
        cache.delete_many(SHARED_STATE_KEYS)
        current, found = _purge_cache(lost), None
    else:
        current = found.get(GENERATION_KEY)
        if current is None:
            current = generation()
    if current is None or not getattr(cache, "available", True):
        return None, {}
    return current, found


def cache_host(request):
    """The host part of the key, or None when this request must not be cached.

    `get_host()` is checked against ALLOWED_HOSTS; a port other than the scheme's default and the
    server's own would let anyone create an entry per port (and links built from that Host).
    """
    host = request.get_host()
    hostname, port = split_host(host)  # lower case, without a trailing dot
    plain = f"{hostname}:{port}" if port else hostname
    # Links on the page (hreflang, sitemaps) are written with the Host as it came: only its
    # plain form is cached. "LOCALHOST", "localhost." or "localhost:80" would otherwise poison
    # the copy that visitors of "localhost" get.
    if host != plain or port == DEFAULT_PORTS.get(request.scheme):
        return None
    if port and port != str(request.META.get("SERVER_PORT")):
        return None
    return host


def query_cached(request):
    return request.path.startswith(QUERY_CACHED_PREFIXES)


def cached_path(request):
    """What the key names besides scheme, host and language: the path, and for the API the
    query string as it came."""
    query = request.META.get("QUERY_STRING", "")
    if query and query_cached(request):
        return f"{request.path}?{query}"
    return request.path


def cache_key(scheme, host, language, path, generation_number):
    digest = hashlib.sha256(path.encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return f"page-cache:{generation_number}:{scheme}://{host}:{language}:{digest}"


def purge_after_outage():
    """After the cache was unreachable, purge once it answers: a publish, unpublish or privacy
    change made during the outage could not purge, and copies cached before it must not come
    back with the cache. (The count of outages is kept by core.caching.resilient_redis.ResilientRedisCache.)"""
    outages = getattr(cache, "outages", 0)
    if outages != getattr(cache, "outages_purged", 0) and getattr(cache, "available", True):
        cache.outages_purged = outages
        cache.delete_many(SHARED_STATE_KEYS)
        # Not counted in the database: nothing changed there.
        _purge_cache(None)


# The generation this process saw last: a hit is then one get_many of the generation and the page.
_last_generation = None


def request_generation(request):
    """The generation this request is served under (read once per request: the lookup of a
    cacheable request already did), or None while the cache cannot be reached."""
    if not hasattr(request, "_page_cache_generation"):
        request._page_cache_generation = _read_generation()[0]
    return request._page_cache_generation


def lookup(request, host, language):
    """The cached page (or None) and the key to store it under (None: store nothing), in one
    cache round trip when this process guessed the current generation right (almost always)."""
    global _last_generation
    guessed = _last_generation
    path = cached_path(request)
    guessed_key = cache_key(request.scheme, host, language, path, guessed)
    current, found = _read_generation([guessed_key])
    request._page_cache_generation = current
    if current is None:
        return None, None
    _last_generation = current
    key = cache_key(request.scheme, host, language, path, current)
    if found is None:  # purged just now: nothing is stored under the new generation yet
        return None, key
    if current == guessed:
        return found.get(guessed_key), guessed_key
    return cache.get(key), key


def is_cacheable_request(request):
    return (
        settings.PAGE_CACHE_ENABLED
        and request.method == "GET"
        and (not request.META.get("QUERY_STRING") or query_cached(request))
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(UNPREFIXED_AREAS)
    )


def never_cache(request):
    """Keep this request's response out of the cache (a restricted page, say)."""
    request.page_cache_forbidden = True


def is_canonical_api_request(request):
    """Whether the API view validated this request and its query string is already the
    canonical one (the view sets `request.page_cache_canonical_query`, "" without parameters):
    only that spelling is ever stored, so that other spellings cannot fill the cache."""
    canonical = getattr(request, "page_cache_canonical_query", None)
    return canonical is not None and canonical == request.META.get("QUERY_STRING", "")


def is_cacheable_response(request, response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and (not query_cached(request) or is_canonical_api_request(request))
        and not getattr(request, "page_cache_forbidden", False)
        # A form's CSRF token belongs to one visitor.
        and not request.META.get("CSRF_COOKIE_USED")
        and not response.cookies
        and response.get("Content-Type", "").startswith(CACHEABLE_TYPES)
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        language = translation.get_language_from_path(request.path)
        if language is None and query_cached(request):
            language = QUERY_CACHED_LANGUAGE
        host = cache_host(request)
        if language is None or host is None:  # "/" redirects by cookie and Accept-Language
            return self.get_response(request)
        purge_after_outage()
        cached, key = lookup(request, host, language)
        if cached is not None:
            response = HttpResponse(cached["content"], status=200)
            for header, value in cached["headers"]:
                response[header] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if key is not None and is_cacheable_response(request, response):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            headers = [(h, v) for h, v in response.items() if h.lower() != "set-cookie"]
            response["X-Page-Cache"] = "miss"
            if response.streaming:
                response.streaming_content = _store_when_complete(
                    response.streaming_content, key, headers
                )
            else:
                cache.set(key, {"content": response.content, "headers": headers}, TIMEOUT)
        return response


def _store_when_complete(chunks, key, headers):
    """Pass a streamed response's chunks on, keeping a copy for the cache while it stays under
    MAX_STREAMED_BYTES; store it once the last chunk went out (a client that stops reading
    leaves nothing half-stored)."""
    kept, size = [], 0
    for chunk in chunks:
        if kept is not None:
            size += len(chunk)
            if size > MAX_STREAMED_BYTES:
                kept = None  # too long to cache: stop keeping a copy
            else:
                kept.append(chunk)
        yield chunk
    if kept is not None:
        cache.set(key, {"content": b"".join(kept), "headers": headers}, TIMEOUT)
