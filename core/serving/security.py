"""Security headers and guards that Django's SecurityMiddleware does not cover."""

import ipaddress

from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from django.conf import settings
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from core.addresses import UNPREFIXED_AREAS
from core.i18n.languages import default_language, language_from_path
from core.i18n.launch import is_public, visitor_language

from . import uploads

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in [
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "interest-cohort",
    ]
)


def is_admin_path(path):
    return path.startswith("/admin/")


class CSPMiddleware(BaseCSPMiddleware):
    """django-csp's middleware: settings.CONTENT_SECURITY_POLICY (strict) on public pages,
    settings.ADMIN_CONTENT_SECURITY_POLICY under /admin/ and on Wagtail's previews, and the
    media bucket's origin (settings.MEDIA_IMG_SOURCES) added to img-src in both.

    A preview is rendered through the public page's path and this middleware (Wagtail's
    make_preview_request marks the request `is_preview`), but it is shown in the admin's
    preview panel, a frame: the public frame-ancestors 'none' would blank it.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        if parts.config is None and uses_admin_policy(request):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        media = getattr(settings, "MEDIA_IMG_SOURCES", None)
        if media:
            update = dict(parts.update or {})
            update["img-src"] = [*update.get("img-src", []), *media]
            parts.update = update
        return parts


def uses_admin_policy(request):
    return is_admin_path(request.path) or getattr(request, "is_preview", False)


class SecurityHeadersMiddleware:
    """Hand-written because neither Django nor django-csp sends Permissions-Policy or CORP.

    Every response gets Permissions-Policy (no camera, geolocation, ...) and
    Cross-Origin-Resource-Policy: same-origin, as it gets its Content-Security-Policy from
    CSPMiddleware; Django's SecurityMiddleware covers HSTS, nosniff, Referrer-Policy and COOP.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


def has_control_characters(text):
    return any(ord(character) < 32 or ord(character) == 127 for character in text)


def has_nul(data):
    """True when any key or value of a QueryDict holds a NUL byte."""
    return any(
        "\x00" in key or any("\x00" in value for value in values) for key, values in data.lists()
    )


def malformed_input(request):
    """Why this request's input can never be valid (a message), or None.

    PostgreSQL refuses a NUL byte in any text value, so input carrying one would reach the
    database only to fail there; control characters have no place in a path.
    """
    if has_control_characters(request.path):
        return _("Bad request: the address contains invalid characters.")
    if has_nul(request.GET):
        return _("Bad request: the address contains invalid characters.")
    if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
        if uploads.body_too_large(request):
            # Never read: UploadSizeLimitMiddleware refuses it, in the editor's language.
            return None
        try:
            fields = request.POST
        except MultiPartParserError:
            return _("Bad request: the form data could not be read.")
        if has_nul(fields):
            return _("Bad request: the form contains invalid characters.")
    return None


FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class RejectMalformedPathsMiddleware:
    """A path with control characters, or a query string or form field with a NUL byte, can
    never be valid; the database would refuse it with an error. Answer 400 before anything
    looks it up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with translation.override(language_from_path(request.path)):
            problem = malformed_input(request)
        if problem:
            if request.path_info.startswith("/api/"):  # the read API answers errors in JSON
                response = JsonResponse({"status": 400, "message": str(problem)}, status=400)
                return response
            return HttpResponseBadRequest(problem, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def client_ip(request):
    """The visitor's address for the login lock-out (AXES_CLIENT_IP_CALLABLE).

    With TRUSTED_PROXY_COUNT = N reverse proxies in front, each appending the address it saw to
    X-Forwarded-For, the client is the Nth entry from the right; entries further left were sent
    by the client and could be anything. Without a proxy (0), or with a header shorter than
    expected, it is REMOTE_ADDR.
    """
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    remote = request.META.get("REMOTE_ADDR", "")
    if count <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < count:
        return remote
    client = forwarded[-count]
    try:
        # Behind a misconfigured proxy the entry may be anything ("unknown", "ip:port"); the
        # lock-out stores it as an IP address.
        ipaddress.ip_address(client)
    except ValueError:
        return remote
    return client


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, except that:
    - without a language prefix, the visitor's language is chosen among the public languages
      only (core.i18n.launch.visitor_language): a language in preparation in the cookie or
      Accept-Language is skipped and the next preference wins;
    - a language in preparation's prefix answers 404 (in the default language) to everyone but
      the admin's page preview;
    - a 404 under /admin/ or /documents/ is not redirected into the public site (/es/admin/...),
      where it would become a public page's 404."""

    def process_request(self, request):
        from_path = translation.get_language_from_path(request.path_info)
        language = from_path or visitor_language(request)
        # Wagtail's preview is a request made inside the admin (`is_dummy`): it shows any language.
        if from_path and not is_public(from_path) and not getattr(request, "is_dummy", False):
            translation.activate(default_language())
            request.LANGUAGE_CODE = default_language()
            raise Http404(_("This page does not exist."))
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(UNPREFIXED_AREAS):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)
