"""What staff may do with pages beyond Wagtail's defaults: page actions that reshape the tree.

In Wagtail, the "change" page permission (edit) also allows deleting, moving and copying
pages that are not live: `PagePermissionTester.can_delete` accepts any draft leaf page for a user
with "change", whoever owns it, and `can_move`/`can_copy` follow from it and from `can_edit`.
Translators hold only "change", so they could delete other people's drafts with their revisions.
Here deleting, moving and copying a page also need a permission that creates or publishes pages
("add" or "publish") where the page is. Every page model of the project answers with this tester
(core.pages.models.BasePage.permissions_for_user), so the admin's views, menus, buttons and bulk actions
all follow the rule; unpublishing, locking, publishing and creating already need their own permissions.
"""

from wagtail.models import PagePermissionTester

# Page permissions that let a user add to or publish in a part of the tree.
RESTRUCTURING_PAGE_PERMISSIONS = frozenset({"add", "publish"})


class PortalPagePermissionTester(PagePermissionTester):
    """Wagtail's rules, except that editing alone never deletes, moves or copies a page."""

    def can_restructure(self):
        if not self.user.is_active:
            return False
        if self.user.is_superuser:
            return True
        return bool(self.permissions & RESTRUCTURING_PAGE_PERMISSIONS)

    def can_delete(self, ignore_bulk=False):
        return self.can_restructure() and super().can_delete(ignore_bulk=ignore_bulk)

    # can_move() and can_move_to() go through can_delete().

    def can_copy(self):
        return self.can_restructure() and super().can_copy()
