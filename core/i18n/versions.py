"""The same page or view in every language visitors see: the language switcher's and hreflang's
entries."""

from django.utils import translation
from wagtail.models import Page

from core.caching.process_memo import remember_in_process_for_request

from .languages import is_empty, language_name, own_value, page_url_in
from .launch import public_language_codes


def language_versions(page, request=None, translated_only=False):
    """One entry per language visitors see (see core/i18n/launch.py): code, name in that language,
    path and absolute URL of this page. With `translated_only`, only the languages in which the
    page has a title of its own (hreflang must not announce a Spanish page as Portuguese)."""
    current = translation.get_language()
    if isinstance(page, Page) and page.pk is None:
        return _language_versions(page, request, translated_only, current)
    key = ("language-versions", page.pk if isinstance(page, Page) else None, translated_only)
    return remember_in_process_for_request(
        request, key, lambda: _language_versions(page, request, translated_only, current)
    )


def _language_versions(page, request, translated_only, current):
    def shown(code):
        untranslated = isinstance(page, Page) and is_empty(own_value(page, "title", code))
        return not (translated_only and code != current and untranslated)

    return view_language_versions(
        request, lambda code: page_url_in(page, code, request), include=shown
    )


def view_language_versions(request, path_in, canonical_in=None, include=None):
    """The language switcher's and hreflang's entries for any view, pages included: one per
    language visitors see (a language in preparation is never offered), each with its code,
    name in that language, `path_in(code)` and the absolute URL of `canonical_in(code)` (the
    same path unless given: a search's links keep the query, its hreflang does not)."""
    current = translation.get_language()
    versions = []
    for code in public_language_codes():
        if include is not None and not include(code):
            continue
        path = path_in(code)
        canonical = canonical_in(code) if canonical_in else path
        versions.append(
            {
                "code": code,
                "name": language_name(code),
                "path": path,
                "url": request.build_absolute_uri(canonical) if request is not None else canonical,
                "is_current": code == current,
            }
        )
    return versions
