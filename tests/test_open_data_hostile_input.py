"""Open data under hostile input: one canonical spelling of each API question (what the page
cache may keep), Unicode digits and other non-numbers in paths and parameters (a 404 or 400,
never a 500), and spreadsheet formulas in approved titles (neutralised in every CSV the site
writes, kept as they are in JSON)."""

import csv
import datetime
import io
import json

import frictionless
import pytest
from django.urls import reverse

from figures.models import StateFigure
from open_data.spreadsheets import spreadsheet_text

from .factories import (
    MemberStatePageFactory,
    OrganizationPageFactory,
    PublicationPageFactory,
    RoundPageFactory,
    regional_figure,
    state_figure,
)
from .scenario import QuitoSite, scenario

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("open_data_hostile")]

# The issue's payloads, and what else a spreadsheet program runs or shifts: a tab, a carriage
# return, a formula after spaces.
FORMULAS = ['=HYPERLINK("http://x","y")', "+Peru", "@SUM(1)", "-2+3"]
MORE_FORMULAS = ["\t=1+1", "\r=1+1", "  =1+1"]
PAYLOADS = FORMULAS + MORE_FORMULAS
FORMULA_STATES = ["AR", "BO", "CL", "CO", "CR", "CU", "DO"]
CSV_RESOURCES = ["member-states", "figures", "rounds", "publications", "organizations"]
# The text column holding each table's title.
TITLE_COLUMN = {
    "member-states": "name",
    "figures": "area",
    "rounds": "title",
    "publications": "title",
    "organizations": "name",
}
UNICODE_DIGITS = ["²", "①", "٣", "３", "¹²", "৩", "1²"]
NOT_IDS = [*UNICODE_DIGITS, "1" * 30, "-1", "+1", "01", " 1", "1_0", "0x1"]


def build_site():
    quito = QuitoSite(
        states=["PE", "SV"],
        rounds=0,
        state_fields={
            "PE": {
                "figures": [state_figure(1662889, datetime.date(2025, 11, 1), source_name="-R4V")]
            }
        },
    )
    quito.home.regional_figures = [regional_figure(6906690, datetime.date(2025, 11, 1))]
    quito.home.save()
    quito.peru, quito.salvador = quito.states["PE"], quito.states["SV"]
    # Every text field that reaches a CSV holds a formula.
    quito.formula_states = [
        MemberStatePageFactory(
            parent=quito.states_index,
            country=code,
            title_es=payload,
            title_en=payload,
            slug_es=f"estado-{code.lower()}",
            slug_en=f"state-{code.lower()}",
            figures=[state_figure(1000 + n, datetime.date(2025, 11, 1))],
        )
        for n, (code, payload) in enumerate(zip(FORMULA_STATES, PAYLOADS, strict=True))
    ]
    quito.formula_rounds = [
        RoundPageFactory(
            parent=quito.rounds_index,
            number=n + 1,
            title_es=payload,
            title_en=payload,
            slug_es=f"ronda-{n + 1}",
            slug_en=f"round-{n + 1}",
            host_city_es=payload,
            host_city_en=payload,
        )
        for n, payload in enumerate(PAYLOADS)
    ]
    publications = [
        {
            "title_es": payload,
            "title_en": payload,
            "slug_es": f"publicacion-{n}",
            "slug_en": f"publication-{n}",
            "round": quito.formula_rounds[n],
            "place_es": payload,
            "place_en": payload,
        }
        for n, payload in enumerate(PAYLOADS)
    ]
    quito.add_library(**publications[0])
    for fields in publications[1:]:
        PublicationPageFactory(parent=quito.library, **fields)
    quito.add_organizations()
    for n, payload in enumerate(PAYLOADS):
        OrganizationPageFactory(
            parent=quito.organizations_index,
            title_es=payload,
            title_en=payload,
            acronym_es=payload,
            acronym_en=payload,
            slug_es=f"org-{n}",
            slug_en=f"org-{n}",
        )
    quito.add_meetings()
    return quito


site_built, site = scenario(build_site)


def body(response):
    return b"".join(response.streaming_content)


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(body(response).decode("utf-8-sig"), newline="")))


def canonical(response):
    """What the API told the page cache (missing: it said nothing)."""
    return getattr(response.wsgi_request, "page_cache_canonical_query", "<not set>")


def api(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    return response


# --- Item 4: one canonical spelling per question -----------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["", "lang=es", "limit=20", "offset=0", "limit=020&offset=00&lang=es"],
)
def test_a_query_of_defaults_is_canonically_empty(site, client, query):
    response = api(client, f"/api/v1/figures/?{query}")
    assert canonical(response) == ""


@pytest.mark.parametrize(
    "query",
    [
        "lang=en&limit=2&offset=1&state=PE",
        "state=PE&offset=1&limit=2&lang=en",
        "state=pe&lang=en&limit=02&offset=001",
        "offset=0000000000001&state=Pe&limit=2&lang=en",
    ],
)
def test_every_spelling_of_a_list_query_gives_one_canonical_query(site, client, query):
    response = api(client, f"/api/v1/figures/?{query}")
    assert canonical(response) == "lang=en&limit=2&offset=1&state=PE"


def test_every_spelling_of_a_list_query_gets_the_same_answer(site, client):
    spellings = [
        "lang=en&limit=2&state=PE",
        "state=pe&limit=0002&lang=en",
        "limit=2&lang=en&state=pE&offset=0",
    ]
    answers = {api(client, f"/api/v1/figures/?{query}").content for query in spellings}
    assert len(answers) == 1


def test_fields_are_canonical_in_the_tables_column_order(site, client):
    asked = [
        api(client, "/api/v1/member-states/?fields=name,country"),
        api(client, "/api/v1/member-states/?fields=country,%20name,country"),
    ]
    assert [canonical(response) for response in asked] == ["fields=country,name"] * 2
    assert asked[0].content == asked[1].content
    assert list(asked[0].json()["items"][0]) == ["country", "name"]


def test_asking_for_every_field_is_asking_for_the_default(site, client):
    names = "url,id,country,name,status,status_label,year_joined,presidency_rounds,rounds_hosted,"
    names += "latest_figure,latest_figure_as_of,latest_figure_as_of_precision,"
    names += "latest_figure_source,latest_figure_source_url,latest_figure_source_date"
    assert canonical(api(client, f"/api/v1/member-states/?fields={names}")) == ""


def test_one_records_query_is_canonical_too(site, client):
    number = site.formula_rounds[0].pk
    for query in ["fields=title,number&lang=en", "lang=en&fields=number,%20title,title"]:
        response = api(client, f"/api/v1/rounds/{number}/?{query}")
        assert canonical(response) == "fields=number,title&lang=en"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/api/v1/", ""),
        ("/api/v1/?lang=es", ""),
        ("/api/v1/?lang=en", "lang=en"),
        ("/api/v1/openapi.json?lang=en", "lang=en"),
        (
            "/api/v1/pages/?type=members.memberstatepage&limit=5",
            "limit=5&type=members.memberstatepage",
        ),
        ("/api/v1/publications/?type=joint_declaration", "type=joint_declaration"),
    ],
)
def test_the_index_the_description_and_filters_are_canonical(site, client, url, expected):
    assert canonical(api(client, url)) == expected


@pytest.mark.parametrize(
    "query",
    [
        "limit=0",
        "limit=٣",
        "offset=-1",
        "lang=EN",
        "lang=en&lang=en",
        "state=P%00",  # was a 500: PostgreSQL refuses NUL in text
        "state=%C5%BFv",  # "ſv": Python's upper() makes it SV, a state the site shows
        "state=pe%0A",
        "scope=STATE",
        "fields=",
        "unknown=1",
    ],
)
def test_a_400_tells_the_page_cache_nothing(site, client, query):
    response = client.get(f"/api/v1/figures/?{query}")
    assert response.status_code == 400, response.content[:300]
    assert canonical(response) == "<not set>"


@pytest.mark.parametrize("query", ["limit=2&", "&limit=2", "limit=2&fields=", "limit=%32"])
def test_a_spelling_with_extra_characters_is_not_the_canonical_one(site, client, query):
    response = client.get(f"/api/v1/figures/?{query}")
    if response.status_code == 200:
        assert canonical(response) == "limit=2" != response.wsgi_request.META["QUERY_STRING"]
    else:
        assert canonical(response) == "<not set>"


def test_a_state_code_written_with_non_ascii_letters_is_a_400(site, client):
    """Python's str.upper() turns "ſ" (long s) into "S": "ſv" used to answer for El Salvador."""
    assert api(client, "/api/v1/figures/?state=SV").json()["meta"]["total_count"] == 1
    response = api(client, "/api/v1/figures/?state=%C5%BFv", status=400)
    assert response.json()["status"] == 400


@pytest.mark.parametrize(("language", "message"), [("es", "código ZZ"), ("en", "code ZZ")])
def test_a_state_the_site_does_not_show_is_a_404_that_names_it(site, client, language, message):
    response = api(client, f"/api/v1/figures/?state=ZZ&lang={language}", status=404)
    assert message in response.json()["message"]
    assert canonical(response) == "<not set>"


def test_a_404_tells_the_page_cache_nothing(site, client):
    response = api(client, "/api/v1/rounds/999999999/?lang=en", status=404)
    assert canonical(response) == "<not set>"


def test_next_and_previous_links_are_canonical(site, client):
    first = api(client, "/api/v1/figures/?scope=state&limit=01&lang=en")
    second = client.get(first.json()["meta"]["next"])
    third = client.get(second.json()["meta"]["next"])
    assert first.json()["meta"]["next"] == (
        "http://testserver/api/v1/figures/?lang=en&limit=1&offset=1&scope=state"
    )
    for response in (second, third):
        assert canonical(response) == response.wsgi_request.META["QUERY_STRING"]
    back = second.json()["meta"]["previous"]
    assert back == "http://testserver/api/v1/figures/?lang=en&limit=1&scope=state"


def test_the_index_links_each_list_by_its_canonical_url(site, client):
    spanish = api(client, "/api/v1/").json()["resources"]["rounds"]["url"]
    english = api(client, "/api/v1/?lang=en").json()["resources"]["rounds"]["url"]
    assert (spanish, english) == (
        "http://testserver/api/v1/rounds/",
        "http://testserver/api/v1/rounds/?lang=en",
    )


# --- Item 7: Unicode digits and other non-numbers ---------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/member-states/²/",
        "/api/v1/pages/²/",
        "/api/v1/rounds/①/",
        "/api/v1/figures/state-²/",
    ],
)
def test_the_issues_unicode_digit_paths_are_json_404s(site, client, path):
    data = api(client, path, status=404).json()
    assert data["status"] == 404 and data["message"]


@pytest.mark.parametrize("resource", ["member-states", "pages", "rounds", "publications"])
@pytest.mark.parametrize("raw", NOT_IDS)
def test_an_id_that_is_not_ascii_digits_is_a_json_404(site, client, resource, raw):
    data = api(client, f"/api/v1/{resource}/{raw}/", status=404).json()
    assert data["status"] == 404


@pytest.mark.parametrize("raw", NOT_IDS)
def test_a_figure_id_that_is_not_ascii_digits_is_a_json_404(site, client, raw):
    for scope in ("state", "region"):
        assert api(client, f"/api/v1/figures/{scope}-{raw}/", status=404).json()["status"] == 404


@pytest.mark.parametrize("zero", ["٠", "０", "০"])
def test_another_scripts_digits_do_not_name_a_record(site, client, zero):
    """int() reads "٣" as 3: /rounds/<id in Arabic-Indic digits>/ answered that round."""
    number = str(site.formula_rounds[0].pk)
    spelled = "".join(chr(ord(zero) + int(digit)) for digit in number)
    assert int(spelled) == int(number)
    api(client, f"/api/v1/rounds/{spelled}/", status=404)
    figure = StateFigure.objects.filter(page=site["peru"]).get()
    spelled = "".join(chr(ord(zero) + int(digit)) for digit in str(figure.pk))
    api(client, f"/api/v1/figures/state-{spelled}/", status=404)


def test_a_records_id_has_one_spelling(site, client):
    number = site.formula_rounds[0].pk
    assert api(client, f"/api/v1/rounds/{number}/").json()["number"] == 1
    api(client, f"/api/v1/rounds/0{number}/", status=404)
    figure = StateFigure.objects.filter(page=site["peru"]).get()
    assert api(client, f"/api/v1/figures/state-{figure.pk}/").json()["value"] == 1662889
    api(client, f"/api/v1/figures/state-00{figure.pk}/", status=404)


@pytest.mark.parametrize("name", ["limit", "offset"])
@pytest.mark.parametrize("raw", [*UNICODE_DIGITS, "1" * 30, "-2", "+2", " 2", "2.0", "2_0"])
def test_a_limit_or_offset_that_is_not_ascii_digits_is_a_400(site, client, name, raw):
    response = client.get("/api/v1/rounds/", {name: raw})
    assert response.status_code == 400, response.content[:300]
    assert response.json()["status"] == 400


@pytest.mark.parametrize("raw", ["²", "٣", "３", "①", "1" * 30, "-1", "01"])
def test_a_meetings_listing_page_that_is_not_ascii_digits_is_a_404(site, client, raw):
    response = client.get("/en/calendar/", {"page": raw})
    assert response.status_code == 404
    assert client.get("/en/calendar/", {"page": "1"}).status_code == 200


@pytest.mark.parametrize("raw", ["²", "٣", "３", "1" * 30, "-1"])
def test_a_library_filter_or_page_of_unicode_digits_is_no_error(site, client, raw):
    for name in ("year", "round"):
        assert client.get("/en/documents/", {name: raw}).status_code == 200
    assert client.get("/en/documents/", {"page": raw}).status_code == 404


@pytest.mark.parametrize("raw", ["²", "٣", "３", "1" * 30, "-1"])
def test_a_search_page_of_unicode_digits_is_a_404(site, client, raw):
    response = client.get("/en/search/", {"q": "peru", "page": raw})
    assert response.status_code == 404


# --- Item 11: spreadsheet formulas in CSV cells -----------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_formula_text_is_written_with_an_apostrophe(payload):
    assert spreadsheet_text(payload) == "'" + payload


@pytest.mark.parametrize("value", [-2, 0, 1662889, "Perú", "https://www.r4v.info/", "2025-11-01"])
def test_numbers_and_plain_texts_are_written_as_they_are(value):
    assert spreadsheet_text(value) == value


@pytest.mark.parametrize("language_path", ["/es/datos/", "/en/data/"])
@pytest.mark.parametrize("name", CSV_RESOURCES)
def test_no_csv_cell_starts_a_formula(site, client, language_path, name):
    rows = csv_rows(client.get(f"{language_path}{name}.csv"))
    assert rows
    for row in rows:
        for column, cell in row.items():
            assert not cell.lstrip().startswith(("=", "+", "-", "@")), (column, cell)
            assert not cell.startswith(("\t", "\r")), (column, cell)


@pytest.mark.parametrize("name", CSV_RESOURCES)
def test_each_csv_keeps_the_title_after_an_apostrophe(site, client, name):
    titles = {row[TITLE_COLUMN[name]] for row in csv_rows(client.get(f"/en/data/{name}.csv"))}
    assert {"'" + payload for payload in PAYLOADS} <= titles


def test_numbers_in_the_csv_stay_numbers(site, client):
    rows = csv_rows(client.get("/en/data/figures.csv"))
    assert all(row["value"].isdigit() for row in rows)
    peru = next(row for row in rows if row["country"] == "PE")
    assert (peru["value"], peru["source_name"]) == ("1662889", "'-R4V")


@pytest.mark.parametrize("name", CSV_RESOURCES)
def test_json_downloads_and_the_api_keep_the_titles_as_they_are(site, client, name):
    column = TITLE_COLUMN[name]
    downloaded = {row[column] for row in json.loads(body(client.get(f"/en/data/{name}.json")))}
    listed = api(client, f"/api/v1/{name}/?lang=en&limit=100&fields={column}").json()["items"]
    assert set(PAYLOADS) <= downloaded
    assert set(PAYLOADS) <= {item[column] for item in listed}


@pytest.mark.parametrize("language_path", ["/es/datos/", "/en/data/"])
def test_the_csv_with_formula_titles_validates_against_its_package(
    site, client, tmp_path, language_path
):
    package = client.get(f"{language_path}datapackage.json")
    (tmp_path / "datapackage.json").write_bytes(package.content)
    for resource in package.json()["resources"]:
        (tmp_path / resource["path"]).write_bytes(
            body(client.get(language_path + resource["path"]))
        )
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["type", "note", "rowNumber", "fieldName"])


def test_the_package_and_the_data_page_say_how_formulas_are_written(site, client):
    description = client.get("/en/data/datapackage.json").json()["description"]
    assert "apostrophe" in description
    assert b"apostrophe" in client.get("/en/data/").content
    assert "apostrophe" in api(client, "/api/v1/openapi.json").json()["info"]["description"]


def test_wagtails_csv_exports_write_formula_titles_with_an_apostrophe(site, admin_client):
    """The admin's reports (here the locked pages) export page titles to CSV."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    admin = get_user_model().objects.get(username="admin")
    for page in site.formula_states[:2]:
        page.locked, page.locked_by, page.locked_at = True, admin, timezone.now()
        page.save(update_fields=["locked", "locked_by", "locked_at"])
    response = admin_client.get(reverse("wagtailadmin_reports:locked_pages") + "?export=csv")
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8")
    cells = {cell for row in csv.reader(io.StringIO(content, newline="")) for cell in row}
    assert {"'" + FORMULAS[0], "'+Peru"} <= cells
    assert not {FORMULAS[0], "+Peru"} & cells


def test_only_the_canonical_spelling_is_kept_by_the_page_cache(site, client, settings):
    settings.PAGE_CACHE_ENABLED = True
    others = ["state=pe&limit=02", "state=PE&limit=2", "limit=2&state=PE&offset=0"]
    for query in others * 2:
        assert client.get(f"/api/v1/figures/?{query}").get("X-Page-Cache") != "hit"
    first = client.get("/api/v1/figures/?limit=2&state=PE")
    again = client.get("/api/v1/figures/?limit=2&state=PE")
    assert (first["X-Page-Cache"], again["X-Page-Cache"]) == ("miss", "hit")
    assert again.content == client.get(f"/api/v1/figures/?{others[0]}").content
