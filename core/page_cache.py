"""A full-page cache for anonymous visitors.

Hand-written because the rules are the site's own: a single "generation" number drops every
language's copy of every page at once (pages show each other in menus, counters and derived links),
a hit costs one cache round trip and no database query, and privacy restrictions are honoured.

Pages are cached per scheme, host, language and path. Every copy is dropped at once (a new
generation) when any page is published, unpublished, moved or deleted, when a privacy
restriction changes, when the footer changes or when a translator edits an interface string;
purges take effect when the change's transaction commits (see `purge`).

The data downloads (CSV, JSON, their datapackage.json) are cached like pages, and so are the read
API's answers (/api/...), whose key also holds the query string (the API answers an unknown or
repeated parameter with a 400, which is not cached). A streamed download is stored when it ends
if it stayed under MAX_STREAMED_BYTES; a longer one streams uncached, so that no response is
held whole in memory for the cache.

Never cached: requests with a session cookie (logged-in staff, previews, visitors who passed a
privacy restriction), anything but GET, the admin, documents, static files, /healthz, requests with
a query string (outside the API), Host headers other than the plain host (or host and the server's own port),
responses that carry a CSRF token, set cookies, are not a 200 or ask not to be cached. So a page under a privacy
restriction never is: Wagtail answers it with a login redirect or a password form (with a token).
"""

import hashlib
import os
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.utils import translation

from .i18n import UNPREFIXED_AREAS

GENERATION_KEY = "page-cache:generation"
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


def purge_now():
    """Drop every cached page, in every language, on every app server sharing the cache.

    When the cache cannot be reached the purge is lost; `purge_after_outage` repeats it once the
    cache answers again."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, _new_generation(), None)


def purge(**kwargs):
    """Drop every cached page once the current transaction commits.

    Inside a transaction (a moderator's approval publishes inside one) a purge made at once would
    let a concurrent request, still reading the old rows, cache the old page under the new
    generation; after the commit every request reads the new rows.
    """
    transaction.on_commit(purge_now, robust=True)


def cache_host(request):
    """The host part of the key, or None when this request must not be cached.

    `get_host()` is checked against ALLOWED_HOSTS; a port other than the scheme's default and the
    server's own would let anyone create an entry per port (and links built from that Host).
    """
    host = request.get_host()
    hostname, port = split_domain_port(host)  # lower case, without a trailing dot
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
    back with the cache. (The count of outages is kept by core.cache.ResilientRedisCache.)"""
    outages = getattr(cache, "outages", 0)
    if outages != getattr(cache, "outages_purged", 0) and getattr(cache, "available", True):
        cache.outages_purged = outages
        purge_now()


# The generation this process saw last: a hit is then one get_many of the generation and the page.
_last_generation = None


def request_generation(request):
    """The generation this request is served under (read once per request: the lookup of a
    cacheable request already did), or None while the cache cannot be reached."""
    if not hasattr(request, "_page_cache_generation"):
        value = generation()
        request._page_cache_generation = value if getattr(cache, "available", True) else None
    return request._page_cache_generation


def lookup(request, host, language):
    """The cached page (or None) and the key to store it under, in one cache round trip when
    this process guessed the current generation right (almost always)."""
    global _last_generation
    guessed = _last_generation
    path = cached_path(request)
    guessed_key = cache_key(request.scheme, host, language, path, guessed)
    found = cache.get_many([GENERATION_KEY, guessed_key])
    current = found.get(GENERATION_KEY) or generation()
    _last_generation = current
    request._page_cache_generation = current if getattr(cache, "available", True) else None
    if current == guessed:
        return found.get(guessed_key), guessed_key
    key = cache_key(request.scheme, host, language, path, current)
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


def is_cacheable_response(request, response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
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
        if is_cacheable_response(request, response):
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
