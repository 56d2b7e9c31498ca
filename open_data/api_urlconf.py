"""The API's URLs alone: the root URLconf includes them, and an API 404 names this URLconf so
that LocaleMiddleware does not redirect it into a language prefix (see api.not_found)."""

from django.urls import path, re_path

from .api import api, unknown_address

urlpatterns = [
    path("api/v1/", api.urls),
    re_path(r"^api/", unknown_address),
]
