"""Editors and Moderators keep the help directory: they add, change and hide entries; only
Moderators delete one (hiding keeps it; deleting loses its history)."""

from django.db import migrations

KEEP = ["add_helpentry", "change_helpentry", "view_helpentry"]


def grant(apps, schema_editor):
    from core.admin import roles

    roles.grant(apps, "Editors", permissions=[f"getting_help.{name}" for name in KEEP])
    roles.grant(
        apps,
        "Moderators",
        permissions=[f"getting_help.{name}" for name in [*KEEP, "delete_helpentry"]],
    )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permissions = Permission.objects.filter(content_type__app_label="getting_help")
    for group in Group.objects.filter(name__in=["Editors", "Moderators"]):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("getting_help", "0006_remove_help_contacts"),
        ("core", "0002_staff_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
