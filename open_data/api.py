"""The read API (/api/v1/) on django-ninja: one list and one record operation per resource of
resources.py, each with Pydantic schemas for its query and its answers, from which ninja builds
the OpenAPI description (/api/v1/openapi.json) and validates requests. Contract:
docs/open-data.md; why ninja: docs/decisions/0004-open-data-api.md.

What ninja does not do the site's way is said here once:
- Errors are {"status", "message"} in the language of `lang` (a bad `lang`: Spanish), with 400
  for bad input where ninja says 422, and a JSON 404.
- A parameter given twice or not known is a 400 (ninja keeps the last value and ignores
  unknown names): every spelling that is answered must have one canonical form, the one the
  page cache keeps (see canonical_query).
- `fields` is one comma-separated value (form style, not exploded), described so.
- Only GET (and HEAD) is answered; any other method gets a JSON 405. CORS: django-cors-headers
  (settings), for /api/ only.
"""

import datetime
import re
from functools import wraps
from typing import Annotated, Literal
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import Query, Schema
from ninja.decorators import decorate_view
from ninja.errors import ValidationError
from ninja.parser import Parser
from ninja.renderers import JSONRenderer
from pydantic import ConfigDict, Field, create_model
from pydantic_core import PydanticCustomError, core_schema

from core.i18n.launch import public_language_codes
from core.private_apis import ninja_api_with_content_type
from core.query_values import ascii_integer

from .resources import LICENCE
from .views import resources

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_OFFSET = 100_000
# A record's id in a path, a limit or an offset: longer numbers are refused before int() reads
# them (the database's ids are far shorter).
MAX_DIGITS = 18
ANSWERED_METHODS = ("GET", "HEAD")
ALLOWED_METHODS = ("GET", "HEAD", "OPTIONS")
# Registered so that the API, not ninja's plain-text 405, answers them (see read_only).
REFUSED_METHODS = ("OPTIONS", "POST", "PUT", "PATCH", "DELETE", "TRACE")
API_DESCRIPTION = (
    "Read-only data of the Quito Process portal: member states, figures with their dates and "
    "sources, rounds, publications, organizations and pages. Dates are ISO 8601 as precise as "
    "their sources: YYYY-MM-DD, YYYY-MM (a month) or YYYY (a year), with a *_precision field "
    "beside them (day, month or year); a round's plenary and its Pro Tempore Presidency have "
    "dates of their own. No authentication; CORS open for GET. Errors are JSON with a message. "
    "Answers are cached for the canonical spelling of a query only (the one the next and "
    "previous links use): parameters sorted by name, defaults left out, numbers without leading "
    "zeros, a state's code in capitals, fields in column order. In the CSV downloads, a text "
    "starting with =, +, -, @, a tab or a carriage return has an apostrophe before it; the API "
    "gives every text as it is."
)


# --- Parameter types: validated by Pydantic, described in OpenAPI --------------------------------


def refuse(message):
    """A parameter's error, with its message as the API says it (see bad_request)."""
    return PydanticCustomError("api_parameter", "{message}", {"message": str(message)})


class QueryValue:
    """A query parameter read by `parse` (the raw text -> the value, or raises via refuse) and
    described by `describe` (-> its JSON schema, built when the description is asked for, so
    that a newly launched language is listed)."""

    def __init__(self, parse, describe):
        self.parse = parse
        self.describe = describe

    def __get_pydantic_core_schema__(self, source, handler):
        return core_schema.no_info_plain_validator_function(self.parse)

    def __get_pydantic_json_schema__(self, schema, handler):
        return self.describe()


def _language(value):
    if value not in public_language_codes():
        raise refuse(
            _("lang must be one of: %(codes)s.") % {"codes": ", ".join(public_language_codes())}
        )
    return value


LANGUAGE = QueryValue(_language, lambda: {"type": "string", "enum": list(public_language_codes())})


def whole_number(name, low, high):
    def parse(value):
        number = ascii_integer(value, MAX_DIGITS)
        if number is None or not low <= number <= high:
            raise refuse(
                _("%(name)s must be a whole number from %(low)s to %(high)s.")
                % {"name": name, "low": low, "high": high}
            )
        return number

    return QueryValue(parse, lambda: {"type": "integer", "minimum": low, "maximum": high})


def field_names(resource):
    """`fields`: names of the resource's columns, given in one comma-separated value (the parser
    splits it); the answer is the columns in the table's order, whatever order they were asked
    in, so that every spelling gets the same answer."""
    known = resource.column_names

    def parse(names):
        unknown = [name for name in names if name not in known]
        if unknown or names == [""]:
            raise refuse(
                _("Unknown field: %(names)s. Fields: %(known)s.")
                % {"names": ", ".join(unknown) or ",".join(names), "known": ", ".join(known)}
            )
        return [name for name in known if name in names]

    return QueryValue(
        parse,
        lambda: {"type": "array", "items": {"type": "string", "enum": list(known)}, "minItems": 1},
    )


def filter_value(api_filter):
    def parse(value):
        if api_filter.values is not None and value not in api_filter.values:
            raise refuse(
                _("%(name)s must be one of: %(values)s.")
                % {"name": api_filter.name, "values": ", ".join(api_filter.values)}
            )
        if api_filter.pattern and not _matches(api_filter.pattern, value):
            raise refuse(
                _("%(name)s must match %(pattern)s.")
                % {"name": api_filter.name, "pattern": api_filter.pattern}
            )
        return api_filter.normalise(value) if api_filter.normalise else value

    def describe():
        schema = {"type": "string"}
        if api_filter.values is not None:
            schema["enum"] = list(api_filter.values)
        if api_filter.pattern:
            schema["pattern"] = api_filter.pattern
        return schema

    return QueryValue(parse, describe)


def _matches(pattern, value):
    return re.fullmatch(pattern, value, re.ASCII) is not None


def _without_defaults(schema, model=None):
    """No "default": null in the description: an absent parameter or column is not a null."""
    for details in schema.get("properties", {}).values():
        if details.get("default", ...) is None:
            del details["default"]
        details.pop("title", None)


class QueryParameters(Schema):
    model_config = ConfigDict(json_schema_extra=_without_defaults)


def query_model(resource, listing):
    """The query parameters of a resource's list (`listing`) or of one of its records."""
    fields = {
        "lang": (
            Annotated[str, LANGUAGE],
            Field(
                settings.LANGUAGE_CODE,
                description="Language of the texts, labels and page URLs (es by default).",
            ),
        ),
        "fields": (
            Annotated[list, field_names(resource)],
            Field(
                None,
                description="Columns to return, separated by commas: "
                + ", ".join(resource.column_names),
            ),
        ),
    }
    if listing:
        fields["limit"] = (
            Annotated[int, whole_number("limit", 1, MAX_LIMIT)],
            Field(DEFAULT_LIMIT, description=f"Items per page, 1 to {MAX_LIMIT}."),
        )
        fields["offset"] = (
            Annotated[int, whole_number("offset", 0, MAX_OFFSET)],
            Field(0, description=f"Items to skip, 0 to {MAX_OFFSET}."),
        )
        for api_filter in resource.filters:
            fields[api_filter.name] = (
                Annotated[str, filter_value(api_filter)],
                Field(None, description=api_filter.description),
            )
    kind = "List" if listing else "Record"
    return create_model(f"{schema_name(resource)}{kind}Query", __base__=QueryParameters, **fields)


class LanguageOnly(QueryParameters):
    lang: Annotated[str, LANGUAGE] = Field(
        settings.LANGUAGE_CODE,
        description="Language of the texts, labels and page URLs (es by default).",
    )


# --- Answer schemas ------------------------------------------------------------------------------


class Error(Schema):
    status: int
    message: str


class Meta(Schema):
    total_count: int = Field(ge=0)
    limit: int
    offset: int
    lang: Annotated[str, LANGUAGE]
    next: str | None = Field(json_schema_extra={"format": "uri"})
    previous: str | None = Field(json_schema_extra={"format": "uri"})


class Record(Schema):
    # `fields` may leave any column out: no column is required, none may be added.
    model_config = ConfigDict(extra="forbid", json_schema_extra=_without_defaults)


# Table Schema types (resources.Column.type) as Python types. A datetime column keeps the text
# its row wrote (Pydantic would rewrite an offset of +00:00 as Z).
COLUMN_TYPES = {"integer": int, "year": int, "string": str, "date": datetime.date, "datetime": str}


def column_field(column):
    annotation = Literal[tuple(column.enum)] if column.enum else COLUMN_TYPES[column.type]
    if not column.required:
        annotation = annotation | None
    extra = {"format": "date-time"} if column.type == "datetime" else None
    return (
        annotation,
        Field(
            None,
            description=column.description,
            pattern=column.pattern or None,
            json_schema_extra=extra,
        ),
    )


def schema_name(resource):
    return "".join(part.capitalize() for part in resource.name.split("-"))


def record_model(resource):
    columns = {column.name: column_field(column) for column in resource.columns}
    return create_model(schema_name(resource), __base__=Record, **columns)


def page_model(resource, record):
    return create_model(
        f"{schema_name(resource)}Page", __base__=Schema, meta=(Meta, ...), items=(list[record], ...)
    )


# --- The API -------------------------------------------------------------------------------------


class CommaSeparatedLists(Parser):
    """`fields=a,b` is one value holding a list (OpenAPI's form style, not exploded)."""

    def parse_querydict(self, data, list_fields, request):
        values = super().parse_querydict(data, [], request)
        for name in list_fields:
            if name in values:
                values[name] = [part.strip() for part in values[name].split(",")]
        return values


class Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


class PortalAPI(ninja_api_with_content_type("application/json")):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for methods in schema["paths"].values():
            # Other methods are registered only to be refused (read_only): GET is the API.
            for method in [name for name in methods if name != "get"]:
                del methods[method]
            for parameter in methods["get"]["parameters"]:
                if parameter["name"] == "fields":
                    parameter.update(style="form", explode=False)
        return schema


api = PortalAPI(
    title="Quito Process portal: read API",
    version="1.1.0",
    description=API_DESCRIPTION,
    urls_namespace="api",
    openapi_url=None,
    docs_url=None,
    renderer=Renderer(),
    parser=CommaSeparatedLists(),
    openapi_extra={
        "info": {
            "license": {"name": "CC-BY-4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
        }
    },
)


def error(request, status, message):
    return api.create_response(request, {"status": status, "message": str(message)}, status=status)


@api.exception_handler(ValidationError)
def bad_request(request, exc):
    first = exc.errors[0]
    message = first.get("ctx", {}).get("message") or first.get("msg")
    return error(request, 400, message)


@api.exception_handler(Http404)
def not_found(request, exc):
    response = error(request, 404, exc.args[0] if exc.args else _("Not found."))
    # LocaleMiddleware answers a 404 outside the language prefixes with a redirect into /es/...
    # when the request's URLconf has them; the API's own has none.
    request.urlconf = "open_data.api_urlconf"
    return response


def requested_language(request):
    """The language of the answer: `lang` when it names a public language once, else the
    default (a bad `lang` is then refused in it)."""
    values = request.GET.getlist("lang")
    if len(values) == 1 and values[0] in public_language_codes():
        return values[0]
    return settings.LANGUAGE_CODE


def read_only(parameters):
    """Before ninja reads the query: other methods refused, each parameter known and given
    once, and the answer in the language of `lang` (its errors included)."""

    def decorator(run):
        @wraps(run)
        def answer(request, *args, **kwargs):
            if request.method not in ANSWERED_METHODS:
                return method_not_allowed(request)
            language = requested_language(request)
            with translation.override(language):
                problem = unknown_or_repeated(request, parameters)
                response = (
                    error(request, 400, problem) if problem else run(request, *args, **kwargs)
                )
            if response.status_code == 200:
                response["Content-Language"] = language
            return response

        return answer

    return decorator


def method_not_allowed(request):
    if request.method == "OPTIONS":  # a CORS preflight is answered by django-cors-headers
        response = HttpResponse(status=204)
    else:
        with translation.override(requested_language(request)):
            response = error(request, 405, _("This API is read-only: use GET."))
    response["Allow"] = ", ".join(ALLOWED_METHODS)
    return response


def unknown_or_repeated(request, allowed):
    for name in request.GET:
        if name not in allowed:
            return _("Unknown parameter: %(name)s. Known parameters: %(known)s.") % {
                "name": name,
                "known": ", ".join(allowed),
            }
        if len(request.GET.getlist(name)) > 1:
            return _("Give the parameter %(name)s once.") % {"name": name}
    return None


def canonical_query(resource=None, fields=None, limit=DEFAULT_LIMIT, offset=0, filters=None):
    """The one spelling of a validated query: normalised values, defaults left out, names
    sorted; "" when nothing is left. The page cache keeps only answers asked this way
    (`request.page_cache_canonical_query`, core/caching/page_cache.py), and the API's own links
    are written this way."""
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


def chosen(query, resource):
    return query.fields if query.fields is not None else resource.column_names


def chosen_filters(resource, query):
    """The filters asked for ({name: value}, validated and normalised); a well-formed value
    that names nothing the site shows is a 404."""
    filters = {}
    for api_filter in resource.filters:
        value = getattr(query, api_filter.name)
        if value is None:
            continue
        if api_filter.check is not None and (problem := api_filter.check(value)):
            raise Http404(problem)
        filters[api_filter.name] = value
    return filters


def register_list(resource, page):
    list_query = query_model(resource, listing=True)
    parameters = list(list_query.model_fields)

    @api.api_operation(
        [*ANSWERED_METHODS, *REFUSED_METHODS],
        f"/{resource.name}/",
        response={200: page, 400: Error, 404: Error},
        operation_id=f"list_{resource.name.replace('-', '_')}",
        summary=resource.title,
        description=resource.description,
        url_name="list",
        exclude_unset=True,
    )
    @decorate_view(read_only(parameters))
    def list_records(request, query: Query[list_query]):
        fields = chosen(query, resource)
        filters = chosen_filters(resource, query)
        limit, offset = query.limit, query.offset
        selection = resource.select(filters)
        total = resource.count(selection)
        items = [
            {name: row[name] for name in fields}
            for row in resource.rows(request, selection, offset=offset, limit=limit)
        ]

        def link(to_offset):
            query_string = canonical_query(resource, fields, limit, to_offset, filters)
            return canonical_url(request, query_string)

        request.page_cache_canonical_query = canonical_query(
            resource, fields, limit, offset, filters
        )
        return {
            "meta": {
                "total_count": total,
                "limit": limit,
                "offset": offset,
                "lang": translation.get_language(),
                "next": link(offset + limit) if offset + limit < total else None,
                "previous": link(max(offset - limit, 0)) if offset > 0 else None,
            },
            "items": items,
        }


def register_detail(resource, record):
    record_query = query_model(resource, listing=False)
    parameters = list(record_query.model_fields)
    if resource.name == "figures":
        id_schema = {"type": "string", "pattern": "^(state|region)-[0-9]+$"}
    else:
        id_schema = {"type": "integer", "minimum": 1}
    # The path's text as it is: record_id reads it (a malformed id is a 404, not a 400).
    record_path = QueryValue(lambda value: value, lambda: id_schema)

    @api.api_operation(
        [*ANSWERED_METHODS, *REFUSED_METHODS],
        f"/{resource.name}/{{id}}/",
        response={200: record, 400: Error, 404: Error},
        operation_id=f"get_{resource.name.replace('-', '_')}",
        summary=resource.title,
        url_name="detail",
        exclude_unset=True,
    )
    @decorate_view(read_only(parameters))
    def one_record(request, id: Annotated[str, record_path], query: Query[record_query]):
        fields = chosen(query, resource)
        selection = resource.select({})
        if resource.name == "figures":
            scope, _sep, raw_number = id.partition("-")
            number = record_id(raw_number)
            selection = [
                (part_scope, queryset.filter(pk=number))
                for part_scope, queryset in selection
                if part_scope == scope and number is not None
            ]
        elif (number := record_id(id)) is not None:
            selection = selection.filter(pk=number)
        else:
            selection = selection.none()
        rows = list(resource.rows(request, selection, offset=0, limit=1))
        if not rows:
            raise Http404(_("There is no such record."))
        request.page_cache_canonical_query = canonical_query(resource, fields)
        return {name: rows[0][name] for name in fields}


@api.api_operation(
    [*ANSWERED_METHODS, *REFUSED_METHODS], "/", url_name="index", include_in_schema=False
)
@decorate_view(read_only(["lang"]))
def index(request, query: Query[LanguageOnly]):
    query_string = canonical_query()
    request.page_cache_canonical_query = query_string
    base = reverse("api:index")
    return {
        "openapi": request.build_absolute_uri(reverse("api:openapi")),
        "lang": translation.get_language(),
        "licence": LICENCE,
        "resources": {
            resource.name: {
                "title": str(resource.title),
                "description": str(resource.description),
                "url": request.build_absolute_uri(
                    f"{base}{resource.name}/" + (f"?{query_string}" if query_string else "")
                ),
            }
            for resource in resources().values()
        },
    }


@api.api_operation(
    [*ANSWERED_METHODS, *REFUSED_METHODS],
    "/openapi.json",
    url_name="openapi",
    include_in_schema=False,
)
@decorate_view(read_only(["lang"]))
def openapi(request, query: Query[LanguageOnly]):
    request.page_cache_canonical_query = canonical_query()
    description = api.get_openapi_schema(path_prefix="")
    description["servers"] = [{"url": request.build_absolute_uri(reverse("api:index"))}]
    return description


for _resource in resources().values():
    _record = record_model(_resource)
    register_list(_resource, page_model(_resource, _record))
    register_detail(_resource, _record)


@csrf_exempt
def unknown_address(request, rest=""):
    """Any other address under /api/: a JSON 404, or a 301 to the address with its final
    slash when that names one of the API's (/api/v1 → /api/v1/), as the rest of the site does
    (CommonMiddleware cannot: this catch-all answers first)."""
    if request.method not in ANSWERED_METHODS:
        return method_not_allowed(request)
    if not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/", urlconf="open_data.api_urlconf")
        except Resolver404:
            match = None
        if match is not None and match.func is not unknown_address:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(
                request.path + "/" + (f"?{query}" if query else "")
            )
    with translation.override(requested_language(request)):
        if "lang" in request.GET:
            try:
                _language(request.GET["lang"])
            except PydanticCustomError as problem:
                return error(request, 400, problem.context["message"])
        return not_found(
            request,
            Http404(
                _("There is no such address in this API. See %(url)s.")
                % {"url": reverse("api:index")}
            ),
        )
