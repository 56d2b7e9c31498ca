"""Fields translated with modeltranslation: one column per language in LANGUAGES."""

from modeltranslation.translator import TranslationOptions, register

from core.pages.models import FooterSettings, StandardPage


@register(StandardPage)
class StandardPageTranslation(TranslationOptions):
    fields = ("intro", "body")


@register(FooterSettings)
class FooterSettingsTranslation(TranslationOptions):
    fields = ("address",)
