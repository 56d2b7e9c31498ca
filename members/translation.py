from modeltranslation.translator import TranslationOptions, register

from .models import (
    FocalInstitution,
    GroupOfFriendsMember,
    GroupOfFriendsPage,
    MemberStatePage,
    MemberStatesIndexPage,
)


@register(MemberStatesIndexPage)
class MemberStatesIndexPageTranslation(TranslationOptions):
    fields = ("intro", "body")


@register(MemberStatePage)
class MemberStatePageTranslation(TranslationOptions):
    fields = ("intro", "body", "r4v_platform_name", "related_links")


@register(FocalInstitution)
class FocalInstitutionTranslation(TranslationOptions):
    fields = ("name",)


@register(GroupOfFriendsPage)
class GroupOfFriendsPageTranslation(TranslationOptions):
    fields = ("intro", "history", "purpose", "body")


@register(GroupOfFriendsMember)
class GroupOfFriendsMemberTranslation(TranslationOptions):
    fields = ("name",)
