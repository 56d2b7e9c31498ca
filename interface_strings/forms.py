from django import forms
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from core.i18n.languages import language_codes

from .editing import validate_translation


class InterfaceStringForm(forms.Form):
    """One text box per language in LANGUAGES for one source string."""

    def __init__(self, *args, entry, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.entry = entry
        for code in language_codes():
            self.fields[code] = forms.CharField(
                label=get_language_info(code)["name_local"].capitalize(),
                required=False,
                initial=current.get(code, ""),
                widget=forms.Textarea(attrs={"rows": 2, "lang": code}),
                help_text=_("Leave empty to use the translation in the catalog files."),
            )

    def clean(self):
        cleaned_data = super().clean()
        for code in language_codes():
            try:
                validate_translation(self.entry, cleaned_data.get(code, ""))
            except forms.ValidationError as error:
                self.add_error(code, error)
        return cleaned_data
