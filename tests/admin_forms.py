"""Building Wagtail admin page-form posts with per-language field names."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from core.i18n.languages import language_codes


def empty_streams(*names):
    return {f"{name}_{code}": streamfield([]) for name in names for code in language_codes()}


def every_language(data):
    """The form's StreamFields in every language of LANGUAGES: a field given in one language
    only (body_es) gets an empty stream in the others, as the admin's form always sends."""
    data = dict(data)
    for key, value in list(data.items()):
        name, _, code = key.rpartition("_")
        if code in language_codes() and isinstance(value, dict) and "count" in value:
            for other in language_codes():
                data.setdefault(f"{name}_{other}", streamfield([]))
    return data


def admin_post_data(data):
    """wagtail's nested_form_data, with every language's StreamFields (every_language)."""
    return nested_form_data(every_language(data))


def page_form(fields, *, streams=(), inlines=(), publish=False):
    data = {**empty_streams(*streams), **{name: inline_formset([]) for name in inlines}, **fields}
    if publish:
        data["action-publish"] = "action-publish"
    return admin_post_data(data)


def add_url(model, parent):
    return f"/admin/pages/add/{model._meta.app_label}/{model._meta.model_name}/{parent.pk}/"
