"""Wagtail's workflow e-mails, each written wholly in its recipient's language.

Wagtail 7.4's notifiers (wagtail.admin.mail.EmailNotificationMixin.send_emails) render the subject
and the text in the recipient's language but the HTML part in whatever language is active: an
English-speaking editor got the page's Spanish address, and Spanish words, in the HTML of the
"page approved" e-mail that a Spanish-speaking moderator's approval sent. These notifiers render
each recipient's e-mail inside their language. They take the places (the dispatch_uid) of
Wagtail's own: `connect()` runs in core's ready(), before wagtail.admin's, whose connect with the
same dispatch_uid then does nothing (Django keeps one receiver per dispatch_uid and sender)."""

from django.utils.translation import override
from wagtail.admin import mail
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted
from wagtail.users.models import UserProfile


class InRecipientsLanguage:
    def send_emails(self, template_set, context, recipients, **kwargs):
        sent = True
        for recipient in recipients:
            with override(UserProfile.get_for_user(recipient).get_preferred_language()):
                sent = super().send_emails(template_set, context, [recipient], **kwargs) and sent
        return sent


class TaskSubmissionNotifier(
    InRecipientsLanguage, mail.GroupApprovalTaskStateSubmissionEmailNotifier
):
    pass


class WorkflowSubmissionNotifier(InRecipientsLanguage, mail.WorkflowStateSubmissionEmailNotifier):
    pass


class WorkflowApprovalNotifier(InRecipientsLanguage, mail.WorkflowStateApprovalEmailNotifier):
    pass


class WorkflowRejectionNotifier(InRecipientsLanguage, mail.WorkflowStateRejectionEmailNotifier):
    pass


# Wagtail's signal, sender and dispatch_uid for each (wagtail/admin/signal_handlers.py).
NOTIFIERS = [
    (task_submitted, TaskState, "group_approval_task_submitted_email_notification",
     TaskSubmissionNotifier()),
    (workflow_submitted, WorkflowState, "workflow_state_submitted_email_notification",
     WorkflowSubmissionNotifier()),
    (workflow_rejected, WorkflowState, "workflow_state_rejected_email_notification",
     WorkflowRejectionNotifier()),
    (workflow_approved, WorkflowState, "workflow_state_approved_email_notification",
     WorkflowApprovalNotifier()),
]  # fmt: skip


def connect():
    for signal, sender, dispatch_uid, notifier in NOTIFIERS:
        signal.disconnect(sender=sender, dispatch_uid=dispatch_uid)
        signal.connect(notifier, sender=sender, dispatch_uid=dispatch_uid)
