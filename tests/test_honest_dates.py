"""Dates as precise as their sources, and every figure with its own source.

A month stays a month from the admin to the page ("noviembre de 2025" / "November 2025"), the
JSON-LD, the downloads, the API ("2025-11") and the citation; a round tells its plenary from its
Pro Tempore Presidency; a figure names the article that published it, with its date.
"""

import csv
import datetime
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from wagtail.test.utils.form_data import inline_formset, streamfield

from core.i18n.dates import DatePrecision, PreciseDate
from demo_content.shared import load_facts
from figures.models import R4V_ARTICLES, StateFigure
from news.models import NewsPage
from rounds.models import RoundPage

from .admin_forms import admin_post_data
from .factories import (
    PublicationFileFactory,
    PublicationPageFactory,
    RoundPageFactory,
    state_figure,
)
from .html import parse, text
from .moderation import prefer
from .scenario import QuitoSite, fresh, scenario

LANGUAGES = ["es", "en"]
NOV_2025 = datetime.date(2025, 11, 1)
DNOTICIAS = "https://www.dnoticias.pt/2024/7/4/411732-mais-de-77-milhoes-de-venezuelanos-vivem-no-estrangeiro/"


def build_site():
    quito = QuitoSite(
        states=["PE", "CO"],
        rounds=0,
        state_fields={
            "PE": {
                "figures": [
                    state_figure(
                        1662889,
                        NOV_2025,
                        source_name="R4V / LT10",
                        source_url="https://www.lt10.com.ar/noticia/486130",
                    )
                ]
            },
            "CO": {
                "figures": [
                    state_figure(
                        2800000,
                        datetime.date(2024, 7, 1),
                        source_name="R4V / DNoticias",
                        source_url=DNOTICIAS,
                        source_date=datetime.date(2024, 7, 4),
                        source_date_precision="day",
                        sort_order=0,
                    ),
                    state_figure(
                        2828195,
                        NOV_2025,
                        source_name="R4V / LT10",
                        source_url="https://www.lt10.com.ar/noticia/486130",
                        sort_order=1,
                    ),
                ]
            },
        },
    )
    # Round I: its plenary's days are known, its presidency's span is not. Round VII: the
    # other way round, as the facts give it.
    quito.rounds[1] = RoundPageFactory(
        parent=quito.rounds_index,
        number=1,
        presidency=quito.states["PE"],
        plenary_start=datetime.date(2018, 9, 3),
        plenary_end=datetime.date(2018, 9, 4),
    )
    quito.rounds[7] = RoundPageFactory(
        parent=quito.rounds_index,
        number=7,
        presidency=quito.states["PE"],
        plenary_start=None,
        plenary_end=None,
        presidency_start=datetime.date(2020, 11, 27),
        presidency_end=datetime.date(2021, 5, 28),
    )
    quito.add_library(date=datetime.date(2018, 9, 4), round=quito.rounds[1])
    PublicationFileFactory(page=quito.declaration, language="es", is_original=True)
    quito.undated = PublicationPageFactory(
        parent=quito.library,
        title_es="VII Declaración Conjunta",
        title_en="VII Joint Declaration",
        slug_es="vii-declaracion-conjunta",
        slug_en="vii-joint-declaration",
        date=None,
        round=quito.rounds[7],
    )
    quito.monthly = PublicationPageFactory(
        parent=quito.library,
        title_es="Informe de noviembre",
        title_en="November report",
        slug_es="informe-de-noviembre",
        slug_en="november-report",
        publication_type="report",
        date=datetime.date(2025, 11, 20),
        date_precision=DatePrecision.MONTH,
    )
    quito.add_news(
        title_es="Cifras de R4V",
        title_en="R4V figures",
        slug_es="cifras-de-r4v",
        slug_en="r4v-figures",
        date=datetime.date(2025, 11, 20),
        date_precision=DatePrecision.MONTH,
    )
    return quito


site_built, site = scenario(build_site)

PATHS = {
    "news": {"es": "/es/noticias/cifras-de-r4v/", "en": "/en/news/r4v-figures/"},
    "monthly": {
        "es": "/es/documentos/informe-de-noviembre/",
        "en": "/en/documents/november-report/",
    },
    "undated": {
        "es": "/es/documentos/vii-declaracion-conjunta/",
        "en": "/en/documents/vii-joint-declaration/",
    },
    "round_i": {"es": "/es/rondas/i-ronda/", "en": "/en/rounds/round-i/"},
    "round_vii": {"es": "/es/rondas/vii-ronda/", "en": "/en/rounds/round-vii/"},
    "peru": {"es": "/es/estados-miembros/peru/", "en": "/en/member-states/peru/"},
    "colombia": {"es": "/es/estados-miembros/colombia/", "en": "/en/member-states/colombia/"},
    "states": {"es": "/es/estados-miembros/", "en": "/en/member-states/"},
}
NOVEMBER = {"es": "noviembre de 2025", "en": "November 2025"}


def json_ld(response, kind):
    blocks = [
        json.loads(script.string)
        for script in parse(response).select('script[type="application/ld+json"]')
    ]
    return next(block for block in blocks if block["@type"] == kind)


# The mechanism


@pytest.mark.parametrize(
    ("value", "precision", "iso"),
    [
        ("2025-11", "month", "2025-11"),
        ("2025", "year", "2025"),
        ("2025-11-20", "day", "2025-11-20"),
    ],
)
def test_an_iso_date_keeps_its_precision_and_is_stored_as_its_first_day(value, precision, iso):
    date = PreciseDate.parse(value)
    assert (date.precision, date.iso()) == (precision, iso)
    assert date.date.day == (20 if precision == "day" else 1)


def test_a_month_is_stored_as_its_first_day_whatever_day_was_typed(site):
    item = fresh(site.news_item)
    assert (item.date, item.date_precision) == (NOV_2025, "month")


# The admin


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("es", ["Día exacto", "Solo el mes", "Solo el año"]),
        ("en", ["Exact day", "Month only", "Year only"]),
    ],
)
def test_the_admin_offers_the_precision_beside_the_date_in_the_staff_members_language(
    admin_client, admin_user, site, language, labels
):
    prefer(admin_user, language)
    page = parse(admin_client.get(f"/admin/pages/{site.news_item.pk}/edit/"))
    select = page.select_one('select[name="date_precision"]')
    assert [text(option) for option in select.select("option")] == labels
    assert select.select_one("option[selected]")["value"] == "month"


def news_form(site, **fields):
    return admin_post_data(
        {
            "title_es": "Noticia del mes",
            "title_en": "News of the month",
            "slug_es": "noticia-del-mes",
            "slug_en": "news-of-the-month",
            "date": "2025-11-20",
            "date_precision": "month",
            "author_kind": "organization",
            "summary_es": "Resumen.",
            "summary_en": "Summary.",
            "body_es": streamfield([]),
            "body_en": streamfield([]),
            "action-publish": "1",
            **fields,
        }
    )


def test_a_month_chosen_in_the_admin_is_saved_as_a_month(admin_client, site):
    response = admin_client.post(
        f"/admin/pages/add/news/newspage/{site.news_index.pk}/", news_form(site)
    )
    assert response.status_code == 302
    item = NewsPage.objects.get(slug_es="noticia-del-mes")
    assert (item.date, item.date_precision) == (NOV_2025, "month")


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_unknown_precision_is_a_form_error_not_a_500(admin_client, admin_user, site, language):
    prefer(admin_user, language)
    response = admin_client.post(
        f"/admin/pages/add/news/newspage/{site.news_index.pk}/",
        news_form(site, date_precision="week"),
    )
    assert response.status_code == 200
    assert "date_precision" in response.context["form"].errors
    # The message, as the page shows it, in the staff member's language.
    message = {"es": "Escoja una opción válida", "en": "Select a valid choice"}[language]
    assert message in response.content.decode()
    assert not NewsPage.objects.filter(slug_es="noticia-del-mes").exists()


def test_a_figures_precision_is_edited_beside_its_date(admin_client, site):
    peru = site.states["PE"]
    record = peru.figures.get()
    data = admin_post_data(
        {
            "title_es": "Perú",
            "title_en": "Peru",
            "slug_es": "peru",
            "slug_en": "peru",
            "country": "PE",
            "status": "member",
            "body_es": streamfield([]),
            "body_en": streamfield([]),
            "related_links_es": streamfield([]),
            "related_links_en": streamfield([]),
            "focal_institutions": inline_formset([]),
            "figures": inline_formset(
                [
                    {
                        "id": str(record.pk),
                        "measure": "hosted",
                        "value": "1662889",
                        "as_of": "2025-11-17",
                        "as_of_precision": "month",
                        "source_name": "R4V / LT10",
                        "source_url": record.source_url,
                        "source_date": "2025",
                        "source_date_precision": "year",
                    }
                ],
                initial=1,
            ),
            "action-publish": "action-publish",
        }
    )
    response = admin_client.post(f"/admin/pages/{peru.pk}/edit/", data)
    assert response.status_code == 200  # "2025" is no date: the form says so at the field
    [figure_form] = response.context["form"].formsets["figures"].forms
    assert "source_date" in figure_form.errors
    data["figures-0-source_date"] = "2025-03-09"
    response = admin_client.post(f"/admin/pages/{peru.pk}/edit/", data)
    assert response.status_code == 302
    saved = StateFigure.objects.get(pk=record.pk)
    assert (saved.as_of, saved.as_of_precision) == (NOV_2025, "month")
    assert (saved.source_date, saved.published_on.iso()) == (datetime.date(2025, 1, 1), "2025")


# Pages


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_news_item_dated_by_its_month_shows_the_month_alone(client, site, language):
    meta = parse(client.get(PATHS["news"][language])).select_one("main .news-meta time")
    assert (text(meta), meta["datetime"]) == (NOVEMBER[language], "2025-11")
    index = parse(client.get({"es": "/es/noticias/", "en": "/en/news/"}[language]))
    listed = index.select_one(".news-list time")
    assert (text(listed), listed["datetime"]) == (NOVEMBER[language], "2025-11")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_figures_month_and_its_source_with_its_date_are_shown_beside_it(client, site, language):
    page = parse(client.get(PATHS["peru"][language]))
    facts = text(page.select_one("main dl.facts"))
    assert {"es": "Datos a noviembre de 2025", "en": "As of November 2025"}[language] in facts
    source = page.select_one("main dl.facts .figure-source a")
    assert (text(source), source["href"]) == (
        "R4V / LT10",
        "https://www.lt10.com.ar/noticia/486130",
    )
    colombia = parse(client.get(PATHS["colombia"][language]))
    rows = [
        [text(cell) for cell in row.select("th, td")]
        for row in colombia.select("table.figure-series__table tbody tr")
    ]
    assert (
        rows[-1][2]
        == {
            "es": "R4V / DNoticias (4 de julio de 2024)",
            "en": "R4V / DNoticias (4 July 2024)",
        }[language]
    )
    assert (
        colombia.select("table.figure-series__table tbody tr th time")[0]["datetime"] == "2025-11"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_member_states_chart_names_its_sources_and_their_dates(client, site, language):
    chart = parse(client.get(PATHS["states"][language])).select_one("section.chart")
    sources = [text(item) for item in chart.select(".chart-sources li")]
    assert (
        sources
        == {
            "es": [
                "R4V / LT10 — cifras a noviembre de 2025",
            ],
            "en": ["R4V / LT10 — figures as of November 2025"],
        }[language]
    )
    header = [text(th) for th in chart.select("details table thead th")]
    assert header[-1] == {"es": "Fuente", "en": "Source"}[language]


@pytest.mark.parametrize(
    ("language", "plenary", "presidency"),
    [
        (
            "es",
            "Fecha desconocida: las fuentes solo dan el periodo de la Presidencia",
            "Perú (27 de noviembre de 2020 – 28 de mayo de 2021)",
        ),
        (
            "en",
            "Date not known: the sources give the presidency's span only",
            "Peru (27 November 2020 – 28 May 2021)",
        ),
    ],
)
def test_a_round_known_by_its_presidency_does_not_pass_the_span_off_as_its_plenary(
    client, site, language, plenary, presidency
):
    facts = parse(client.get(PATHS["round_vii"][language])).select("main dl.facts div")
    shown = {text(row.dt): text(row.dd) for row in facts}
    assert shown[{"es": "Plenario", "en": "Plenary"}[language]] == plenary
    assert shown[{"es": "Presidencia Pro Tempore", "en": "Pro Tempore Presidency"}[language]] == (
        presidency
    )


@pytest.mark.parametrize(
    ("language", "plenary"), [("es", "3–4 de septiembre de 2018"), ("en", "3–4 September 2018")]
)
def test_a_round_shows_its_plenary_days_when_they_are_known(client, site, language, plenary):
    facts = parse(client.get(PATHS["round_i"][language])).select("main dl.facts div")
    shown = {text(row.dt): text(row.dd) for row in facts}
    assert shown[{"es": "Plenario", "en": "Plenary"}[language]] == plenary
    timeline = parse(client.get({"es": "/es/rondas/", "en": "/en/rounds/"}[language]))
    whens = [text(p) for p in timeline.select(".timeline__when")]
    assert whens == [f"{ {'es': 'Plenario', 'en': 'Plenary'}[language] }: {plenary}"]


@pytest.mark.parametrize(
    ("language", "path", "citation"),
    [
        ("es", "monthly", "Proceso de Quito (2025, noviembre). Informe de noviembre. Quito."),
        ("en", "monthly", "Quito Process (2025, November). November report. Quito."),
        ("es", "undated", "Proceso de Quito (s. f.). VII Declaración Conjunta. Quito."),
        ("en", "undated", "Quito Process (n.d.). VII Joint Declaration. Quito."),
    ],
)
def test_a_citation_is_no_more_precise_than_the_date(client, site, language, path, citation):
    page = parse(client.get(PATHS[path][language]))
    assert text(page.find(class_="citation")) == citation


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_publication_without_a_known_date_says_so_and_is_listed_last(client, site, language):
    page = parse(client.get(PATHS["undated"][language]))
    date = page.select("main dl.facts div")[0]
    assert (
        text(date.dd)
        == {
            "es": "Desconocida: ninguna fuente la da",
            "en": "Not known: no source gives it",
        }[language]
    )
    assert not date.select("time")
    library = parse(client.get({"es": "/es/documentos/", "en": "/en/documents/"}[language]))
    metas = [text(meta) for meta in library.select(".publication-list__meta")]
    assert {"es": "Fecha desconocida", "en": "Date not known"}[language] in metas[-1]


# JSON-LD


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_news_articles_json_ld_dates_it_to_its_month(client, site, language):
    article = json_ld(client.get(PATHS["news"][language]), "NewsArticle")
    assert article["datePublished"] == "2025-11"
    if "dateModified" in article:
        assert datetime.datetime.fromisoformat(article["dateModified"]).date() >= NOV_2025


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_publications_json_ld_has_its_address_its_month_and_its_files(client, site, language):
    report = json_ld(client.get(PATHS["monthly"][language]), "Report")
    assert report["url"] == f"http://testserver{PATHS['monthly'][language]}"
    assert report["datePublished"] == "2025-11"
    with translation.override(language):
        path = site.declaration.get_url()
    work = json_ld(client.get(path), "CreativeWork")
    assert work["datePublished"] == "2018-09-04"
    [media] = work["associatedMedia"]
    assert media["@type"] == "MediaObject"
    assert media["contentUrl"].startswith("http://testserver/documents/")
    assert (media["encodingFormat"], media["inLanguage"]) == ("application/pdf", "es")
    undated = json_ld(client.get(PATHS["undated"][language]), "CreativeWork")
    assert "datePublished" not in undated


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_rounds_event_has_its_description_status_and_address(client, site, language):
    event = json_ld(client.get(PATHS["round_vii"][language]), "Event")
    assert event["url"] == f"http://testserver{PATHS['round_vii'][language]}"
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    # No plenary known: the presidency's span, and the description says so.
    assert (event["startDate"], event["endDate"]) == ("2020-11-27", "2021-05-28")
    assert event["description"].endswith(
        {
            "es": "Las fuentes no dan la fecha de su plenario. Presidencia Pro Tempore: Perú, "
            "27 de noviembre de 2020 – 28 de mayo de 2021.",
            "en": "The sources give no date for its plenary. Pro Tempore Presidency: Peru, "
            "27 November 2020 – 28 May 2021.",
        }[language]
    )
    plenary = json_ld(client.get(PATHS["round_i"][language]), "Event")
    assert (plenary["startDate"], plenary["endDate"]) == ("2018-09-03", "2018-09-04")


# Downloads and the API


def csv_rows(client, path):
    body = b"".join(client.get(path).streaming_content)
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_figures_download_gives_months_as_months_with_their_precision(client, site):
    rows = {(r["country"], r["value"]): r for r in csv_rows(client, "/en/data/figures.csv")}
    colombia = rows[("CO", "2800000")]
    assert (colombia["as_of"], colombia["as_of_precision"]) == ("2024-07", "month")
    assert (colombia["source_url"], colombia["source_date"]) == (DNOTICIAS, "2024-07-04")
    assert colombia["source_date_precision"] == "day"
    peru = rows[("PE", "1662889")]
    assert (peru["source_date"], peru["source_date_precision"]) == ("", "")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_data_package_types_a_mixed_precision_date_as_a_patterned_string(
    client, site, language
):
    package = client.get(
        {"es": "/es/datos/datapackage.json", "en": "/en/data/datapackage.json"}[language]
    ).json()
    fields = {
        (resource["name"], field["name"]): field
        for resource in package["resources"]
        for field in resource["schema"]["fields"]
    }
    for name in [("figures-csv", "as_of"), ("publications-json", "date")]:
        field = fields[name]
        assert (field["type"], field["constraints"]["pattern"]) == (
            "string",
            "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$",
        )
    assert fields[("figures-csv", "as_of_precision")]["constraints"]["enum"] == [
        "day",
        "month",
        "year",
    ]
    # Rounds' dates are days: Table Schema's own date type.
    assert fields[("rounds-csv", "presidency_start")]["type"] == "date"


def test_the_api_gives_reduced_precision_dates_and_describes_them(client, site):
    figures = client.get("/api/v1/figures/", {"state": "PE"}).json()["items"]
    assert [(f["as_of"], f["as_of_precision"], f["source_name"]) for f in figures] == [
        ("2025-11", "month", "R4V / LT10")
    ]
    publications = client.get("/api/v1/publications/", {"lang": "en"}).json()["items"]
    dates = {p["title"]: (p["date"], p["date_precision"]) for p in publications}
    assert dates["November report"] == ("2025-11", "month")
    assert dates["VII Joint Declaration"] == (None, None)
    description = client.get("/api/v1/openapi.json").json()
    as_of = description["components"]["schemas"]["Figures"]["properties"]["as_of"]
    assert (as_of["type"], as_of["pattern"]) == ("string", "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")


def test_rounds_are_exported_with_their_plenary_and_their_presidency_apart(client, site):
    rounds = {r["number"]: r for r in client.get("/api/v1/rounds/").json()["items"]}
    assert (rounds[1]["plenary_start"], rounds[1]["plenary_end"]) == ("2018-09-03", "2018-09-04")
    assert rounds[1]["presidency_start"] is None
    assert (rounds[7]["plenary_start"], rounds[7]["presidency_start"]) == (None, "2020-11-27")
    assert rounds[7]["presidency_end"] == "2021-05-28"


def test_a_round_needs_a_plenary_or_a_presidency_date(site):
    page = RoundPage(number=12, presidency=site.states["PE"])
    with pytest.raises(ValidationError) as error:
        page.full_clean(exclude=["path", "depth", "numchild", "url_path"], validate_unique=False)
    assert "plenary_start" in error.value.message_dict


# The demo's figures and their articles


def test_each_demo_figure_is_attributed_to_the_article_its_dates_allow():
    facts = load_facts()["r4v_figures"]
    sources = facts["sources"]
    by_month = {
        fact["as_of"]: StateFigure.from_r4v(fact, sources)
        for fact in [*facts["by_country"], *facts["totals"]]
    }
    lt10, dnoticias = (next(u for u in sources if part in u) for part in ("lt10", "dnoticias"))
    assert (by_month["2025-11"].source_url, by_month["2025-11"].source_date) == (lt10, None)
    assert by_month["2025-09"].source_url == lt10
    assert by_month["2024-07"].source_url == dnoticias
    assert by_month["2024-07"].published_on.iso() == "2024-07-04"
    # The world's figure of November 2024: after the July article, and no article the facts
    # cite can be tied to it. It names R4V and no address, rather than r4v.info's home page.
    world = by_month["2024-11"]
    assert (world.source_name, world.source_url) == ("R4V", "")
    assert all(record.as_of_precision == "month" for record in by_month.values())
    assert {article["name"] for article in R4V_ARTICLES} == {"R4V / LT10", "R4V / DNoticias"}
