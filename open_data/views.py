"""Downloads (/es/datos/..., /en/data/...) and the read API (/api/v1/...).

Downloads are in the language of the URL prefix. The API is outside the language prefixes and
takes the language as a `lang` parameter (es by default): one URL per resource for clients, and
one OpenAPI description for both languages.

Every 200 of the API tells the page cache (core/caching/page_cache.py) the canonical spelling of its
query (`request.page_cache_canonical_query`): the validated parameters, each normalised (integers
without leading zeros, a state's code in capitals, fields in the table's column order), without
those that have their default value, sorted by name; "" when none is left. Only that spelling is
cached, and the API's own links (next, previous, the index) are written that way.

CSV cells that a spreadsheet program would read as a formula are written with an apostrophe
first (see spreadsheet_text); the JSON downloads and the API keep every value as it is.

Responses are built from the definitions in resources.py. Downloads stream (a generator over a
database iterator); API lists are pages of at most MAX_LIMIT rows. Both are cached by the page
cache (core/caching/page_cache.py) and purged with the pages.
"""

import csv
import json
import re
from functools import cache
from urllib.parse import urlencode

from django.conf import settings
from django.http import (
    Http404,
    HttpResponse,
    HttpResponsePermanentRedirect,
    JsonResponse,
    StreamingHttpResponse,
)
from django.template.response import TemplateResponse
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.i18n.launch import public_language_codes as language_codes  # visitors see these
from core.i18n.versions import view_language_versions
from core.query_values import ascii_integer

from . import openapi
from .resources import LICENCE, build_resources, data_last_modified
from .spreadsheets import spreadsheet_text

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_OFFSET = 100_000
# A record's id in a path, a limit or an offset: longer numbers are refused before int() reads
# them (the database's ids are far shorter).
MAX_DIGITS = 18
COMMON_PARAMETERS = ("lang", "limit", "offset", "fields")
FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Accept-Language, Content-Type",
    "Access-Control-Max-Age": "86400",
}
ALLOWED_METHODS = ("GET", "HEAD", "OPTIONS")


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


# --- API ---------------------------------------------------------------------------------------


class BadRequest(Exception):
    pass


def api_error(status, message):
    response = JsonResponse({"status": status, "message": str(message)}, status=status)
    return _with_cors(response)


def api_view(view):
    """JSON errors, CORS headers and the language of `lang` for every API view."""

    def wrapped(request, *args, **kwargs):
        if request.method not in ALLOWED_METHODS:
            response = api_error(405, _("This API is read-only: use GET."))
            response["Allow"] = ", ".join(ALLOWED_METHODS)
            return response
        if request.method == "OPTIONS":
            response = _with_cors(HttpResponse(status=204))
            response["Allow"] = ", ".join(ALLOWED_METHODS)
            return response
        try:
            language = api_language(request)
        except BadRequest as error:
            return api_error(400, error)
        with translation.override(language):
            try:
                response = view(request, *args, **kwargs)
            except BadRequest as error:
                return api_error(400, error)
            except Http404 as error:
                response = api_error(404, error.args[0] if error.args else _("Not found."))
                # LocaleMiddleware answers a 404 outside the language prefixes with a redirect
                # into /es/... when the request's URLconf has them; the API's own has none.
                request.urlconf = "open_data.api_urlconf"
                return response
        response["Content-Language"] = language
        return _with_cors(response)

    wrapped.csrf_exempt = True
    return wrapped


def api_language(request):
    values = request.GET.getlist("lang")
    if not values:
        return settings.LANGUAGE_CODE
    if len(values) > 1 or values[0] not in language_codes():
        raise BadRequest(
            _("lang must be one of: %(codes)s.") % {"codes": ", ".join(language_codes())}
        )
    return values[0]


def parameters(request, allowed):
    """The query's parameters, each given once and each known, else a 400."""
    for name in request.GET:
        if name not in allowed:
            raise BadRequest(
                _("Unknown parameter: %(name)s. Known parameters: %(known)s.")
                % {"name": name, "known": ", ".join(allowed)}
            )
        if len(request.GET.getlist(name)) > 1:
            raise BadRequest(_("Give the parameter %(name)s once.") % {"name": name})
    return {name: request.GET[name] for name in request.GET}


def bounded_integer(params, name, default, low, high):
    raw = params.get(name)
    if raw is None:
        return default
    number = ascii_integer(raw, MAX_DIGITS)
    if number is None or number < low or number > high:
        raise BadRequest(
            _("%(name)s must be a whole number from %(low)s to %(high)s.")
            % {"name": name, "low": low, "high": high}
        )
    return number


def chosen_fields(resource, params):
    """The columns asked for, in the table's order (whatever order they were asked in, the
    answer is the same)."""
    raw = params.get("fields")
    if raw is None:
        return resource.column_names
    names = [name.strip() for name in raw.split(",")]
    unknown = [name for name in names if name not in resource.column_names]
    if unknown or not raw.strip():
        raise BadRequest(
            _("Unknown field: %(names)s. Fields: %(known)s.")
            % {"names": ", ".join(unknown) or raw, "known": ", ".join(resource.column_names)}
        )
    return [name for name in resource.column_names if name in names]


def chosen_filters(resource, params):
    """The filters asked for, checked and normalised ({name: value})."""
    filters = {}
    for api_filter in resource.filters:
        value = params.get(api_filter.name)
        if value is None:
            continue
        if api_filter.values is not None and value not in api_filter.values:
            raise BadRequest(
                _("%(name)s must be one of: %(values)s.")
                % {"name": api_filter.name, "values": ", ".join(api_filter.values)}
            )
        if api_filter.pattern and not re.fullmatch(api_filter.pattern, value, re.ASCII):
            raise BadRequest(
                _("%(name)s must match %(pattern)s.")
                % {"name": api_filter.name, "pattern": api_filter.pattern}
            )
        if api_filter.normalise is not None:
            value = api_filter.normalise(value)
        if api_filter.check is not None:
            error = api_filter.check(value)
            if error:
                # Well formed, as the description allows, but naming nothing the site shows.
                raise Http404(error)
        filters[api_filter.name] = value
    return filters


def canonical_query(resource=None, fields=None, limit=DEFAULT_LIMIT, offset=0, filters=None):
    """The one spelling of a validated query: normalised values, defaults left out, names
    sorted; "" when nothing is left. The page cache keeps only answers asked this way."""
    values = {}
    language = translation.get_language()
    if language != settings.LANGUAGE_CODE:
        values["lang"] = language
    if fields is not None and fields != resource.column_names:
        values["fields"] = ",".join(fields)
    if limit != DEFAULT_LIMIT:
        values["limit"] = str(limit)
    if offset:
        values["offset"] = str(offset)
    values.update(filters or {})
    return urlencode(sorted(values.items()), safe=",")


def canonical_url(request, query):
    return request.build_absolute_uri(request.path + (f"?{query}" if query else ""))


def record_id(raw):
    """A record's id as written in a path: ASCII digits without a leading zero, else None
    (a 404). "01" is not another name of record 1: every spelling would be cached apart."""
    number = ascii_integer(raw, MAX_DIGITS)
    if number is None or str(number) != raw:
        return None
    return number


def _resource_or_404(name):
    resource = resources().get(name)
    if resource is None:
        raise Http404(_("There is no such resource. See %(url)s.") % {"url": reverse("api:index")})
    return resource


@api_view
def api_list(request, name):
    resource = _resource_or_404(name)
    allowed = [*COMMON_PARAMETERS, *(f.name for f in resource.filters)]
    params = parameters(request, allowed)
    limit = bounded_integer(params, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    offset = bounded_integer(params, "offset", 0, 0, MAX_OFFSET)
    fields = chosen_fields(resource, params)
    filters = chosen_filters(resource, params)
    selection = resource.select(filters)
    total = resource.count(selection)
    items = [
        {name: row[name] for name in fields}
        for row in resource.rows(request, selection, offset=offset, limit=limit)
    ]
    following = offset + limit if offset + limit < total else None
    previous = max(offset - limit, 0) if offset > 0 else None

    def link(to_offset):
        if to_offset is None:
            return None
        query = canonical_query(resource, fields, limit, to_offset, filters)
        return canonical_url(request, query)

    request.page_cache_canonical_query = canonical_query(resource, fields, limit, offset, filters)
    return JsonResponse(
        {
            "meta": {
                "total_count": total,
                "limit": limit,
                "offset": offset,
                "lang": translation.get_language(),
                "next": link(following),
                "previous": link(previous),
            },
            "items": items,
        },
        json_dumps_params={"ensure_ascii": False},
    )


@api_view
def api_detail(request, name, pk):
    resource = _resource_or_404(name)
    params = parameters(request, ["lang", "fields"])
    fields = chosen_fields(resource, params)
    selection = resource.select({})
    if name == "figures":
        scope, _sep, raw_number = pk.partition("-")
        number = record_id(raw_number)
        selection = [
            (part_scope, queryset.filter(pk=number))
            for part_scope, queryset in selection
            if part_scope == scope and number is not None
        ]
    elif (number := record_id(pk)) is not None:
        selection = selection.filter(pk=number)
    else:
        selection = selection.none()
    rows = list(resource.rows(request, selection, offset=0, limit=1))
    if not rows:
        raise Http404(_("There is no such record."))
    request.page_cache_canonical_query = canonical_query(resource, fields)
    return JsonResponse(
        {name: rows[0][name] for name in fields}, json_dumps_params={"ensure_ascii": False}
    )


@api_view
def api_index(request):
    parameters(request, ["lang"])
    language = translation.get_language()
    query = canonical_query()
    request.page_cache_canonical_query = query
    return JsonResponse(
        {
            "openapi": request.build_absolute_uri(reverse("api:openapi")),
            "lang": language,
            "licence": LICENCE,
            "resources": {
                resource.name: {
                    "title": str(resource.title),
                    "description": str(resource.description),
                    "url": request.build_absolute_uri(
                        reverse("api:list", args=[resource.name]) + (f"?{query}" if query else "")
                    ),
                }
                for resource in resources().values()
            },
        },
        json_dumps_params={"ensure_ascii": False},
    )


@api_view
def api_openapi(request):
    parameters(request, ["lang"])
    request.page_cache_canonical_query = canonical_query()
    return JsonResponse(
        openapi.description(request, resources(), limits=(DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET)),
        json_dumps_params={"ensure_ascii": False},
    )


@api_view
def api_not_found(request, rest=""):
    # The API's catch-all answers before CommonMiddleware could add the slash: add it here, as
    # the rest of the site does (/api/v1 → /api/v1/), when that names an address of the API.
    if not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/", urlconf="open_data.api_urlconf")
        except Resolver404:
            match = None
        if match is not None and match.func is not api_not_found:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(
                request.path + "/" + (f"?{query}" if query else "")
            )
    raise Http404(
        _("There is no such address in this API. See %(url)s.") % {"url": reverse("api:index")}
    )
