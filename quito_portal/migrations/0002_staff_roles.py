from django.db import migrations

from quito_portal.roles import ensure_moderation_workflow, grant

MEDIA = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]


def create_staff_roles(apps, schema_editor):
    # Editors write and submit for moderation; they cannot publish.
    grant(
        apps,
        "Editors",
        permissions=["wagtailadmin.access_admin"],
        page_permissions=["add_page", "change_page"],
        collection_permissions=MEDIA,
    )
    # Moderators approve and publish.
    moderators = grant(
        apps,
        "Moderators",
        permissions=["wagtailadmin.access_admin"],
        page_permissions=["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
        collection_permissions=MEDIA,
    )
    ensure_moderation_workflow(apps, "Moderators approval", moderators)


class Migration(migrations.Migration):
    dependencies = [
        ("quito_portal", "0001_initial"),
        ("translations", "0002_translators_group"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_staff_roles, migrations.RunPython.noop)]
