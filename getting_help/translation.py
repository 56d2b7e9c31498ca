from modeltranslation.translator import TranslationOptions, register

from .models import HelpContact, HelpPage


@register(HelpPage)
class HelpPageTranslation(TranslationOptions):
    fields = ("intro", "body")


@register(HelpContact)
class HelpContactTranslation(TranslationOptions):
    fields = ("organization", "helps_with", "address")
