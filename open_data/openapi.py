"""The API's OpenAPI 3 description, built from the same resource definitions as the API."""

TYPES = {
    "integer": {"type": "integer"},
    "year": {"type": "integer"},
    "string": {"type": "string"},
    "date": {"type": "string", "format": "date"},
    "datetime": {"type": "string", "format": "date-time"},
}
ERROR = {"$ref": "#/components/responses/Error"}


def item_schema(resource):
    properties = {}
    for column in resource.columns:
        schema = {**TYPES[column.type], "description": column.description}
        if column.enum:
            schema["enum"] = list(column.enum)
        if column.pattern:
            schema["pattern"] = column.pattern
        if not column.required:
            schema["nullable"] = True
        properties[column.name] = schema
    # `fields` may leave any column out.
    return {"type": "object", "properties": properties, "additionalProperties": False}


def schema_name(resource):
    return "".join(part.capitalize() for part in resource.name.split("-"))


def description(request, resources, limits):
    default_limit, max_limit, max_offset = limits
    base = request.build_absolute_uri("/api/v1/")
    components = {
        "parameters": {
            "lang": {
                "name": "lang",
                "in": "query",
                "description": "Language of the texts, labels and page URLs (es by default).",
                "schema": {"type": "string", "enum": ["es", "en"], "default": "es"},
            },
            "limit": {
                "name": "limit",
                "in": "query",
                "description": f"Items per page, 1 to {max_limit}.",
                "schema": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": max_limit,
                    "default": default_limit,
                },
            },
            "offset": {
                "name": "offset",
                "in": "query",
                "description": f"Items to skip, 0 to {max_offset}.",
                "schema": {"type": "integer", "minimum": 0, "maximum": max_offset, "default": 0},
            },
        },
        "responses": {
            "Error": {
                "description": "A bad parameter (400) or nothing at this address (404).",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
            }
        },
        "schemas": {
            "Error": {
                "type": "object",
                "required": ["status", "message"],
                "properties": {
                    "status": {"type": "integer"},
                    "message": {"type": "string"},
                },
            },
            "Meta": {
                "type": "object",
                "required": ["total_count", "limit", "offset", "lang", "next", "previous"],
                "properties": {
                    "total_count": {"type": "integer", "minimum": 0},
                    "limit": {"type": "integer"},
                    "offset": {"type": "integer"},
                    "lang": {"type": "string", "enum": ["es", "en"]},
                    "next": {"type": "string", "format": "uri", "nullable": True},
                    "previous": {"type": "string", "format": "uri", "nullable": True},
                },
            },
        },
    }
    paths = {}
    for resource in resources.values():
        name = schema_name(resource)
        components["schemas"][name] = item_schema(resource)
        fields = {
            "name": "fields",
            "in": "query",
            "description": "Columns to return, separated by commas: "
            + ", ".join(resource.column_names),
            # An array of known names, written comma-separated (form style, not exploded):
            # what the API accepts, so that a client generated from this description sends
            # only what it accepts.
            "schema": {
                "type": "array",
                "items": {"type": "string", "enum": list(resource.column_names)},
                "minItems": 1,
            },
            "style": "form",
            "explode": False,
        }
        filters = []
        for api_filter in resource.filters:
            schema = {"type": "string"}
            if api_filter.values is not None:
                schema["enum"] = list(api_filter.values)
            if api_filter.pattern:
                schema["pattern"] = api_filter.pattern
            filters.append(
                {
                    "name": api_filter.name,
                    "in": "query",
                    "description": api_filter.description,
                    "schema": schema,
                }
            )
        common = [{"$ref": "#/components/parameters/lang"}, fields]
        paths[f"/{resource.name}/"] = {
            "get": {
                "operationId": f"list_{resource.name.replace('-', '_')}",
                "summary": str(resource.title),
                "description": str(resource.description),
                "parameters": [
                    *common,
                    {"$ref": "#/components/parameters/limit"},
                    {"$ref": "#/components/parameters/offset"},
                    *filters,
                ],
                "responses": {
                    "200": {
                        "description": "A page of items.",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["meta", "items"],
                                    "properties": {
                                        "meta": {"$ref": "#/components/schemas/Meta"},
                                        "items": {
                                            "type": "array",
                                            "items": {"$ref": f"#/components/schemas/{name}"},
                                        },
                                    },
                                }
                            }
                        },
                    },
                    "400": ERROR,
                    # A filter's value is well formed but names nothing (an unknown state).
                    "404": ERROR,
                },
            }
        }
        id_schema = (
            {"type": "string", "pattern": "^(state|region)-[0-9]+$"}
            if resource.name == "figures"
            else {"type": "integer", "minimum": 1}
        )
        paths[f"/{resource.name}/{{id}}/"] = {
            "get": {
                "operationId": f"get_{resource.name.replace('-', '_')}",
                "summary": str(resource.title),
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": id_schema},
                    *common,
                ],
                "responses": {
                    "200": {
                        "description": "One item.",
                        "content": {
                            "application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}
                        },
                    },
                    "400": ERROR,
                    "404": ERROR,
                },
            }
        }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Quito Process portal: read API",
            "version": "1.1.0",
            "description": (
                "Read-only data of the Quito Process portal: member states, figures with their "
                "dates and sources, rounds, publications, organizations and pages. Dates are "
                "ISO 8601 as precise as their sources: YYYY-MM-DD, YYYY-MM (a month) or YYYY (a "
                "year), with a *_precision field beside them (day, month or year); a round's "
                "plenary and its Pro Tempore Presidency have dates of their own. No "
                "authentication; CORS open for GET. Errors are JSON with a message. Answers are "
                "cached for the canonical spelling of a query only (the one the next and "
                "previous links use): parameters sorted by name, defaults left out, numbers "
                "without leading zeros, a state's code in capitals, fields in column order. In "
                "the CSV downloads, a text starting with =, +, -, @, a tab or a carriage return "
                "has an apostrophe before it; the API gives every text as it is."
            ),
            "license": {"name": "CC-BY-4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
        },
        "servers": [{"url": base}],
        "paths": paths,
        "components": components,
    }
