"""The admin's document form (WAGTAILDOCS_DOCUMENT_FORM_BASE): who may replace a file, and keeping
the file it replaces."""

from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.log_actions import log

from core.serving.uploads import limit_file_field

from .roles import REPLACE_DOCUMENT_FILE

REPLACE_FILE_ACTION = "quito_portal.document.replace_file"


def may_replace_document_file(user):
    """Replacing a document's file changes a live download at once, without moderation, so it
    needs its own permission, granted to Moderators (superusers hold every permission)."""
    app_label, _model, codename = REPLACE_DOCUMENT_FILE
    return bool(user and user.is_active and user.has_perm(f"{app_label}.{codename}"))


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form, with the site's upload limit (core/serving/uploads.py) and two changes
    for documents that already exist:

    - only users with the "replace the file of a document" permission (Moderators, superusers)
      see the file input, and a file posted by anyone else is refused with a form error;
    - the replaced file stays in storage (Wagtail deletes it), and the document's history
      records its name, so the previous version can be recovered.
    """

    refused_file_message = _(
        "Only moderators may replace a document's file. Upload the new file as a new document."
    )

    def __init__(self, *args, **kwargs):
        self.user = kwargs.get("user")
        super().__init__(*args, **kwargs)
        self.replaces_file = bool(self.instance.pk and self.instance.file)
        self.may_replace_file = not self.replaces_file or may_replace_document_file(self.user)
        self.previous_file_name = self.instance.file.name if self.replaces_file else None
        if not self.may_replace_file:
            self.fields.pop("file", None)
        elif "file" in self.fields:
            limit_file_field(self.fields["file"])

    def clean(self):
        cleaned_data = super().clean()
        if not self.may_replace_file and self.files.get(self.add_prefix("file")):
            self.add_error(None, self.refused_file_message)
        return cleaned_data

    def _post_clean(self):
        # A file the field refused (too large, say) never reaches the document, and Wagtail's
        # model check would then add “the file extension “” is not allowed” for the file it
        # does not have: the field's own error is the only true one.
        refused = self._errors.get("file")
        refused = self.error_class(list(refused)) if refused else None
        super()._post_clean()
        if refused is not None:
            self._errors["file"] = refused

    def save(self, commit=True):
        replaced = self.replaces_file and "file" in self.changed_data
        # BaseDocumentForm.save deletes `original_file` from storage when the file changes.
        self.original_file = None
        document = super().save(commit=commit)
        if replaced and commit:
            log(
                instance=document,
                action=REPLACE_FILE_ACTION,
                user=self.user,
                data={"previous_file": self.previous_file_name, "file": document.file.name},
            )
        return document
