"""The admin's login form, with a password label in the user's language."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    # Wagtail redefines the password field without a label, so Django derives "Password" from
    # the field's name and never translates it.
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")
