from modeltranslation.translator import TranslationOptions, register

from .models import HelpEntry, HelpPage


@register(HelpPage)
class HelpPageTranslation(TranslationOptions):
    fields = ("intro", "body")


@register(HelpEntry)
class HelpEntryTranslation(TranslationOptions):
    # Names differ by language (ACNUR, UNHCR); numbers, addresses on the web and e-mail do not.
    fields = ("organization", "offer", "address", "opening_hours")
