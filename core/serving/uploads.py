"""One limit for every uploaded file: UPLOAD_MAX_MB (settings, from the environment).

Everything else is derived from it, so the browser, nginx, Django and Wagtail never disagree:
- Wagtail's image and document fields (core/admin/image_forms.py, core/admin/document_forms.py) refuse a
  larger file with `too_large_message()`;
- the admin's script (static/js/admin-upload-limit.js) refuses it before anything is sent, with
  the same message, on every file input and on the multiple-upload pages;
- a request body above `request_max_bytes()` (the file plus the form around it) is what nginx's
  `client_max_body_size` cuts (tests check deploy/nginx.conf); Django answers such a request
  itself when no nginx is in front (UploadSizeLimitMiddleware), and nginx hands its own 413 to
  the app (`too_large_view`), so both answer with that message in the editor's language, in a
  form the upload screen shows.
"""

import math

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext

MEGABYTE = 1024 * 1024
# What a form posts besides the file: title, collection, tags, the CSRF token, multipart headers.
FORM_MARGIN_BYTES = MEGABYTE
# Wagtail's multiple-upload pages read a JSON answer with `success` and `error_message` and show
# the message beside the file (as for a file of a refused type).
MULTIPLE_UPLOAD_VIEWS = {"wagtailimages:add_multiple", "wagtaildocs:add_multiple"}
# nginx passes the refused request's path to too_large_view in this header.
ORIGINAL_URI_HEADER = "HTTP_X_ORIGINAL_URI"


def max_file_bytes():
    return settings.UPLOAD_MAX_MB * MEGABYTE


def request_max_bytes():
    return max_file_bytes() + FORM_MARGIN_BYTES


def request_max_megabytes():
    """nginx's client_max_body_size, in whole megabytes."""
    return math.ceil(request_max_bytes() / MEGABYTE)


def too_large_message():
    return gettext(
        "This file is larger than %(max)s MB, the most the site accepts. Make it smaller (for "
        "example, save the PDF as a reduced-size PDF or compress the image) and upload it again."
    ) % {"max": settings.UPLOAD_MAX_MB}


def admin_language(request):
    """The language the admin speaks to this user (their preference), else the active one."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and hasattr(user, "wagtail_userprofile"):
        return user.wagtail_userprofile.get_preferred_language()
    return translation.get_language()


def wants_json(request):
    return request.headers.get(
        "X-Requested-With"
    ) == "XMLHttpRequest" or "application/json" in request.headers.get("Accept", "")


def too_large_response(request, path):
    """The answer to a request whose body is too large for the site, in the user's language:
    what the screen that sent it shows (never an English 413 page, never a 500)."""
    with translation.override(admin_language(request)):
        message = too_large_message()
        try:
            view_name = resolve(path).view_name
        except Resolver404:
            view_name = ""
        if view_name in MULTIPLE_UPLOAD_VIEWS:
            # A refused file, as Wagtail's own answer for one: its upload list shows the message.
            return JsonResponse({"success": False, "error_message": message})
        if wants_json(request):
            # Chooser modals and other scripted forms (admin-upload-limit.js shows it).
            return JsonResponse({"success": False, "error_message": message}, status=413)
        back = request.headers.get("Referer", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
            back = ""
        html = render_to_string(
            "core/upload_too_large.html", {"message": message, "back": back}, request=request
        )
        return HttpResponse(html, status=413)


def body_too_large(request):
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > request_max_bytes()


class UploadSizeLimitMiddleware:
    """Refuses a request body above request_max_bytes() before anything reads it, as nginx
    does in front of the site (a server reached directly would otherwise read it all, and the
    form would add errors about a file it never got)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if body_too_large(request):
            return too_large_response(request, request.path_info)
        return self.get_response(request)


def too_large_view(request):
    """Where nginx sends its own 413 (deploy/nginx.conf, `error_page 413`): the refused
    request's path comes in a header, its body never reaches the app."""
    original = request.META.get(ORIGINAL_URI_HEADER, "").split("?", 1)[0]
    return too_large_response(request, original or request.path_info)


def limit_file_field(field):
    """Wagtail's image or document file field, with the site's limit and its message (which the
    multiple-upload pages also use in the browser: `file_too_large_unknown_size`)."""
    field.max_upload_size = max_file_bytes()
    message = too_large_message()
    # Wagtail %-formats these with the file's size: a message without placeholders stays as it is.
    field.error_messages["file_too_large"] = message
    field.error_messages["file_too_large_unknown_size"] = message
