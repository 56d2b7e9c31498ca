"""The moderation workflow as staff go through it: an editor submits, a moderator acts."""

from django.urls import reverse
from wagtail.models import Workflow
from wagtail.users.models import UserProfile

COMMENT = "Revise las cifras del segundo párrafo, por favor."


def prefer(user, language):
    """The language the user chose in their account: the admin and Wagtail's e-mails use it."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


def submit(page, editor, capture):
    """`editor` saves a draft of `page` and submits it to the moderators' workflow."""
    page.save_revision(user=editor)
    with capture(execute=True):
        Workflow.objects.get(active=True).start(page, editor)
    page.refresh_from_db()


def act(client, moderator, page, action, capture, comment=COMMENT):
    """`moderator` approves ("approve") or requests changes ("reject") with `comment`."""
    client.force_login(moderator)
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
    with capture(execute=True):
        response = client.post(url, {"comment": comment})
    assert response.status_code in (200, 302)
    client.logout()
