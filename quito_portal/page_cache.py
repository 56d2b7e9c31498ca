"""A full-page cache for anonymous visitors.

Pages are cached per host, language and path, and all dropped at once (a new "generation") when
any page is published, unpublished, moved or deleted, when the footer changes, or when a
translator edits an interface string: pages show each other (menus, counters, derived links),
so a change to one page can change many.

Never cached: requests with a session cookie (logged-in staff, previews), anything but GET, the
admin, documents, static files, /healthz, requests with a query string, and responses that set
cookies or ask not to be cached.
"""

import hashlib
import os

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation

GENERATION_KEY = "page-cache:generation"
TIMEOUT = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
NOT_CACHED_PREFIXES = (
    "/admin/",
    "/documents/",
    "/static/",
    "/media/",
    "/healthz",
    "/django-admin/",
)
CACHEABLE_TYPES = ("text/html", "application/xml")


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def purge(**kwargs):
    """Drop every cached page, in every language, on every app server sharing the cache."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


def cache_key(request, language, generation_number):
    digest = hashlib.sha256(request.path.encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return f"page-cache:{generation_number}:{request.get_host()}:{language}:{digest}"


def lookup(request, language):
    """The cached page (or None) and the key to store it under, in one cache round trip when
    this process guessed the current generation right (almost always)."""
    global _last_generation
    guessed = _last_generation
    guessed_key = cache_key(request, language, guessed)
    found = cache.get_many([GENERATION_KEY, guessed_key])
    current = found.get(GENERATION_KEY) or generation()
    _last_generation = current
    if current == guessed:
        return found.get(guessed_key), guessed_key
    key = cache_key(request, language, current)
    return cache.get(key), key


_last_generation = 1


def is_cacheable_request(request):
    return (
        settings.PAGE_CACHE_ENABLED
        and request.method == "GET"
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(NOT_CACHED_PREFIXES)
    )


def is_cacheable_response(response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
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
        if language is None:  # "/" redirects by cookie and Accept-Language: never cached
            return self.get_response(request)
        cached, key = lookup(request, language)
        if cached is not None:
            response = HttpResponse(cached["content"], status=200)
            for header, value in cached["headers"]:
                response[header] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if is_cacheable_response(response):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            headers = [(h, v) for h, v in response.items() if h.lower() != "set-cookie"]
            cache.set(key, {"content": response.content, "headers": headers}, TIMEOUT)
            response["X-Page-Cache"] = "miss"
        return response
