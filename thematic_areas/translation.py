from modeltranslation.translator import TranslationOptions, register

from .models import ThematicAreaPage, ThematicAreasIndexPage


@register(ThematicAreasIndexPage)
class ThematicAreasIndexPageTranslation(TranslationOptions):
    fields = ("intro", "body")


@register(ThematicAreaPage)
class ThematicAreaPageTranslation(TranslationOptions):
    fields = ("intro", "body")
