from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from core.i18n.languages import language_name

from .models import TranslationState
from .states import target_languages


def language_choices():
    return [(code, language_name(code, in_reader_language=True)) for code in target_languages()]


class QueueFilterForm(forms.Form):
    """The queue's filters, read from the query string. A value that is not a choice is a form
    error shown above the list, never a 500."""

    language = forms.ChoiceField(label=_("Language"), required=False)
    state = forms.ChoiceField(label=_("State"), required=False)
    section = forms.TypedChoiceField(
        label=_("Section"), required=False, coerce=int, empty_value=None
    )
    page = forms.IntegerField(
        required=False, min_value=1, max_value=2**62, widget=forms.HiddenInput
    )

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("All languages")), *language_choices()]
        self.fields["state"].choices = [
            ("", _("Everything still to do")),
            *TranslationState.choices,
        ]
        self.fields["section"].choices = [("", _("All sections"))] + [
            (section.pk, section.title) for section in sections
        ]

    def cleaned_or_empty(self):
        return self.cleaned_data if self.is_valid() else {}


def sections_for_filter():
    return list(Page.objects.filter(depth=3).order_by("path"))
