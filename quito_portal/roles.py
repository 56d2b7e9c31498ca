"""Staff roles as data: the groups and what each may do. Used by data migrations."""

from django.contrib.auth.management import create_permissions


def ensure_permissions(apps):
    """Permissions are normally created after all migrations; a data migration needs them now."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


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
    return grant(
        apps,
        "Translators",
        permissions=[
            "wagtailadmin.access_admin",
            "translations.view_interfacetranslation",
            "translations.change_interfacetranslation",
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
