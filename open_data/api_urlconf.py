"""The API's URLs alone: the root URLconf includes them, and an API 404 names this URLconf so
that LocaleMiddleware does not redirect it into a language prefix (see views.api_view)."""

from django.urls import include, path, re_path

from . import views
from .urls import api_patterns

urlpatterns = [
    path("api/v1/", include(api_patterns)),
    re_path(r"^api/", views.api_not_found),
]
