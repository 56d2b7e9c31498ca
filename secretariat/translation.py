from modeltranslation.translator import TranslationOptions, register

from .models import SecretariatRole, TechnicalSecretariatPage


@register(TechnicalSecretariatPage)
class TechnicalSecretariatPageTranslation(TranslationOptions):
    fields = ("intro", "functions", "based_in", "history", "body")


@register(SecretariatRole)
class SecretariatRoleTranslation(TranslationOptions):
    fields = ("role",)
