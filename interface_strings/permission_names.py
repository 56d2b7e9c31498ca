"""Permissions as the admin's group editor shows them, in the admin user's language.

Django stores each permission's name once, in English ("Can add page"), and Wagtail prints it
as stored: in the group editor's labels ("Can add group", "Wagtail core | page | Can add page")
and, through {% trans %}, in its custom permissions column. Reading `name` gives it in the active
language instead, the way interface_strings/workflow_names.py names the staff groups: Django's
own permissions ("Can add <model>") are put together from their action and the model's verbose
name, which the catalogs translate; any other name is a msgid (Wagtail's, and ours in
core/admin/roles.py). The stored name never changes: saving writes what was read from the database.

Wagtail also builds some labels of that editor when its modules are imported, in whatever
language was active then (`gettext`, not `gettext_lazy`): the image permissions and the
collection and page columns. They are put back as lazy strings, with Wagtail's own msgids, and
the page permissions' checkboxes are labelled by Wagtail's long labels, as the collections' are.
"""

from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext, gettext_lazy

from core.private_apis import (
    page_permission_long_labels,
    replace_field_descriptor,
    set_collection_permission_label,
    set_image_permission_types,
    set_page_permission_labels,
    stored_field_value,
)

from .workflow_names import TranslatedName

# Django names the permissions it creates "Can <action> <verbose_name_raw>".
DEFAULT_NAMES = {
    "add": gettext_lazy("Can add %(name)s"),
    "change": gettext_lazy("Can change %(name)s"),
    "delete": gettext_lazy("Can delete %(name)s"),
    "view": gettext_lazy("Can view %(name)s"),
}

# wagtail/images/forms.py GroupImagePermissionFormSet (the documents' are lazy already).
IMAGE_PERMISSION_TYPES = [
    ("add_image", gettext_lazy("Add"), gettext_lazy("Add/edit images you own")),
    ("change_image", gettext_lazy("Edit"), gettext_lazy("Edit any image")),
    ("choose_image", gettext_lazy("Choose"), gettext_lazy("Select images in choosers")),
]


def permission_name(permission, stored):
    if not stored:
        return stored
    # The content types' cache: no query per permission.
    model = ContentType.objects.get_for_id(permission.content_type_id).model_class()
    if model is not None:
        for action, template in DEFAULT_NAMES.items():
            default = f"Can {action} {model._meta.verbose_name_raw}"
            codename = get_permission_codename(action, model._meta)
            if permission.codename == codename and stored == default:
                return template % {"name": model._meta.verbose_name}
    return gettext(stored)


class TranslatedPermissionName(TranslatedName):
    def translate(self, instance, stored):
        return permission_name(instance, stored)


def _stored_value(field):
    def stored(model_instance, *args, **kwargs):
        return stored_field_value(model_instance, field)

    return stored


def install():
    """Called once from the app's ready()."""
    field = Permission._meta.get_field("name")
    if replace_field_descriptor(Permission, field, TranslatedPermissionName):
        # Saving and serialising use the stored English, never the reader's translation.
        field.pre_save = _stored_value(field)
        field.value_from_object = _stored_value(field)
    set_image_permission_types(IMAGE_PERMISSION_TYPES)
    set_collection_permission_label(gettext_lazy("Collection"))
    # The page field has no label of its own: Django would label it "Page", from the field's
    # name, in English. Each checkbox is labelled as the collections' are: by its long label
    # ("Publish any page"), not "Wagtail core | page | Can publish page".
    set_page_permission_labels(gettext_lazy("Page"), page_permission_label)


def page_permission_label(permission):
    return page_permission_long_labels().get(permission.codename, permission.name)
