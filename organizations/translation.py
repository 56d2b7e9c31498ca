from modeltranslation.translator import TranslationOptions, register

from .models import OrganizationPage, OrganizationsIndexPage


@register(OrganizationsIndexPage)
class OrganizationsIndexPageTranslation(TranslationOptions):
    fields = ("intro", "body")


@register(OrganizationPage)
class OrganizationPageTranslation(TranslationOptions):
    fields = ("acronym", "founded_by", "intro", "mandate", "role", "body")
