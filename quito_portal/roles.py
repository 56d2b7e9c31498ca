"""Staff roles as data: the groups and what each may do. Used by data migrations."""

from django.contrib.auth.management import create_permissions


def ensure_permissions(apps):
    """Permissions are normally created after all migrations; a data migration needs them now."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def grant(apps, group_name, permissions=(), page_permissions=()):
    """Create (or complete) a group with model permissions ("app.codename") and page
    permissions on the whole tree ("add_page", "change_page", "publish_page", ...)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")

    ensure_permissions(apps)
    group, _created = Group.objects.get_or_create(name=group_name)
    for dotted in permissions:
        app_label, codename = dotted.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    root = Page.objects.filter(depth=1).first()
    for codename in page_permissions:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
    return group
