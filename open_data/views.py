"""Downloads (/es/datos/..., /en/data/...) and the data page; the read API is api.py.

Downloads are in the language of the URL prefix. CSV cells that a spreadsheet program would read
as a formula are written with an apostrophe first (see spreadsheet_text); the JSON downloads and
the API keep every value as it is.

Responses are built from the definitions in resources.py. Downloads stream (a generator over a
database iterator) and are cached by the page cache (core/caching/page_cache.py) and purged with
the pages.
"""

import csv
import json
from functools import cache

from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.i18n.versions import view_language_versions

from .resources import LICENCE, build_resources, data_last_modified
from .spreadsheets import spreadsheet_text

FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}
# Files for anyone's tools, from any origin (the API's CORS is django-cors-headers', on /api/).
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Accept-Language, Content-Type",
    "Access-Control-Max-Age": "86400",
}


@cache
def resources():
    return build_resources()


def downloadable():
    return [resource for resource in resources().values() if resource.downloadable]


def download_url(name, file_format, language=None):
    with translation.override(language or translation.get_language()):
        return reverse("open_data:download", args=[name, file_format])


# --- Downloads ---------------------------------------------------------------------------------


class Echo:
    """csv.writer writes each row to this and gets the line back: nothing is kept."""

    def write(self, value):
        return value


def csv_lines(resource, request):
    writer = csv.writer(Echo())
    # A byte order mark so that spreadsheet programs read UTF-8 (the Table Schema's dialect
    # says UTF-8; frictionless reads the mark as such).
    yield "\ufeff" + writer.writerow(resource.column_names)
    names = resource.column_names
    for row in resource.rows(request, resource.select({})):
        yield writer.writerow(
            ["" if row[name] is None else spreadsheet_text(row[name]) for name in names]
        )


def json_lines(resource, request):
    """A JSON array of objects, one row at a time."""
    first = True
    for row in resource.rows(request, resource.select({})):
        yield ("[\n" if first else ",\n") + json.dumps(row, ensure_ascii=False)
        first = False
    yield "[]\n" if first else "\n]\n"


def _with_cors(response):
    for header, value in CORS_HEADERS.items():
        response[header] = value
    return response


@require_safe
def download(request, name, file_format):
    resource = resources().get(name)
    if resource is None or not resource.downloadable or file_format not in FORMATS:
        raise Http404
    language = translation.get_language()
    lines = csv_lines if file_format == "csv" else json_lines
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in lines(resource, request)),
        content_type=FORMATS[file_format],
    )
    filename = f"quito-process-{name}-{language}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _with_cors(response)


def data_package(request):
    """The Frictionless Data package of the downloads in the active language: one resource per
    file (CSV and JSON), each with its Table Schema."""
    language = translation.get_language()
    package_resources = []
    for resource in downloadable():
        schema = table_schema(resource)
        for file_format in FORMATS:
            entry = {
                "name": f"{resource.name}-{file_format}",
                "title": str(resource.title),
                "description": str(resource.description),
                # Relative to this file: /es/datos/datapackage.json and /es/datos/figures.csv.
                "path": f"{resource.name}.{file_format}",
                "format": file_format,
                "mediatype": FORMATS[file_format].split(";")[0],
                "encoding": "utf-8-sig" if file_format == "csv" else "utf-8",
                "schema": schema,
            }
            if file_format == "csv":
                entry["profile"] = "tabular-data-resource"
                entry["dialect"] = {"delimiter": ",", "header": True}
            else:
                entry["profile"] = "tabular-data-resource"
            package_resources.append(entry)
    return {
        "profile": "tabular-data-package",
        "name": f"quito-process-{language}",
        "title": _("Quito Process: open data"),
        "description": " ".join(
            [
                _(
                    "The data the Quito Process portal shows: member states, figures with their "
                    "dates and sources, rounds, publications and organizations."
                ),
                csv_text_note(),
            ]
        ),
        "homepage": request.build_absolute_uri(reverse("open_data:index")),
        "language": language,
        "licenses": [LICENCE],
        "resources": package_resources,
    }


def csv_text_note():
    return _(
        "In the CSV files, a text that starts with =, +, -, @, a tab or a carriage return is "
        "written with an apostrophe (') before it, so that spreadsheet programs do not run it "
        "as a formula; numbers are written as they are. The JSON files and the API give every "
        "text as it is."
    )


def table_schema(resource):
    fields = []
    for column in resource.columns:
        entry = {"name": column.name, "type": column.type, "description": column.description}
        constraints = {}
        if column.required:
            constraints["required"] = True
        if column.enum:
            constraints["enum"] = list(column.enum)
        if column.pattern:
            constraints["pattern"] = column.pattern
        if constraints:
            entry["constraints"] = constraints
        fields.append(entry)
    return {"fields": fields, "primaryKey": ["id"], "missingValues": [""]}


@require_safe
def datapackage_json(request):
    response = JsonResponse(data_package(request), json_dumps_params={"ensure_ascii": False})
    return _with_cors(response)


def page_description():
    return _(
        "Download the data of the Quito Process portal as CSV or JSON: member states, figures "
        "with their dates and sources, rounds, publications and organizations."
    )


def dataset(request, entries, updated):
    """The data page's schema.org Dataset, in the page's language: one DataDownload for each
    file (https://developers.google.com/search/docs/appearance/structured-data/dataset)."""
    absolute = request.build_absolute_uri
    data = {
        "@type": "Dataset",
        "name": _("Quito Process: open data"),
        "description": page_description(),
        "url": absolute(reverse("open_data:index")),
        "inLanguage": translation.get_language(),
        "isAccessibleForFree": True,
        "license": LICENCE["path"],
        "creator": {
            "@type": "Organization",
            "name": _("Quito Process"),
            "url": absolute(reverse("wagtail_serve", args=[""])),
        },
        "distribution": [
            {
                "@type": "DataDownload",
                "name": f"{entry['resource'].title} ({file_format.upper()})",
                "encodingFormat": FORMATS[file_format].split(";")[0],
                "contentUrl": absolute(entry[f"{file_format}_url"]),
            }
            for entry in entries
            for file_format in FORMATS
        ],
    }
    if updated is not None:
        data["dateModified"] = timezone.localtime(updated).isoformat()
    return data


@require_safe
def index(request):
    """The data page: every download in this language, its description and the licence, with
    what every page of the site has (hreflang, canonical, Open Graph, breadcrumbs) and the
    schema.org Dataset that search engines list data by."""

    def path_in(code):
        with translation.override(code):
            return reverse("open_data:index")

    entries = [
        {
            "resource": resource,
            "csv_url": download_url(resource.name, "csv"),
            "json_url": download_url(resource.name, "json"),
        }
        for resource in downloadable()
    ]
    updated = data_last_modified()
    context = {
        "title": _("Open data"),
        "description": page_description(),
        "updated": updated,
        "dataset": dataset(request, entries, updated),
        "resources": entries,
        "datapackage_url": reverse("open_data:datapackage"),
        "api_url": reverse("api:index"),
        "openapi_url": reverse("api:openapi"),
        "licence": LICENCE,
        "csv_text_note": csv_text_note(),
        "versions": view_language_versions(request, path_in),
    }
    return TemplateResponse(request, "open_data/index.html", context)
