"""Names the project creates, shown in the admin's language: the moderation workflow and its task,
the staff groups, and the root of the page tree and of the collections (Wagtail names both "Root").

Wagtail stores one name per workflow and task and prints it everywhere (the editor's "Submit to …"
button, the status panel, listings, e-mail subjects, which Wagtail renders in each recipient's
language). The names the project creates (core/admin/roles.py) are stored in English and listed in
interface_strings/wagtail_strings.pot, so they are msgids of the project's catalogs: reading `name` gives the
translation for the active language, editable in the interface-strings editor like any string.

Why not translated columns: modeltranslation fields on Wagtail's tables would need migrations
inside Wagtail's package. Why not a second table: every place Wagtail prints `name` would have to
be overridden. A name staff type themselves is not a msgid and shows as typed.

Saving always stores the msgid: a form filled with the Spanish name (the edit form shows the name
in the admin's language) stores "Moderators approval", so English users keep seeing English.
"""

from django.contrib.auth.models import Group
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Collection, Page, Task, Workflow

from core.i18n.languages import language_codes
from core.private_apis import (
    FieldDescriptor,
    replace_field_descriptor,
    set_stored_field_value,
    stored_field_value,
    wrap_function,
)

from .wagtail_strings import stored_names

NAMES = stored_names()


def translated_name(name):
    return gettext(name) if name in NAMES else name


def stored_name(name):
    """The msgid whose translation (in any of the site's languages) `name` is, else `name`."""
    if name in NAMES:
        return name
    for msgid in NAMES:
        for code in language_codes():
            with translation.override(code):
                if gettext(msgid) == name:
                    return msgid
    return name


class TranslatedName(FieldDescriptor):
    """A field read in the active language, stored as it is (subclasses change `translate`)."""

    # A data descriptor (it has __set__), or the value in the instance's __dict__ would be read
    # without passing through __get__.
    def __set__(self, instance, value):
        set_stored_field_value(instance, self.field, value)

    def __get__(self, instance, cls=None):
        value = super().__get__(instance, cls)
        if instance is None:
            return value
        return self.translate(instance, value)

    def translate(self, instance, stored):
        return translated_name(stored)


def _stored_name_pre_save(field):
    def pre_save(model_instance, add):
        value = stored_name(stored_field_value(model_instance, field))
        set_stored_field_value(model_instance, field, value)
        return value

    return pre_save


def _stored_name_prep_value(get_prep_value):
    # Lookups too: a unique name typed in Spanish ("Editores") is checked against the stored
    # msgid ("Editors"), so the form says the name is taken instead of the database refusing it.
    def prep(value):
        return get_prep_value(stored_name(value) if isinstance(value, str) else value)

    return prep


def _root_title(method):
    def title(page):
        value = method(page)
        return translated_name(value) if page.depth == 1 else value

    return title


def install():
    """Called once from the app's ready(): Task's descriptor serves its subclasses too."""
    for model in (Workflow, Task, Group, Collection):
        field = model._meta.get_field("name")
        if replace_field_descriptor(model, field, TranslatedName):
            field.pre_save = _stored_name_pre_save(field)
            field.get_prep_value = _stored_name_prep_value(field.get_prep_value)
    # The page tree's root: its title columns are Wagtail's "Root" in every language
    # (core/i18n/languages.py prepare_root_page), and the admin shows it by its draft title or its title.
    for name in ("get_admin_display_title", "__str__"):
        wrap_function(Page, name, _root_title)
