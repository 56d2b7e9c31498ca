"""Two of Wagtail's admin views, changed where they trap editors (mounted before Wagtail's admin
URLs in quito_portal/urls.py, on the same paths, so every link to them still works)."""

from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access

from core.private_apis import PageCreateView, TaskRevisionPreviewView


class CreatePageWithoutAutosave(PageCreateView):
    """Wagtail's "add page" form, without autosave.

    Wagtail 7.4 autosaves the add form as soon as it is valid for a draft: choosing a country and
    typing one word creates the page, and a second attempt at that country then fails. A page is
    created when the editor saves it; from then on the edit form autosaves as usual. (The preview
    panel does not need autosave: it previews the form's data.)
    """

    def get_context_data(self, **kwargs):
        self.autosave_enabled = False
        return super().get_context_data(**kwargs)

    def post(self, request):
        if self.expects_json_response:  # an autosave from a form loaded before this view
            return self.json_error_response(
                "validation_error", _("The page is created when you save it; autosave starts then.")
            )
        return super().post(request)


class PreviewRevisionForTaskInLanguage(TaskRevisionPreviewView):
    """The moderator's preview of the revision under review, in the language asked for
    (`?mode=en`); Wagtail's own always uses the page's default preview mode (Spanish)."""

    def get(self, request, *args, **kwargs):
        if not self.task_state:
            return super().get(request, *args, **kwargs)  # Wagtail's message and redirect
        revision_object = self.task_state.revision.as_object()
        mode = request.GET.get("mode")
        if mode not in dict(revision_object.preview_modes):
            return super().get(request, *args, **kwargs)
        if not self.task.get_actions(self.object, request.user):
            return super().get(request, *args, **kwargs)  # Wagtail's PermissionDenied
        return revision_object.make_preview_request(
            request, mode, extra_request_attrs={"revision_id": self.task_state.revision.id}
        )


def admin_view(view_class):
    """The view as Wagtail's admin URLs serve theirs: staff only, never cached."""
    return never_cache(require_admin_access(view_class.as_view()))
