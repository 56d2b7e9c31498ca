from django.urls import path

from . import exchange_views, views

app_name = "translation_queue"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("overview/", views.overview, name="overview"),
    path("items/<int:item_id>/reviewed/", views.review, name="review"),
    path("pages/<int:page_id>/status/", views.editor_status, name="editor_status"),
    path("export/", exchange_views.export, name="export"),
    path("import/", exchange_views.import_file, name="import"),
    path("import/moderation/", exchange_views.submit_drafts, name="submit_drafts"),
]
