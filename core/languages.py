"""Which languages visitors see.

Every language in settings.LANGUAGES is edited in the admin, counted in the translation queue and
shown in the page preview. Visitors see the default language and each other language that staff
have launched (LanguageLaunch, changed in the admin's Settings → Site languages); a language added
to LANGUAGES starts in preparation. A site setting rather than one per environment: launching is
an editorial decision (the translation is ready), taken by moderators when the content is, without
a deploy; and every app server reads it from the same database and shared cache.
"""

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from .fragments import remember
from .i18n import default_language, language_codes

CACHE_KEY = "site-languages:launched"


def launched_codes():
    # A launch starts a new generation of the page cache: remembered for a request's generation.
    return set(remember(("launched-languages",), _launched_codes))


def _launched_codes():
    codes = cache.get(CACHE_KEY)
    if codes is None:
        codes = _launched_in_database()
        # `add`, not `set`: a launch committed since this read has stored its own answer.
        cache.add(CACHE_KEY, codes, None)
    return codes


def _launched_in_database():
    from .models import LanguageLaunch

    return sorted(LanguageLaunch.objects.filter(launched=True).values_list("code", flat=True))


def public_language_codes():
    """The languages visitors see, in LANGUAGES' order."""
    launched = launched_codes()
    return [code for code in language_codes() if code == default_language() or code in launched]


def is_public(code):
    return code in public_language_codes()


def staged_language_codes():
    public = set(public_language_codes())
    return [code for code in language_codes() if code not in public]


def set_launched(code, launched, user=None):
    """Launch (or withdraw) a language: the switcher, hreflang, sitemaps, feeds and search follow
    at once, because every cached page is dropped once the change commits."""
    from .models import LanguageLaunch
    from .page_cache import purge_now

    if code == default_language() or code not in language_codes():
        raise ValueError(code)
    LanguageLaunch.objects.update_or_create(
        code=code,
        defaults={"launched": launched, "changed_by": user, "changed_at": timezone.now()},
    )

    def forget():
        # The new answer replaces the old at once (a reader that read the database before the
        # commit only adds its answer where none is stored).
        cache.set(CACHE_KEY, _launched_in_database(), None)
        purge_now()

    transaction.on_commit(forget, robust=True)
