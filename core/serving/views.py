import contextlib
import ipaddress
import logging
import sys
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, DataError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect
from django.template import loader
from django.templatetags.static import static
from django.utils import translation
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET

from core.i18n.languages import language_from_path

logger = logging.getLogger(__name__)


# SQLite's answer when another writer of the same site held the lock past the timeout: the
# database is there, busy with the site's own work (settings/base.py), not out of reach.
SQLITE_BUSY = ("database is locked", "database table is locked")


def is_outage(error):
    """Only a database that cannot be reached (or dropped the connection) is an outage; an error
    caused by the request's own input (a DataError, say) or by a lock held by another of the
    site's own writers is not."""
    if isinstance(error, OperationalError) and str(error).startswith(SQLITE_BUSY):
        return False
    return isinstance(error, OperationalError | InterfaceError)


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """A 500 page in the language of the URL prefix, rendered without touching the database.

    When the database is unreachable, visitors get the bilingual 503 page; when it refused a
    value that came from the request (a NUL byte, a number out of range), a 400.
    """
    error = sys.exc_info()[1]
    if is_outage(error):
        return service_unavailable(request)
    with translation.override(language_from_path(request.path)):
        if isinstance(error, DataError):
            return HttpResponseBadRequest(
                loader.get_template("400.html").render({"request": request})
            )
        html = loader.get_template(template_name).render({"request": request})
    return HttpResponseServerError(html)


def service_unavailable(request):
    if request.path_info == "/healthz":
        # A middleware before the view met the outage: the health check's own answer still.
        return database_unavailable(request)
    html = loader.get_template("503.html").render({"request": request})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = "60"
    response["Cache-Control"] = "no-store"
    return response


def cache_status():
    """ "ok" when the shared cache stores and returns a value, else "unavailable"."""
    nonce = uuid.uuid4().hex
    try:
        cache.set("healthz:probe", nonce, 30)
        answered = cache.get("healthz:probe")
    except Exception:  # noqa: BLE001 - any failure of the cache is a degraded cache
        logger.warning("Health check: the cache raised an error.", exc_info=True)
        answered = None
    return "ok" if answered == nonce else "unavailable"


def may_see_health_details(request):
    """Callers on loopback or at HEALTHZ_DETAILS_FROM (the health checker), asking directly: a
    request that came through a proxy (nginx always sets X-Forwarded-For) is a visitor's, even
    when the proxy connects from loopback and whatever address the header names."""
    if "HTTP_X_FORWARDED_FOR" in request.META:
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    for allowed in settings.HEALTHZ_DETAILS_FROM:
        with contextlib.suppress(ValueError):
            if address in ipaddress.ip_network(allowed, strict=False):
                return True
    return False


@never_cache
def database_unavailable(request):
    body = {"status": "unavailable"}
    if may_see_health_details(request):
        body["database"] = "unavailable"
    return JsonResponse(body, status=503)


@never_cache
@require_GET
def healthz(request):
    """For load balancers and monitoring: 200 while the database answers, 503 when it does not.
    The state of each part (the cache: the site serves without it, slower) is told only to
    loopback and the health checker; anyone else learns the status alone."""
    details = may_see_health_details(request)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return database_unavailable(request)
    if not details:
        return JsonResponse({"status": "ok"})
    cache_state = cache_status()
    return JsonResponse(
        {
            "status": "ok" if cache_state == "ok" else "degraded",
            "database": "ok",
            "cache": cache_state,
        }
    )


@cache_control(max_age=86400)
def favicon(request):
    """Browsers and crawlers ask for /favicon.ico whatever the page says: send them to the file,
    whose static name changes with its content (so the redirect is not permanent)."""
    return redirect(static("img/favicon.ico"))


def robots_txt(request):
    sitemap = request.build_absolute_uri("/sitemap.xml")
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        # Public documents (the declarations) are indexable; a restricted one answers with
        # X-Robots-Tag: noindex (core/serving/documents.py).
        "Disallow: /documents/authenticate_with_password/",
        f"Sitemap: {sitemap}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
