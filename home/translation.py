"""Fields translated with modeltranslation: one column per language in LANGUAGES."""

from modeltranslation.translator import TranslationOptions, register

from .models import HomePage


@register(HomePage)
class HomePageTranslation(TranslationOptions):
    fields = ("intro", "body")
