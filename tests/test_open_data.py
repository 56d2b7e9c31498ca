"""Downloads of the site's data: CSV and JSON in each language, described by a Frictionless Data
package that validates, streamed, and read in a bounded number of queries."""

import csv
import datetime
import gc
import io
import json
import tracemalloc
from xml.etree import ElementTree

import frictionless
import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext

from figures.models import StateFigure
from members.models import MemberStatePage

from .factories import (
    MemberStatePageFactory,
    RoundPageFactory,
    regional_figure,
    state_figure,
)
from .html import alternates, parse, text
from .scenario import QuitoSite, restrict, scenario

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("open_data")]

RESOURCES = ["member-states", "figures", "rounds", "publications", "organizations"]
MAX_QUERIES = 12


def build_site():
    peru_figures = [
        state_figure(1662889, datetime.date(2025, 11, 1), sort_order=0),
        state_figure(1542004, datetime.date(2024, 7, 1), sort_order=1),
    ]
    quito = QuitoSite(states=["PE"], rounds=0, state_fields={"PE": {"figures": peru_figures}})
    quito.home.regional_figures = [
        regional_figure(6906690, datetime.date(2025, 11, 1), source_url="https://www.r4v.info/")
    ]
    quito.home.save()
    quito.peru = peru = quito.states["PE"]
    MemberStatePageFactory(parent=quito.states_index, country="CW", status="observer", figures=[])
    hidden = MemberStatePageFactory(
        parent=quito.states_index,
        country="MX",
        figures=[state_figure(777777, datetime.date(2025, 1, 1))],
    )
    restrict(hidden)
    draft = MemberStatePageFactory(
        parent=quito.states_index,
        country="BR",
        figures=[state_figure(888888, datetime.date(2025, 1, 1))],
    )
    draft.unpublish()
    quito.rounds[4] = RoundPageFactory(
        parent=quito.rounds_index, number=4, presidency=peru, host_country=peru, host_city_es="Lima"
    )
    quito.add_library(round=quito.rounds[4])
    quito.add_organizations()
    return quito


site_built, site = scenario(build_site)


def body(response):
    return b"".join(response.streaming_content)


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(body(response).decode("utf-8-sig"))))


def save_package(client, language_path, folder):
    """The package and every file it lists, as a researcher downloads them."""
    package = client.get(f"{language_path}datapackage.json")
    assert package.status_code == 200
    (folder / "datapackage.json").write_bytes(package.content)
    for resource in package.json()["resources"]:
        response = client.get(language_path + resource["path"])
        assert response.status_code == 200, resource["path"]
        (folder / resource["path"]).write_bytes(body(response))
    return package.json()


@pytest.mark.parametrize("language_path", ["/es/datos/", "/en/data/"])
def test_the_data_package_validates_with_frictionless(site, client, tmp_path, language_path):
    save_package(client, language_path, tmp_path)
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["type", "note", "rowNumber", "fieldName"])


def test_the_package_has_a_table_schema_per_file_and_states_its_licence(site, client, tmp_path):
    package = save_package(client, "/en/data/", tmp_path)
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert sorted(r["name"] for r in package["resources"]) == sorted(
        f"{name}-{file_format}" for name in RESOURCES for file_format in ("csv", "json")
    )
    assert all(resource["schema"]["fields"] for resource in package["resources"])


@pytest.mark.parametrize("name", RESOURCES)
def test_column_names_are_the_same_in_both_languages(site, client, name):
    spanish = body(client.get(f"/es/datos/{name}.csv")).decode("utf-8-sig").splitlines()[0]
    english = body(client.get(f"/en/data/{name}.csv")).decode("utf-8-sig").splitlines()[0]
    assert spanish == english
    assert spanish.startswith("id,")


def test_texts_follow_the_language_of_the_download(site, client):
    spanish = {row["country"]: row for row in csv_rows(client.get("/es/datos/member-states.csv"))}
    english = {row["country"]: row for row in csv_rows(client.get("/en/data/member-states.csv"))}
    assert (spanish["PE"]["name"], english["PE"]["name"]) == ("Perú", "Peru")
    assert spanish["PE"]["status"] == english["PE"]["status"] == "member"
    assert spanish["PE"]["url"] == "http://testserver/es/estados-miembros/peru/"
    assert english["PE"]["url"] == "http://testserver/en/member-states/peru/"


def test_the_figures_download_has_every_record_with_its_date_and_source(site, client):
    rows = csv_rows(client.get("/en/data/figures.csv"))
    assert [(r["scope"], r["country"], r["value"], r["as_of"], r["source_name"]) for r in rows] == [
        ("region", "", "6906690", "2025-11", "R4V"),
        ("state", "PE", "1542004", "2024-07", "R4V"),
        ("state", "PE", "1662889", "2025-11", "R4V"),
    ]
    assert rows[0]["source_url"] == "https://www.r4v.info/"


def test_member_states_give_status_presidencies_and_latest_figure(site, client):
    rows = {row["country"]: row for row in csv_rows(client.get("/en/data/member-states.csv"))}
    assert rows["PE"]["presidency_rounds"] == rows["PE"]["rounds_hosted"] == "4"
    assert (rows["PE"]["latest_figure"], rows["PE"]["latest_figure_as_of"]) == (
        "1662889",
        "2025-11",
    )
    assert rows["CW"]["status"] == "observer"
    assert rows["CW"]["latest_figure"] == ""


def test_downloads_leave_out_restricted_and_unpublished_pages(site, client):
    for name in ("member-states", "figures"):
        content = body(client.get(f"/en/data/{name}.csv")).decode("utf-8-sig")
        assert ",MX," not in content and ",BR," not in content
        assert "777777" not in content and "888888" not in content


def test_json_downloads_hold_the_same_rows_as_the_csv(site, client):
    for name in RESOURCES:
        as_json = json.loads(body(client.get(f"/en/data/{name}.json")))
        as_csv = csv_rows(client.get(f"/en/data/{name}.csv"))
        assert [str(row["id"]) for row in as_json] == [row["id"] for row in as_csv]


def test_a_download_streams_as_an_attachment_in_utf8(site, client):
    response = client.get("/es/datos/figures.csv")
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="quito-process-figures-es.csv"'


def test_the_data_page_lists_every_download_in_its_language(site, client):
    spanish = parse(client.get("/es/datos/"))
    links = [a["href"] for a in spanish.select("main a")]
    for name in RESOURCES:
        assert f"/es/datos/{name}.csv" in links and f"/es/datos/{name}.json" in links
    assert "/es/datos/datapackage.json" in links
    assert client.get("/en/datos/").status_code == 404  # each language has its own path


# --- The data page as a page of the site ------------------------------------------------------

DATA_PAGE = {"es": "/es/datos/", "en": "/en/data/"}
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def structured_data(html):
    blocks = [
        json.loads(script.string) for script in html.select('script[type="application/ld+json"]')
    ]
    return {block["@type"]: block for block in blocks}


def published(page, when):
    MemberStatePage.objects.filter(pk=page.pk).update(last_published_at=when)


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_data_page_has_its_canonical_address_and_its_alternates(site, client, language):
    html = parse(client.get(DATA_PAGE[language]))
    assert (
        html.select_one('link[rel="canonical"]')["href"]
        == f"http://testserver{DATA_PAGE[language]}"
    )
    assert alternates(html) == {
        "es": "http://testserver/es/datos/",
        "en": "http://testserver/en/data/",
        "x-default": "http://testserver/es/datos/",
    }


@pytest.mark.parametrize(
    ("language", "title", "locale"),
    [("es", "Datos abiertos", "es_ES"), ("en", "Open data", "en_GB")],
)
def test_the_data_page_has_sharing_tags_in_its_language(site, client, language, title, locale):
    html = parse(client.get(DATA_PAGE[language]))
    og = {meta["property"]: meta["content"] for meta in html.select("meta[property^='og:']")}
    assert og["og:title"] == title
    assert og["og:url"] == f"http://testserver{DATA_PAGE[language]}"
    assert og["og:locale"] == locale
    assert og["og:description"] == html.select_one('meta[name="description"]')["content"]
    assert og["og:image"].startswith("http://testserver/static/img/share")
    assert html.select_one('meta[name="twitter:card"]')["content"] == "summary_large_image"


@pytest.mark.parametrize(
    ("language", "trail"),
    [
        ("es", [("Inicio", "/es/"), ("Datos abiertos", "/es/datos/")]),
        ("en", [("Home", "/en/"), ("Open data", "/en/data/")]),
    ],
)
def test_the_data_page_has_a_breadcrumb_from_the_home_page(site, client, language, trail):
    html = parse(client.get(DATA_PAGE[language]))
    links = html.select("nav.breadcrumbs a")
    assert [(text(a), a["href"]) for a in links] == trail
    assert links[-1]["aria-current"] == "page"
    items = structured_data(html)["BreadcrumbList"]["itemListElement"]
    assert [(item["name"], item["item"]) for item in items] == [
        (name, f"http://testserver{path}") for name, path in trail
    ]


@pytest.mark.parametrize(
    ("language", "said"),
    [("es", "Última actualización: 12 de marzo de 2026"), ("en", "Last updated: 12 March 2026")],
)
def test_the_data_page_says_when_its_data_last_changed(site, client, language, said):
    published(site.peru, datetime.datetime(2026, 3, 12, 15, tzinfo=datetime.UTC))
    # A restricted page's later publication is not in the data: it does not date it.
    hidden = MemberStatePage.objects.get(country="MX")
    published(hidden, datetime.datetime(2026, 4, 1, 15, tzinfo=datetime.UTC))
    date = parse(client.get(DATA_PAGE[language])).select_one("main .page-date")
    assert text(date) == said
    assert date.select_one("time")["datetime"] == "2026-03-12"


@pytest.mark.parametrize(
    ("language", "name", "home"),
    [
        ("es", "Proceso de Quito: datos abiertos", "/es/"),
        ("en", "Quito Process: open data", "/en/"),
    ],
)
def test_the_data_page_describes_its_dataset_for_search_engines(site, client, language, name, home):
    published(site.peru, datetime.datetime(2026, 3, 12, 15, tzinfo=datetime.UTC))
    html = parse(client.get(DATA_PAGE[language]))
    dataset = structured_data(html)["Dataset"]
    assert dataset["name"] == name
    assert dataset["description"] == html.select_one('meta[name="description"]')["content"]
    assert dataset["url"] == f"http://testserver{DATA_PAGE[language]}"
    assert dataset["inLanguage"] == language
    assert dataset["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert dataset["creator"]["url"] == f"http://testserver{home}"
    assert dataset["dateModified"].startswith("2026-03-12T")
    downloads = {(d["encodingFormat"], d["contentUrl"]) for d in dataset["distribution"]}
    assert downloads == {
        (media_type, f"http://testserver{DATA_PAGE[language]}{resource}.{extension}")
        for resource in RESOURCES
        for extension, media_type in [("csv", "text/csv"), ("json", "application/json")]
    }
    assert all(d["@type"] == "DataDownload" and d["name"] for d in dataset["distribution"])


@pytest.mark.parametrize("language", ["es", "en"])
def test_each_language_sitemap_lists_the_data_page_with_its_alternates(site, client, language):
    published(site.peru, datetime.datetime(2026, 3, 12, 15, tzinfo=datetime.UTC))
    root = ElementTree.fromstring(client.get(f"/{language}/sitemap.xml").content)  # noqa: S314
    (entry,) = [
        url
        for url in root.findall("s:url", SITEMAP)
        if url.findtext("s:loc", namespaces=SITEMAP) == f"http://testserver{DATA_PAGE[language]}"
    ]
    assert entry.findtext("s:lastmod", namespaces=SITEMAP).startswith("2026-03-12")
    links = {link.get("hreflang"): link.get("href") for link in entry.findall("x:link", SITEMAP)}
    assert links == {
        "es": "http://testserver/es/datos/",
        "en": "http://testserver/en/data/",
        "x-default": "http://testserver/es/datos/",
    }


def test_an_unknown_download_is_a_404(site, client):
    assert client.get("/en/data/pages.csv").status_code == 404
    assert client.get("/en/data/secrets.csv").status_code == 404


@pytest.mark.parametrize("name", RESOURCES)
def test_each_download_costs_at_most_12_queries(site, client, name):
    with CaptureQueriesContext(connection) as queries:
        body(client.get(f"/en/data/{name}.json"))
    assert len(queries) <= MAX_QUERIES, [q["sql"][:120] for q in queries.captured_queries]


def add_figures(count):
    """`count` more figure records spread over the states (bulk: one insert)."""
    states = list(MemberStatePage.objects.filter(live=True, country="PE"))
    records = [
        StateFigure(
            page=states[0],
            value=1000 + n,
            as_of=datetime.date(2000 + n % 25, 1 + n % 12, 1),
            source_name="R4V",
            sort_order=n,
        )
        for n in range(count)
    ]
    StateFigure.objects.bulk_create(records)


def download_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        size = len(body(client.get(path)))
    return len(queries), size


def test_a_download_costs_the_same_queries_whatever_its_length(site, client):
    client.get("/en/data/")  # the first request of a process reads the interface strings
    few, _size = download_queries(client, "/en/data/figures.csv")
    add_figures(2000)
    many, _size = download_queries(client, "/en/data/figures.csv")
    assert many == few


def streaming_peak(client, path):
    """Bytes sent and the largest memory held while streaming a download."""
    response = client.get(path)
    gc.collect()  # garbage left by earlier tests on this worker is not this download's
    tracemalloc.start()
    size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return size, peak


@pytest.mark.slow
def test_a_download_of_5000_records_streams_without_holding_it_all(site, client):
    client.get("/en/data/")  # the first request of a process reads the interface strings
    add_figures(2500)
    half_size, half_peak = streaming_peak(client, "/en/data/figures.csv")
    add_figures(2500)
    with CaptureQueriesContext(connection) as queries:
        size, peak = streaming_peak(client, "/en/data/figures.csv")
    assert size > 1.9 * half_size
    assert len(queries) <= MAX_QUERIES
    # Twice the records, not twice the memory: one chunk of rows at a time, never the file.
    # (1.5, not 1.0: when the collector runs during the stream depends on what ran before on the
    # worker; a file held whole would be 2.0 and more.)
    assert peak < 1.5 * half_peak, (peak, half_peak)


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


def test_a_download_is_cached_once_it_has_streamed_whole(site, client, page_cache_on):
    first = client.get("/en/data/rounds.csv")
    assert first["X-Page-Cache"] == "miss"
    content = body(first)
    again = client.get("/en/data/rounds.csv")
    assert again["X-Page-Cache"] == "hit"
    assert again.content == content
    assert again["Content-Disposition"] == first["Content-Disposition"]


def test_a_download_longer_than_the_cache_allows_streams_uncached(
    site, client, page_cache_on, monkeypatch
):
    from core.caching import page_cache

    monkeypatch.setattr(page_cache, "MAX_STREAMED_BYTES", 100)
    body(client.get("/en/data/figures.csv"))
    assert client.get("/en/data/figures.csv")["X-Page-Cache"] == "miss"


def test_a_download_read_halfway_is_not_cached(site, client, page_cache_on):
    next(iter(client.get("/en/data/figures.csv").streaming_content))
    assert client.get("/en/data/figures.csv")["X-Page-Cache"] == "miss"
