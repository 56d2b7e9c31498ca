import sys

from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET

from .i18n import language_from_path


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """A 500 page in the language of the URL prefix, rendered without touching the database.

    When the error is the database being unreachable, visitors get the bilingual 503 page.
    """
    if isinstance(sys.exc_info()[1], DatabaseError):
        return service_unavailable(request)
    with translation.override(language_from_path(request.path)):
        html = loader.get_template(template_name).render({"request": request})
    return HttpResponseServerError(html)


def service_unavailable(request):
    html = loader.get_template("503.html").render({"request": request})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = "60"
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_GET
def healthz(request):
    """For load balancers and monitoring: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


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
