"""The search page's path in each language, inside the language prefix: /es/buscar/, /en/search/.

Django matches and reverses a lazy route per active language, so one pattern serves both (and
/en/buscar/ is not the English search page). A language without its own path uses "search/".
The paths are code, not catalog entries: a translator's edit must not move a URL.
"""

from django.urls import path
from django.utils.functional import lazy
from django.utils.translation import get_language

from . import views

PATHS = {"es": "buscar/", "en": "search/", "pt": "busca/"}
DEFAULT_PATH = "search/"


def search_path():
    return PATHS.get(get_language(), DEFAULT_PATH)


urlpatterns = [
    path(lazy(search_path, str)(), views.search, name="search"),
]
