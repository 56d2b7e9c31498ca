from django.urls import path

from . import views

app_name = "interface_translations"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:key>/", views.edit, name="edit"),
]
