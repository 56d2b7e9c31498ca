import logging
import sys
import uuid

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

from .i18n import language_from_path

logger = logging.getLogger(__name__)


def is_outage(error):
    """Only a database that cannot be reached (or dropped the connection) is an outage; an error
    caused by the request's own input (a DataError, say) is not."""
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


@never_cache
@require_GET
def healthz(request):
    """For load balancers and monitoring: 200 while the database answers (with the cache's state:
    the site serves without it, slower), 503 when the database does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unavailable"}, status=503)
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
        "Disallow: /documents/",
        f"Sitemap: {sitemap}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
