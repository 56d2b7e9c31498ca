"""The downloads inside the language prefix (/es/datos/, /en/data/); the API is outside it
(/api/v1/, api_urlconf.py). The data page's path is code, not a catalog entry: a translator's edit must not move
a URL (as search/urls.py)."""

from django.urls import path, re_path
from django.utils.functional import lazy
from django.utils.translation import get_language

from . import views

PATHS = {"es": "datos/", "en": "data/", "pt": "dados/"}
DEFAULT_PATH = "data/"


def data_path():
    return PATHS.get(get_language(), DEFAULT_PATH)


lazy_data_path = lazy(data_path, str)

download_patterns = (
    [
        path(lazy_data_path(), views.index, name="index"),
        path(
            lazy(lambda: data_path() + "datapackage.json", str)(),
            views.datapackage_json,
            name="datapackage",
        ),
        re_path(
            lazy(
                lambda: "^" + data_path() + r"(?P<name>[a-z-]+)\.(?P<file_format>csv|json)$", str
            )(),
            views.download,
            name="download",
        ),
    ],
    "open_data",
)
