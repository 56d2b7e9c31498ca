"""Staff roles as data: the groups and what each may do. Used by data migrations."""

from django.contrib.auth.management import create_permissions
from django.utils.translation import gettext_noop


def ensure_permissions(apps):
    """Permissions are normally created after all migrations; a data migration needs them now."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def define_permission(apps, app_label, model, codename, name):
    """A permission that no model's Meta declares (so Django's post-migrate step never makes it)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def remove_permission(apps, app_label, codename):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label=app_label, codename=codename).delete()


def grant(apps, group_name, permissions=(), page_permissions=(), collection_permissions=()):
    """Create (or complete) a group with model permissions ("app.codename"), page permissions
    on the whole tree ("add_page", "publish_page"...) and permissions on the root collection of
    images and documents ("wagtailimages.add_image"...)."""
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
    if collection_permissions:
        Collection = apps.get_model("wagtailcore", "Collection")
        GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
        root_collection = Collection.objects.filter(depth=1).first()
        for dotted in collection_permissions:
            app_label, codename = dotted.split(".")
            permission = Permission.objects.get(
                content_type__app_label=app_label, codename=codename
            )
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )
    return group


def ensure_moderation_workflow(apps, name, moderators):
    """One workflow on the whole tree: a page goes live once the moderators approve it."""
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    ContentType = apps.get_model("contenttypes", "ContentType")

    task = GroupApprovalTask.objects.filter(name=name).first()
    if task is None:
        task_type, _created = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(name=name, content_type=task_type, active=True)
    task.groups.add(moderators)
    workflow, _created = Workflow.objects.get_or_create(name=name, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    root = Page.objects.filter(depth=1).first()
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    return workflow


# A Django permission on Wagtail's document model that no Meta declares: migration 0003 makes it.
REPLACE_DOCUMENT_FILE = ("wagtaildocs", "document", "replace_document_file")
# Stored in English, shown in the admin's language (interface_strings/permission_names.py).
REPLACE_DOCUMENT_FILE_NAME = gettext_noop("Can replace a document's file")

# Importing a translated file (translation_queue/exchange.py) writes many pages' texts at once
# from outside the editor: a tool for the people who translate. Migration translation_queue 0002
# makes it and grants it to Translators.
IMPORT_TRANSLATION_FILES = ("translation_queue", "translationitem", "import_translation_files")
IMPORT_TRANSLATION_FILES_NAME = gettext_noop("Can import translated files into pages")

MEDIA = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]


def create_translators_group(apps):
    # Admin access, editing (not publishing) every page, the interface-strings editor and reports.
    # Editing alone never deletes, moves or copies a page (core.pages.permissions).
    return grant(
        apps,
        "Translators",
        permissions=[
            "wagtailadmin.access_admin",
            "interface_strings.view_interfacetranslation",
            "interface_strings.change_interfacetranslation",
        ],
        page_permissions=["change_page"],
    )


def create_staff_roles(apps):
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


def allow_moderators_to_replace_document_files(apps):
    # Replacing a document's file changes a live download without moderation: Moderators only.
    # Editors keep uploading new documents and editing titles, tags and collections.
    app_label, model, codename = REPLACE_DOCUMENT_FILE
    define_permission(apps, app_label, model, codename, REPLACE_DOCUMENT_FILE_NAME)
    grant(apps, "Moderators", permissions=[f"{app_label}.{codename}"])


def forget_document_file_replacement(apps):
    app_label, _model, codename = REPLACE_DOCUMENT_FILE
    remove_permission(apps, app_label, codename)


def allow_translators_to_import_files(apps):
    app_label, model, codename = IMPORT_TRANSLATION_FILES
    define_permission(apps, app_label, model, codename, IMPORT_TRANSLATION_FILES_NAME)
    grant(apps, "Translators", permissions=[f"{app_label}.{codename}"])


def forget_translation_file_import(apps):
    app_label, _model, codename = IMPORT_TRANSLATION_FILES
    remove_permission(apps, app_label, codename)
