from django.db import migrations

from core.admin import roles


def allow_moderators_to_replace_document_files(apps, schema_editor):
    roles.allow_moderators_to_replace_document_files(apps)


def forget_document_file_replacement(apps, schema_editor):
    roles.forget_document_file_replacement(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_staff_roles"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        migrations.RunPython(
            allow_moderators_to_replace_document_files, forget_document_file_replacement
        )
    ]
