"""Helpers for the bilingual site: the same page in every language, and fallback detection."""

import unicodedata

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Page, Revision


def language_codes():
    return [code for code, _name in settings.LANGUAGES]


def default_language():
    return settings.LANGUAGE_CODE


def language_from_path(path):
    """The language of a URL's prefix, or the default language when it has none."""
    return translation.get_language_from_path(path) or default_language()


def page_url_in(page, language, request=None):
    """The page's path in another language, with that language's prefix and slugs."""
    with translation.override(language):
        if isinstance(page, Page):
            url = page.get_url(request=request)
            if url:
                return url
        return reverse("wagtail_serve", args=[""])


# Languages that write a language's name in lower case inside a sentence ("al inglés").
LOWER_CASE_LANGUAGE_NAMES = ("es", "pt")


def language_name(code, in_reader_language=False, in_running_text=False):
    """A language's name, capitalised: in that language ("Português"), as language pickers write
    it, or in the reader's language ("Portugués") for the admin's lists. `in_running_text`: the
    reader's language's name as its sentences write it ("Retirar inglés", "Withdraw English")."""
    if in_running_text:
        name = get_language_info(code)["name_translated"]
        reader = (translation.get_language() or "").split("-")[0]
        return name.lower() if reader in LOWER_CASE_LANGUAGE_NAMES else capfirst(name)
    return capfirst(
        get_language_info(code)["name_translated" if in_reader_language else "name_local"]
    )


def is_empty(value):
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return len(value) == 0
    except TypeError:
        return False


def own_value(obj, field_name, code=None):
    """A translated field's value in one language (the active one by default), without
    modeltranslation's fallback to another language."""
    return getattr(
        obj, build_localized_fieldname(field_name, code or translation.get_language()), None
    )


def fallback_language(obj, field_name):
    """The language actually shown for a translated field, when it is not the active one.

    modeltranslation falls back to Spanish when the active language's column is empty;
    the template needs to know so that the text can carry its own lang attribute.
    """
    active = translation.get_language()
    if not is_empty(own_value(obj, field_name, active)):
        return None
    for code in [default_language(), *language_codes()]:
        if code != active and not is_empty(own_value(obj, field_name, code)):
            return code
    return None


def admin_titles(pages):
    """Sets `admin_title` and `admin_title_language` on each page: its title in the admin user's
    language, else the Spanish one (with "es" for its lang attribute), read from its latest draft
    when it has unpublished changes. Wagtail's draft_title has one language, the last editor's.
    One query, for the pages with a draft; returns `pages`."""
    active, spanish = translation.get_language(), default_language()
    own_column, spanish_column = (build_localized_fieldname("title", c) for c in (active, spanish))
    drafts = {
        page.latest_revision_id: page.pk
        for page in pages
        if page.has_unpublished_changes and page.latest_revision_id
    }
    draft_titles = {
        drafts[pk]: (own, fallback)
        for pk, own, fallback in Revision.objects.filter(pk__in=drafts).values_list(
            "pk", f"content__{own_column}", f"content__{spanish_column}"
        )
    }
    for page in pages:
        own, fallback = draft_titles.get(page.pk) or (
            own_value(page, "title", active),
            own_value(page, "title", spanish),
        )
        empty = is_empty(own) and not is_empty(fallback)
        page.admin_title = fallback if empty else own
        page.admin_title_language = spanish if empty and active != spanish else None
    return pages


def prepare_root_page():
    """Give the tree's root page a value in every language's title and url_path column.

    The root is created by Wagtail's migrations before modeltranslation adds those columns, so
    they are NULL, and child pages would build their per-language url_path from nothing.
    """
    root = Page.get_first_root_node()
    updates = {}
    for code in language_codes():
        if not getattr(root, build_localized_fieldname("url_path", code)):
            updates[build_localized_fieldname("url_path", code)] = "/"
        if not getattr(root, build_localized_fieldname("title", code)):
            updates[build_localized_fieldname("title", code)] = "Root"
    if updates:
        Page.objects.filter(pk=root.pk).update(**updates)
        root.refresh_from_db()
    return root


def collation_key(text):
    """Sort key that orders names as a reader expects: accents and case do not count."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
