from modeltranslation.translator import TranslationOptions, register

from .models import NewsIndexPage, NewsPage


@register(NewsIndexPage)
class NewsIndexPageTranslation(TranslationOptions):
    fields = ("intro", "body")


@register(NewsPage)
class NewsPageTranslation(TranslationOptions):
    fields = ("intro", "body", "author", "summary", "image_alt", "image_caption")
    # Lists and feeds need a summary: the Spanish one (which English falls back to) is required.
    required_languages = {"es": ("summary",)}
