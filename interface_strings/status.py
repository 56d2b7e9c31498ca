"""Which pages still lack a translation: the data behind the "Translation status" report."""

from dataclasses import dataclass

from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Page

from core.i18n import default_language, is_empty, language_codes
from core.navigation import home_page

# Page's own translated fields that are not text a visitor reads (or that fill themselves in).
NOT_CHECKED = {"slug", "url_path", "seo_title", "search_description"}


def checked_fields(model):
    """Every translated field of the page type that visitors read: the title, then the type's
    own fields (an introduction, a body, a publication's place, a news item's author...)."""
    registered = translator.get_options_for_model(model).all_fields
    return ["title", *sorted(set(registered) - NOT_CHECKED - {"title"})]


@dataclass
class MissingTranslation:
    page: Page
    missing: list  # [(language, [field names])]


def other_languages():
    return [code for code in language_codes() if code != default_language()]


def missing_fields(page, language):
    fields = []
    for name in checked_fields(type(page)):
        localized = build_localized_fieldname(name, language)
        if not hasattr(page, localized):
            continue
        default_value = getattr(page, build_localized_fieldname(name, default_language()), None)
        # Only report what exists in the default language and is missing in this one.
        if is_empty(getattr(page, localized)) and not is_empty(default_value):
            fields.append(name)
    return fields


def untranslated_pages(section=None):
    pages = Page.objects.filter(depth__gt=1).order_by("path")
    if section is not None:
        pages = pages.descendant_of(section, inclusive=True)
    report = []
    for page in pages.specific(defer=False):
        missing = [
            (code, fields) for code in other_languages() if (fields := missing_fields(page, code))
        ]
        if missing:
            report.append(MissingTranslation(page, missing))
    return report


def sections():
    """The site's sections (the home page's children), to filter the report by."""
    home = home_page()
    return list(home.get_children()) if home else []
