"""Settings → Site languages: moderators launch a language in preparation, or withdraw one."""

from django.contrib import messages
from django.http import HttpResponseForbidden
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .i18n import default_language, language_codes, language_name
from .languages import public_language_codes, set_launched
from .models import LanguageLaunch

PERMISSION = "core.launch_language"
MENU_LABEL = gettext_lazy("Site languages")


def site_languages(request):
    if not request.user.has_perm(PERMISSION):
        return HttpResponseForbidden(_("Only moderators launch or withdraw a language."))
    if request.method == "POST":
        code = request.POST.get("language", "")
        launch = request.POST.get("action") == "launch"
        if code == default_language() or code not in language_codes():
            messages.error(request, _("That is not a language of the site that can change."))
        else:
            set_launched(code, launch, request.user)
            name = language_name(code, in_reader_language=True)
            messages.success(
                request,
                (
                    _(
                        "%(language)s is now public: the switcher, hreflang, sitemaps, feeds and search include it."
                    )
                    if launch
                    else _("%(language)s is in preparation again: visitors no longer see it.")
                )
                % {"language": name},
            )
        return redirect("site_languages")
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
    return TemplateResponse(request, "core/admin/site_languages.html", {"rows": rows})
