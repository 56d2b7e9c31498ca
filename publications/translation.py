from modeltranslation.translator import TranslationOptions, register

from .models import PublicationPage, PublicationsIndexPage


@register(PublicationsIndexPage)
class PublicationsIndexPageTranslation(TranslationOptions):
    fields = ("intro", "body")


@register(PublicationPage)
class PublicationPageTranslation(TranslationOptions):
    fields = ("intro", "place", "body")
