from modeltranslation.translator import TranslationOptions, register

from .models import OrganizationPage, OrganizationsIndexPage


@register(OrganizationsIndexPage)
class OrganizationsIndexPageTranslation(TranslationOptions):
    fields = ("intro", "body")


@register(OrganizationPage)
class OrganizationPageTranslation(TranslationOptions):
    fields = ("acronym", "name_in_a_sentence", "founded_by", "intro", "mandate", "role", "body")
