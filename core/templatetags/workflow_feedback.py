from django import template

from core.admin.workflow_feedback import changes_requested

register = template.Library()


@register.simple_tag
def changes_requested_on(page):
    """The moderator's request for changes that `page` waits on, or None (admin templates)."""
    if page is None or not getattr(page, "pk", None):
        return None
    return changes_requested(page)
