from modeltranslation.translator import TranslationOptions, register

from .models import MeetingPage, MeetingsIndexPage


@register(MeetingsIndexPage)
class MeetingsIndexPageTranslation(TranslationOptions):
    fields = ("intro", "body")


@register(MeetingPage)
class MeetingPageTranslation(TranslationOptions):
    fields = ("venue", "city", "intro", "body")
