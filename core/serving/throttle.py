"""A bound on the costly requests one host runs at once: the site search, the data downloads and
the read API's answers, when the page cache did not answer them (a hit never reaches a view).

Each one needs one of COSTLY_REQUESTS_MAX slots; when none is free the visitor gets a 429 at once
(a small page in the language of the URL, or the API's JSON error), with Retry-After. So a burst
of uncached work (misspelled searches, which also look for suggestions) keeps most of the
server's processes free for cached pages and /healthz instead of queueing them behind it.

A slot is an exclusive `flock` on one of COSTLY_REQUESTS_MAX files in a folder: it holds across
gunicorn's worker processes and threads on the host (a sync worker runs one request at a time, so a
per-process semaphore would bound nothing), is taken without waiting, and is released by the
kernel if a process dies holding it. The folder is per database by default, so app servers on
one host share the bound (the host's processors are what they share); COSTLY_REQUESTS_LOCK_DIR
chooses another. Per-client limits are nginx's (deploy/nginx.conf).
"""

import fcntl
import hashlib
import logging
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext

from core.i18n.languages import language_from_path
from core.private_apis import call_when_response_closes

logger = logging.getLogger(__name__)

# The views whose uncached answers cost queries and rendering of many rows: URL names.
COSTLY_VIEWS = frozenset(
    {
        "search",
        "open_data:download",
        "open_data:datapackage",
        "api:list",
        "api:detail",
    }
)
RETRY_AFTER_SECONDS = 5
DEFAULT_MAX = 2


def limit():
    return max(1, int(getattr(settings, "COSTLY_REQUESTS_MAX", DEFAULT_MAX)))


def lock_directory():
    configured = getattr(settings, "COSTLY_REQUESTS_LOCK_DIR", "")
    if configured:
        return Path(configured)
    database = settings.DATABASES["default"]
    name = "|".join(str(database.get(part) or "") for part in ("HOST", "PORT", "NAME"))
    digest = hashlib.sha256(name.encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"quito-portal-costly-{os.getuid()}-{digest}"


class Slot:
    """One held slot; release() (or closing the process) frees it."""

    def __init__(self, descriptor):
        self.descriptor = descriptor

    def release(self):
        if self.descriptor is not None:
            os.close(self.descriptor)  # closing the file releases its lock
            self.descriptor = None


def acquire():
    """A free slot, or None when all are taken (never waits). When the folder cannot be used,
    the request is let through: the bound is a protection, not a reason to refuse the site."""
    directory = lock_directory()
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        for number in range(limit()):
            descriptor = os.open(directory / f"slot-{number}", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(descriptor)
                continue
            return Slot(descriptor)
    except OSError:
        logger.warning("Costly-request slots unavailable in %s", directory, exc_info=True)
        return Slot(None)
    return None


def too_many_requests(request):
    """The 429: the API's JSON error in the `lang` asked for, else a small page in the language
    of the URL prefix."""
    if request.path.startswith("/api/"):
        language = request.GET.get("lang", "")
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        with translation.override(language):
            message = gettext(
                "Too many requests are being answered right now. Try again in a few seconds."
            )
        response = JsonResponse({"status": 429, "message": message}, status=429)
        response["Content-Language"] = language
    else:
        with translation.override(language_from_path(request.path)):
            html = loader.get_template("429.html").render({"request": request})
        response = HttpResponse(html, status=429)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def costly(request):
    """Whether the request's path goes to one of COSTLY_VIEWS (resolved in the language of its
    prefix, as the language-prefixed patterns need)."""
    path = request.path_info
    with translation.override(language_from_path(path)):
        try:
            match = resolve(path, getattr(request, "urlconf", None))
        except Resolver404:
            return False
    return match.view_name in COSTLY_VIEWS


class CostlyRequestLimitMiddleware:
    """Takes a slot before a costly view runs and frees it when the response is complete (for a
    streamed download, when the server closes it). Placed early (after the page cache and the
    security headers): a refusal costs no session, language or catalog work, so refusing a burst
    keeps the processes that refuse it nearly free."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not costly(request):
            return self.get_response(request)
        slot = acquire()
        if slot is None:
            return too_many_requests(request)
        try:
            response = self.get_response(request)
        except BaseException:
            slot.release()
            raise
        if response.streaming:
            call_when_response_closes(response, slot.release)
        else:
            slot.release()
        return response
