from django.db import migrations

from core.admin import roles


def allow_translators_to_import_files(apps, schema_editor):
    roles.allow_translators_to_import_files(apps)


def forget_translation_file_import(apps, schema_editor):
    roles.forget_translation_file_import(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("translation_queue", "0001_initial"),
        ("interface_strings", "0002_translators_group"),
    ]

    operations = [
        migrations.RunPython(allow_translators_to_import_files, forget_translation_file_import)
    ]
