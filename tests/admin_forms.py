"""Building Wagtail admin page-form posts with per-language field names."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from core.i18n import language_codes


def empty_streams(*names):
    return {f"{name}_{code}": streamfield([]) for name in names for code in language_codes()}


def page_form(fields, *, streams=(), inlines=(), publish=False):
    data = {**empty_streams(*streams), **{name: inline_formset([]) for name in inlines}, **fields}
    if publish:
        data["action-publish"] = "action-publish"
    return nested_form_data(data)


def add_url(model, parent):
    return f"/admin/pages/add/{model._meta.app_label}/{model._meta.model_name}/{parent.pk}/"
