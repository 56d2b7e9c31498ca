"""What a moderator said when they requested changes: their comment and their name, shown to the
editor on the dashboard and in the page editor (Wagtail keeps both on the rejected task state,
and shows them only in the workflow's history dialog, under the name of whoever submitted)."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from wagtail.models import Page, TaskState, WorkflowState


@dataclass
class ChangesRequested:
    page: Page
    moderator: AbstractBaseUser | None
    comment: str
    requested_at: datetime
    task_name: str


def _feedback(workflow_state, page):
    task_state = workflow_state.current_task_state
    if task_state is None or task_state.status != TaskState.STATUS_REJECTED:
        return None
    return ChangesRequested(
        page=page,
        moderator=task_state.finished_by,
        comment=task_state.get_comment(),
        requested_at=task_state.finished_at,
        task_name=task_state.task.name,
    )


def changes_requested(page):
    """The request for changes that `page`'s workflow is waiting on, or None."""
    workflow_state = (
        WorkflowState.objects.for_instance(page)
        .filter(status=WorkflowState.STATUS_NEEDS_CHANGES)
        .select_related("current_task_state__finished_by", "current_task_state__task")
        .first()
    )
    return _feedback(workflow_state, page) if workflow_state else None


def changes_requested_of(user):
    """The pages that `user` submitted and a moderator sent back, most recent first."""
    states = (
        WorkflowState.objects.filter(
            status=WorkflowState.STATUS_NEEDS_CHANGES,
            requested_by=user,
            base_content_type__app_label="wagtailcore",
            base_content_type__model="page",
        )
        .select_related("current_task_state__finished_by", "current_task_state__task")
        .order_by("-current_task_state__finished_at")
    )
    pages = Page.objects.in_bulk([int(state.object_id) for state in states])
    found = [
        _feedback(state, pages[int(state.object_id)])
        for state in states
        if int(state.object_id) in pages
    ]
    return [feedback for feedback in found if feedback is not None]
