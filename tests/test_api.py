"""The read API (/api/v1/): JSON in the language of `lang`, paginated, described in OpenAPI 3,
open to other origins, cached and purged like pages, and a 400 with a message for bad input."""

import datetime

import hypothesis
import pytest
import schemathesis
from django.db import connection
from django.test.utils import CaptureQueriesContext
from schemathesis import checks

from figures.models import StateFigure

from .factories import (
    COUNTRIES,
    MemberStatePageFactory,
    OrganizationPageFactory,
    PublicationPageFactory,
    RoundPageFactory,
    regional_figure,
    state_figure,
)
from .scenario import QuitoSite, restrict, scenario

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("api")]

RESOURCES = ["member-states", "figures", "rounds", "publications", "organizations", "pages"]
MAX_QUERIES = 12
STATES = ["AR", "BR", "CL", "CO", "EC", "PE"]


def build_site():
    size = len(STATES)
    figures = {
        code: {
            "figures": [
                state_figure(1000 + n, datetime.date(2024, 7, 1), sort_order=0),
                state_figure(2000 + n, datetime.date(2025, 11, 1), sort_order=1),
            ]
        }
        for n, code in enumerate(STATES)
    }
    presidencies = {n + 1: STATES[n % size] for n in range(size)}
    quito = QuitoSite(states=STATES, rounds=0, state_fields=figures)
    quito.home.regional_figures = [regional_figure(6906690, datetime.date(2025, 11, 1))]
    quito.home.save()
    hidden = MemberStatePageFactory(parent=quito.states_index, country="MX", figures=[])
    restrict(hidden)
    for number, code in presidencies.items():
        quito.rounds[number] = RoundPageFactory(
            parent=quito.rounds_index, number=number, presidency=quito.states[code]
        )
    quito.add_library(round=quito.rounds[1])
    for n in range(1, size):
        publication = PublicationPageFactory(parent=quito.library, round=quito.rounds[n + 1])
        publication.signatories.add(*quito.states.values())
        publication.save()
    quito.add_organizations()
    for n in range(size - 2):
        OrganizationPageFactory(
            parent=quito.organizations_index, slug_es=f"org-{n}", slug_en=f"org-{n}"
        )
    return quito


site_built, site = scenario(build_site)


def get(client, path, status=200, **params):
    response = client.get(path, params)
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    return response.json()


# --- Resources and languages ------------------------------------------------------------------


@pytest.mark.parametrize("name", RESOURCES)
def test_every_resource_is_a_paginated_list(site, client, name):
    data = get(client, f"/api/v1/{name}/", limit=2)
    assert data["meta"]["limit"] == 2
    assert data["meta"]["total_count"] >= 2
    assert len(data["items"]) == 2


def test_the_language_is_the_lang_parameter_spanish_by_default(site, client):
    default = get(client, "/api/v1/member-states/", fields="country,name,status_label,url")
    english = get(client, "/api/v1/member-states/", lang="en", fields="country,name,url")
    peru_es = next(item for item in default["items"] if item["country"] == "PE")
    peru_en = next(item for item in english["items"] if item["country"] == "PE")
    assert (default["meta"]["lang"], english["meta"]["lang"]) == ("es", "en")
    assert (peru_es["name"], peru_en["name"]) == ("Perú", "Peru")
    assert peru_es["status_label"] == "Estado miembro"
    assert peru_en["url"] == "http://testserver/en/member-states/peru/"


def test_figures_come_with_their_dates_and_sources(site, client):
    data = get(client, "/api/v1/figures/", state="PE")
    assert [(i["value"], i["as_of"], i["source_name"]) for i in data["items"]] == [
        (1000 + STATES.index("PE"), "2024-07", "R4V"),
        (2000 + STATES.index("PE"), "2025-11", "R4V"),
    ]


def test_the_regional_figure_is_a_record_of_its_own(site, client):
    data = get(client, "/api/v1/figures/", scope="region")
    assert [(i["scope"], i["value"], i["country"]) for i in data["items"]] == [
        ("region", 6906690, None)
    ]


def test_fields_choose_the_columns(site, client):
    data = get(client, "/api/v1/rounds/", fields="number,presidency")
    assert set(data["items"][0]) == {"number", "presidency"}


def test_one_record_by_its_id(site, client):
    peru = site.states["PE"]
    assert get(client, f"/api/v1/member-states/{peru.pk}/", lang="en")["name"] == "Peru"
    record = StateFigure.objects.filter(page=peru).order_by("as_of").first()
    assert get(client, f"/api/v1/figures/state-{record.pk}/")["value"] == record.value


def test_restricted_pages_are_not_in_the_api(site, client):
    data = get(client, "/api/v1/member-states/", limit=100, fields="country")
    assert "MX" not in [item["country"] for item in data["items"]]
    hidden = get(client, "/api/v1/pages/", limit=100, fields="title")["items"]
    assert "México" not in [item["title"] for item in hidden]


def test_next_and_previous_pages_are_linked(site, client):
    first = get(client, "/api/v1/organizations/", limit=2)
    second = client.get(first["meta"]["next"]).json()
    assert first["meta"]["previous"] is None
    assert second["meta"]["offset"] == 2
    assert client.get(second["meta"]["previous"]).json()["items"] == first["items"]
    assert {i["id"] for i in first["items"]}.isdisjoint(i["id"] for i in second["items"])


def test_figures_paginate_across_the_region_and_the_states(site, client):
    every = [i["id"] for i in get(client, "/api/v1/figures/", limit=100)["items"]]
    pages = [
        i["id"]
        for offset in range(0, len(every), 3)
        for i in get(client, "/api/v1/figures/", limit=3, offset=offset)["items"]
    ]
    assert pages == every
    assert every[0].startswith("region-")


# --- Bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"limit": "-1"},
        {"limit": "0"},
        {"limit": "101"},
        {"limit": "99999999999999999999999"},
        {"limit": "ten"},
        {"offset": "-5"},
        {"offset": "100000000"},
        {"offset": "1.5"},
        {"lang": "fr"},
        {"lang": "es-ES"},
        {"lang": ""},
        {"unknown": "1"},
        {"fields": "country,secret"},
        {"fields": ""},
        {"scope": "world"},
        {"measure": "everything"},
    ],
)
def test_bad_input_is_a_400_with_a_message(site, client, params):
    data = get(client, "/api/v1/figures/", status=400, **params)
    assert data["status"] == 400
    assert data["message"]


def test_a_restricted_state_is_a_404_like_a_state_that_does_not_exist(site, client):
    """Well-formed codes, as the description allows: the API says it shows no such state, and
    says it the same way of a restricted one (MX) as of one that does not exist (ZZ)."""
    restricted = get(client, "/api/v1/figures/", status=404, state="MX", lang="en")
    unknown = get(client, "/api/v1/figures/", status=404, state="ZZ", lang="en")
    assert restricted["message"].replace("MX", "ZZ") == unknown["message"]


def test_a_repeated_parameter_is_a_400(site, client):
    assert client.get("/api/v1/figures/?limit=1&limit=2").status_code == 400


@pytest.mark.parametrize(
    "path",
    ["/api/v1/nothing/", "/api/v1/member-states/999999/", "/api/v1/figures/state-x/", "/api/x"],
)
def test_unknown_addresses_are_a_json_404(site, client, path):
    data = get(client, path, status=404)
    assert data["message"]


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/api/v1", "/api/v1/"),
        ("/api/v1/member-states?lang=en", "/api/v1/member-states/?lang=en"),
        ("/api/v1/figures/region-1", "/api/v1/figures/region-1/"),
    ],
)
def test_an_address_without_its_final_slash_is_redirected_like_the_rest_of_the_site(
    site, client, path, location
):
    response = client.get(path)
    assert response.status_code == 301
    assert response["Location"] == location


def test_an_unknown_address_without_a_slash_is_still_a_json_404(site, client):
    assert get(client, "/api/v1/figures/state-1/extra", status=404)["message"]


def test_the_api_is_read_only(site, client):
    response = client.post("/api/v1/figures/", {})
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response.json()["message"]


# --- CORS, OpenAPI, cost, cache ---------------------------------------------------------------


def test_any_origin_may_read_it(site, client):
    response = client.get("/api/v1/rounds/", HTTP_ORIGIN="https://example.org")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response


def test_a_preflight_from_any_origin_allows_reading_only(site, client):
    """django-cors-headers answers the preflight itself, with a 200 (Fetch's "ok status" is
    any 2xx; before it, the API answered 204)."""
    preflight = client.options(
        "/api/v1/rounds/",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert 200 <= preflight.status_code < 300
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert set(preflight["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert "Access-Control-Allow-Credentials" not in preflight


def test_errors_of_the_api_are_readable_from_any_origin_too(site, client):
    response = client.get("/api/v1/nothing/", HTTP_ORIGIN="https://example.org")
    assert response.status_code == 404
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("path", ["/en/", "/es/", "/admin/login/"])
def test_other_paths_send_no_cors_headers(site, client, path):
    response = client.get(path, HTTP_ORIGIN="https://example.org")
    preflight = client.options(
        path, HTTP_ORIGIN="https://example.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    for answer in (response, preflight):
        assert not [header for header in answer.headers if header.startswith("Access-Control")]


def test_the_openapi_description_lists_every_resource(site, client):
    description = get(client, "/api/v1/openapi.json")
    assert description["openapi"].startswith("3.")
    for name in RESOURCES:
        assert f"/{name}/" in description["paths"]
        assert f"/{name}/{{id}}/" in description["paths"]


@pytest.mark.parametrize("name", RESOURCES)
def test_each_list_costs_at_most_12_queries(site, client, name):
    client.get("/api/v1/")  # the first request of a process reads the interface strings
    with CaptureQueriesContext(connection) as queries:
        get(client, f"/api/v1/{name}/", limit=100)
    assert len(queries) <= MAX_QUERIES, [q["sql"][:120] for q in queries.captured_queries]


def test_a_list_costs_the_same_queries_whatever_its_length(site, client):
    client.get("/api/v1/")
    counts = {}
    for name in RESOURCES:
        with CaptureQueriesContext(connection) as queries:
            get(client, f"/api/v1/{name}/", limit=100)
        counts[name] = len(queries)
    index = site.states_index
    more = [code for code in COUNTRIES if code not in [*STATES, "MX"]][:14]
    extra = [MemberStatePageFactory(parent=index, country=code) for code in more]
    for state in extra:
        StateFigure.objects.create(page=state, value=1, as_of=datetime.date(2025, 1, 1))
    for name in RESOURCES:
        with CaptureQueriesContext(connection) as queries:
            get(client, f"/api/v1/{name}/", limit=100)
        assert len(queries) == counts[name], name


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


def test_answers_are_cached_per_query_string(site, client, page_cache_on):
    first = client.get("/api/v1/rounds/?limit=2")
    again = client.get("/api/v1/rounds/?limit=2", HTTP_ORIGIN="https://example.org")
    other = client.get("/api/v1/rounds/?limit=3")
    assert (first["X-Page-Cache"], again["X-Page-Cache"]) == ("miss", "hit")
    assert again.content == first.content
    assert again["Access-Control-Allow-Origin"] == "*"
    assert other["X-Page-Cache"] == "miss"
    assert "X-Page-Cache" not in client.get("/api/v1/rounds/?limit=0")  # a 400 is not cached


def test_publishing_a_page_purges_the_api(
    site, client, page_cache_on, django_capture_on_commit_callbacks
):
    peru = site.states["PE"]
    path = f"/api/v1/member-states/{peru.pk}/?fields=year_joined"
    client.get(path)
    peru.year_joined = 2019
    with django_capture_on_commit_callbacks(execute=True):
        peru.save_revision().publish()
    response = client.get(path)
    assert response["X-Page-Cache"] == "miss"
    assert response.json() == {"year_joined": 2019}


def test_a_new_figure_purges_the_api_and_the_downloads(
    site, client, page_cache_on, django_capture_on_commit_callbacks
):
    peru = site.states["PE"]
    client.get("/api/v1/figures/?state=PE")
    assert b"".join(client.get("/en/data/figures.csv").streaming_content)
    assert client.get("/en/data/figures.csv")["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        StateFigure.objects.create(page=peru, value=3000, as_of=datetime.date(2026, 5, 1))
    api = client.get("/api/v1/figures/?state=PE")
    download = client.get("/en/data/figures.csv")
    assert (api["X-Page-Cache"], download["X-Page-Cache"]) == ("miss", "miss")
    assert api.json()["meta"]["total_count"] == 3
    assert b"2026-05-01" in b"".join(download.streaming_content)


# --- Fuzzing against the description ---------------------------------------------------------


@pytest.fixture
def api_schema(site):
    """The API's description, fetched from the WSGI application itself. As Django's test
    client does, the requests keep the test's database connection (and its transaction)."""
    from django.core import signals
    from django.db import close_old_connections

    from quito_portal.wsgi import application

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


fuzzed = schemathesis.pytest.from_fixture("api_schema")


@pytest.mark.slow
@fuzzed.parametrize()
@hypothesis.settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=list(hypothesis.HealthCheck),
)
def test_the_api_conforms_to_its_openapi_description_under_fuzzing(case):
    """schemathesis generates requests from /api/v1/openapi.json (valid and invalid values of
    every parameter) and checks each answer: no 5xx, a documented status, the documented content
    type and a body that matches its schema; invalid values must be refused and valid ones
    accepted."""
    case.call_and_validate(
        checks=[
            checks.not_a_server_error,
            checks.status_code_conformance,
            checks.content_type_conformance,
            checks.response_schema_conformance,
            checks.negative_data_rejection,
            checks.positive_data_acceptance,
        ]
    )
