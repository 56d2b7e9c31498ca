from modeltranslation.translator import TranslationOptions, register

from .models import RoundDocument, RoundPage, RoundsIndexPage


@register(RoundsIndexPage)
class RoundsIndexPageTranslation(TranslationOptions):
    fields = ("intro", "body")


@register(RoundPage)
class RoundPageTranslation(TranslationOptions):
    fields = ("chapter", "host_city", "intro", "outcome", "body")


@register(RoundDocument)
class RoundDocumentTranslation(TranslationOptions):
    fields = ("title",)
