"""Security headers and guards that Django's SecurityMiddleware does not cover."""

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _

# Public pages: nothing inline, nothing from another origin.
PUBLIC_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# The Wagtail admin needs inline scripts and styles, and frames its own previews.
ADMIN_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
)
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


class SecurityHeadersMiddleware:
    """Content-Security-Policy (strict on public pages, looser under /admin/), Permissions-Policy
    and Cross-Origin-Resource-Policy on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = ADMIN_CSP if is_admin_path(request.path) else PUBLIC_CSP
        extra = getattr(settings, "CSP_EXTRA_SOURCES", "")
        if extra:
            policy = policy.replace("img-src 'self'", f"img-src 'self' {extra}")
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class RejectMalformedPathsMiddleware:
    """A path with control characters (a NUL byte, say) can never be a page; the database would
    refuse it with an error. Answer 400 before anything looks it up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any(ord(character) < 32 or ord(character) == 127 for character in request.path):
            return HttpResponseBadRequest(
                _("Bad request: the address contains invalid characters.")
            )
        return self.get_response(request)
