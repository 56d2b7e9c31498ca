from django.db import migrations

from core.admin import roles


def create_translators_group(apps, schema_editor):
    roles.create_translators_group(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("interface_strings", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_translators_group, migrations.RunPython.noop)]
