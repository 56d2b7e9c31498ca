from django.db import migrations

from core.admin import roles

def create_staff_roles(apps, schema_editor):
    roles.create_staff_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("interface_strings", "0002_translators_group"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_staff_roles, migrations.RunPython.noop)]
