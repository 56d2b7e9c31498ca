"""Workflow and task names in the admin's language.

Wagtail stores one name per workflow and task and prints it everywhere (the editor's "Submit to …"
button, the status panel, listings, e-mail subjects, which Wagtail renders in each recipient's
language). The names the project creates (core/roles.py) are stored in English and listed in
core/admin_strings.py, so they are msgids of the project's catalogs: reading `name` gives the
translation for the active language, editable in the interface-strings editor like any string.

Why not translated columns: modeltranslation fields on Wagtail's tables would need migrations
inside Wagtail's package. Why not a second table: every place Wagtail prints `name` would have to
be overridden. A name staff type themselves is not a msgid and shows as typed.

Saving always stores the msgid: a form filled with the Spanish name (the edit form shows the name
in the admin's language) stores "Moderators approval", so English users keep seeing English.
"""

from django.db.models.query_utils import DeferredAttribute
from django.utils import translation
from django.utils.translation import gettext

from core.admin_strings import WORKFLOW_NAMES
from core.i18n import language_codes


def translated_name(name):
    return gettext(name) if name in WORKFLOW_NAMES else name


def stored_name(name):
    """The msgid whose translation (in any of the site's languages) `name` is, else `name`."""
    if name in WORKFLOW_NAMES:
        return name
    for msgid in WORKFLOW_NAMES:
        for code in language_codes():
            with translation.override(code):
                if gettext(msgid) == name:
                    return msgid
    return name


class TranslatedName(DeferredAttribute):
    # A data descriptor (it has __set__), or the value in the instance's __dict__ would be read
    # without passing through __get__.
    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = value

    def __get__(self, instance, cls=None):
        value = super().__get__(instance, cls)
        if instance is None:
            return value
        return translated_name(value)


def _stored_name_pre_save(field):
    def pre_save(model_instance, add):
        value = stored_name(model_instance.__dict__.get(field.attname))
        model_instance.__dict__[field.attname] = value
        return value

    return pre_save


def install():
    """Called once from the app's ready(): Task's descriptor serves its subclasses too."""
    from wagtail.models import Task, Workflow

    for model in (Workflow, Task):
        field = model._meta.get_field("name")
        if not isinstance(model.__dict__.get(field.attname), TranslatedName):
            setattr(model, field.attname, TranslatedName(field))
            field.pre_save = _stored_name_pre_save(field)
