"""Which languages visitors see.

Every language in settings.LANGUAGES is edited in the admin, counted in the translation queue and
shown in the page preview. Visitors see the default language and each other language that staff
have launched (LanguageLaunch, changed in the admin's Settings → Site languages); a language added
to LANGUAGES starts in preparation. A site setting rather than one per environment: launching is
an editorial decision (the translation is ready), taken by moderators when the content is, without
a deploy; and every app server reads it from the same database and shared cache.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_supported_language_variant
from wagtail.log_actions import log

from core.caching.page_cache import purge_now
from core.caching.process_memo import remember_in_process
from core.private_apis import accept_language_preferences, looks_like_language_code

from .languages import default_language, language_codes, language_name
from .models import LanguageLaunch

CACHE_KEY = "site-languages:launched"
PERMISSION = "core.launch_language"
# Wagtail audit log actions (the admin's site history), labelled in core/wagtail_hooks.py.
LAUNCH_ACTION = "core.language_launch"
WITHDRAW_ACTION = "core.language_withdraw"


def launched_codes():
    # A launch starts a new generation of the page cache: remembered for a request's generation.
    return set(remember_in_process(("launched-languages",), _launched_codes))


def _launched_codes():
    codes = cache.get(CACHE_KEY)
    if codes is None:
        codes = _launched_in_database()
        # `add`, not `set`: a launch committed since this read has stored its own answer.
        cache.add(CACHE_KEY, codes, None)
    return codes


def _launched_in_database():
    return sorted(LanguageLaunch.objects.filter(launched=True).values_list("code", flat=True))


def public_language_codes():
    """The languages visitors see, in LANGUAGES' order."""
    launched = launched_codes()
    return [code for code in language_codes() if code == default_language() or code in launched]


def is_public(code):
    return code in public_language_codes()


def visitor_language(request):
    """The language a visitor arriving without a language prefix is sent to: the language
    cookie, then each Accept-Language preference in order, then the default language, as
    Django's negotiation does, but over the public languages only. A language in preparation
    is skipped rather than ending the search: "pt-BR,pt;q=0.9,en;q=0.8" gives English while
    Portuguese is staged, not the default language."""
    public = public_language_codes()
    wanted = [request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or ""]
    for code in accept_language_preferences(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        if code == "*":  # any language will do: the default one
            break
        wanted.append(code)
    for code in wanted:
        if not looks_like_language_code(code):
            continue
        try:
            variant = get_supported_language_variant(code)  # "pt-BR" is "pt", "en-GB" "en"
        except LookupError:
            continue
        if variant in public:
            return variant
    return default_language()


def staged_language_codes():
    public = set(public_language_codes())
    return [code for code in language_codes() if code not in public]


def set_launched(code, launched, user=None):
    """Launch (or withdraw) a language: the switcher, hreflang, sitemaps, feeds and search follow
    at once, because every cached page is dropped once the change commits. The change is logged
    in the site history; False (and nothing logged) when the language was already so."""
    if code == default_language() or code not in language_codes():
        raise ValueError(code)
    # Locked, so that two moderators' clicks are recorded as one change, not two.
    with transaction.atomic():
        row = LanguageLaunch.objects.select_for_update().filter(code=code).first()
        if (row is not None and row.launched) == launched:  # no row: in preparation
            return False
        row, _created = LanguageLaunch.objects.update_or_create(
            code=code,
            defaults={"launched": launched, "changed_by": user, "changed_at": timezone.now()},
        )
        # In Wagtail's audit log (the admin's site history), with who did it.
        log(
            row,
            LAUNCH_ACTION if launched else WITHDRAW_ACTION,
            user=user,
            title=f"{language_name(code)} ({code})",
            data={"language": code},
        )

    def forget():
        # The new answer replaces the old at once (a reader that read the database before the
        # commit only adds its answer where none is stored).
        cache.set(CACHE_KEY, _launched_in_database(), None)
        purge_now()

    transaction.on_commit(forget, robust=True)
    return True
