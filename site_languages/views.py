"""Settings → Site languages: moderators launch a language in preparation, or withdraw one.

The list only leads (GET) to a confirmation page per language and action, which states what
changes for visitors (site_languages/impact.py); only a POST from that page changes anything.
The views live here rather than in core because the impact is counted by the translation queue
and the interface strings, which core may not import."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponseForbidden
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods
from wagtail.models import ModelLogEntry

from core.i18n.languages import default_language, language_codes, language_name
from core.i18n.launch import (
    LAUNCH_ACTION,
    PERMISSION,
    WITHDRAW_ACTION,
    public_language_codes,
    set_launched,
)
from core.i18n.models import LanguageLaunch

from . import impact

MENU_LABEL = gettext_lazy("Site languages")
LAUNCH, WITHDRAW = "launch", "withdraw"
HISTORY_LENGTH = 10


def moderators_only(view):
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            return HttpResponseForbidden(_("Only moderators launch or withdraw a language."))
        return view(request, *args, **kwargs)

    return wrapped


def recent_history():
    """The latest launches and withdrawals, from Wagtail's audit log (the site history)."""
    return (
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(LanguageLaunch),
            action__in=[LAUNCH_ACTION, WITHDRAW_ACTION],
        )
        .select_related("user")
        .order_by("-timestamp", "-pk")[:HISTORY_LENGTH]
    )


@require_GET
@moderators_only
def site_languages(request):
    public = set(public_language_codes())
    changes = {
        launch.code: launch for launch in LanguageLaunch.objects.select_related("changed_by")
    }
    rows = [
        {
            "code": code,
            "name": language_name(code, in_reader_language=True),
            "local_name": language_name(code),
            "is_default": code == default_language(),
            "is_public": code in public,
            "change": changes.get(code),
        }
        for code in language_codes()
    ]
    return TemplateResponse(
        request,
        "site_languages/index.html",
        {"rows": rows, "history": recent_history()},
    )


@require_http_methods(["GET", "POST"])
@moderators_only
def confirm(request, code, action):
    """GET: what launching (or withdrawing) the language changes; POST: do it."""
    if code == default_language() or code not in language_codes():
        messages.error(request, _("That is not a language of the site that can change."))
        return redirect("site_languages")
    name = language_name(code, in_reader_language=True)
    launching = action == LAUNCH
    if (code in public_language_codes()) == launching:
        messages.warning(
            request,
            (
                _("%(language)s is already public.")
                if launching
                else _("%(language)s is already in preparation.")
            )
            % {"language": name},
        )
        return redirect("site_languages")
    if request.method == "POST":
        set_launched(code, launching, request.user)
        messages.success(
            request,
            (
                _(
                    "%(language)s is now public: the switcher, hreflang, sitemaps, feeds and search include it."
                )
                if launching
                else _("%(language)s is in preparation again: visitors no longer see it.")
            )
            % {"language": name},
        )
        return redirect("site_languages")
    return TemplateResponse(
        request,
        "site_languages/confirm.html",
        {
            "code": code,
            "name": name,
            "name_in_text": language_name(code, in_running_text=True),
            "local_name": language_name(code),
            "launching": launching,
            "impact": (impact.launch if launching else impact.withdraw)(code, request),
        },
    )
