from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks

from .models import MemberStatePage


# Before wagtail-modeltranslation's own copy hook, which performs the copy itself.
@hooks.register("before_copy_page", order=-1)
def refuse_to_copy_a_member_state(request, page):
    """Each country has exactly one page: a copy could only fail, so say why instead."""
    if isinstance(page.specific, MemberStatePage):
        messages.error(
            request,
            _("A member state page cannot be copied: each country has exactly one page."),
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None
