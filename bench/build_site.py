"""Grow the demo site into a large one for the benchmark: 40 member states, 40 organizations,
500 pages in all, with the tests' page factories (one way of building pages: demo_content.shared.add_page).
Run with the project's settings (bench/run.py does it).

With --search, grow it further to the site search's size: 5,000 pages (news items and reports
whose titles, introductions and bodies mix topics and countries in each language, and 250
publications) and 500 PDF files of 20 pages each (a Spanish and an English file per
publication), then rebuild the search index (`update_index --only-site-search`, timed). The two
PDFs (one per language) are made once with fpdf2 and read once by the library's own reader; each
file keeps that text with its own words put in (a topic, a country, a number), as 500 different
20-page documents would give, without writing or parsing 500 files."""

import datetime
import json
import sys

import django

django.setup()

from django.utils import translation  # noqa: E402
from wagtail.models import Page  # noqa: E402

from core.pages.models import StandardPage  # noqa: E402
from demo_content.shared import stream  # noqa: E402
from home.models import HomePage  # noqa: E402
from members.models import MemberStatePage, MemberStatesIndexPage  # noqa: E402
from organizations.models import OrganizationPage, OrganizationsIndexPage  # noqa: E402
from tests.factories import (  # noqa: E402
    MemberStatePageFactory,
    OrganizationPageFactory,
    StandardPageFactory,
    state_figure,
)

EXTRA_COUNTRIES = [
    "BO",
    "CU",
    "SV",
    "HT",
    "HN",
    "JM",
    "NI",
    "TT",
    "VE",
    "BS",
    "BB",
    "BZ",
    "DM",
    "GD",
    "LC",
    "KN",
    "VC",
    "SR",
    "AG",
    "AW",
    "BQ",
    "SX",
    "PR",
    "GP",
    "MQ",
]
TOTAL_PAGES = 500


with translation.override("es"):
    home = HomePage.objects.get()
    states_index = MemberStatesIndexPage.objects.get()
    for number, code in enumerate(EXTRA_COUNTRIES):
        if not MemberStatePage.objects.filter(country=code).exists():
            MemberStatePageFactory(
                parent=states_index,
                country=code,
                status="member",
                figures=[state_figure(1000 + number, datetime.date(2025, 11, 1))],
                intro_es="Página de prueba de carga.",
                intro_en="Load test page.",
            )
    orgs_index = OrganizationsIndexPage.objects.get()
    for number in range(OrganizationPage.objects.count(), 40):
        OrganizationPageFactory(
            parent=orgs_index,
            title_es=f"Organización {number}",
            title_en=f"Organization {number}",
            acronym_es=f"ORG{number}",
            acronym_en=f"ORG{number}",
            kind="other",
            intro_es="Organización de prueba de carga.",
            intro_en="Load test organization.",
        )
    about = StandardPage.objects.child_of(home).first()
    body = stream(("paragraph", "<p>" + "Texto de prueba. " * 60 + "</p>"))
    number = 0
    while Page.objects.filter(depth__gte=2).count() < TOTAL_PAGES:
        StandardPageFactory(
            parent=about,
            title_es=f"Noticia {number}",
            title_en=f"News {number}",
            intro_es="Una noticia de prueba.",
            intro_en="A test news item.",
            body_es=body,
            body_en=body,
        )
        number += 1


from bench.pages import page_urls  # noqa: E402

urls = page_urls()
if "--search" in sys.argv:
    from bench.search_site import grow_for_search  # noqa: E402

    print(json.dumps(grow_for_search()))
    sys.exit(0)

print(
    json.dumps(
        {
            "pages": Page.objects.filter(depth__gte=2).count(),
            "member_states": MemberStatePage.objects.count(),
            "organizations": OrganizationPage.objects.count(),
            "urls": urls,
        }
    )
)
