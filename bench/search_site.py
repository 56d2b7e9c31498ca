"""The site search's benchmark size (bench/build_site.py --search): 5,000 pages and 500 PDF files
of 20 pages each, then the index rebuilt. Imported after django.setup().

Pages are built as everywhere (demo_content.shared.add_page, through the tests' factories), with two
allowances for speed that change nothing searched: Wagtail's own search index (the admin's) is not
updated page by page while the site grows, and the reports are filed under one section per
country (wagtail-modeltranslation checks a new page's slugs against every sibling, so a
thousand siblings cost a second a page)."""

import datetime
import io
import random
import time

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.utils import translation
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.models import Page

from core.pages.models import StandardPage
from demo_content.shared import stream
from home.models import HomePage
from members.models import MemberStatePage
from news.models import NewsIndexPage, NewsPage
from publications.files import read_file_facts
from publications.models import PublicationFile, PublicationPage, PublicationsIndexPage
from search.models import SearchEntry, SearchPassage
from tests.factories import NewsPageFactory, PublicationPageFactory, StandardPageFactory

TOTAL_PAGES = 5000
PUBLICATIONS = 250  # two files each (Spanish, English): 500 files
NEWS_ITEMS = 500
PDF_PAGES = 20
LANGUAGES = ("es", "en")

TOPICS = {
    "es": [
        "educación", "salud", "empleo", "vivienda", "documentación", "integración",
        "protección de la niñez", "igualdad de género", "trata de personas",
        "reunificación familiar", "inclusión financiera", "regularización migratoria", "asilo",
        "reconocimiento de títulos", "prevención de la xenofobia",
    ],
    "en": [
        "education", "health", "employment", "housing", "documentation", "integration",
        "child protection", "gender equality", "human trafficking", "family reunification",
        "financial inclusion", "migratory regularization", "asylum",
        "recognition of qualifications", "preventing xenophobia",
    ],
}  # fmt: skip
TITLES = {
    "es": [
        "{Topic} en {country}: informe {n}",
        "Taller sobre {topic} con {country}",
        "{country} presenta avances en {topic}",
        "Reunión técnica de {topic} ({n})",
        "Guía de {topic} para gobiernos locales {n}",
    ],
    "en": [
        "{Topic} in {country}: report {n}",
        "Workshop on {topic} with {country}",
        "{country} reports progress on {topic}",
        "Technical meeting on {topic} ({n})",
        "A guide to {topic} for local governments {n}",
    ],
}
SENTENCES = {
    "es": [
        "Los equipos técnicos de {country} revisaron las medidas de {topic} acordadas en la "
        "ronda {round}.",
        "La Secretaría Técnica acompañó a las autoridades nacionales en la planificación de "
        "{topic}.",
        "Las personas refugiadas y migrantes de Venezuela necesitan acceso a {topic} en "
        "igualdad de condiciones.",
        "El informe recoge datos de {number} personas atendidas durante el año en {country}.",
        "Los gobiernos de la región intercambiaron buenas prácticas sobre {topic} y {topic2}.",
        "La cooperación con los organismos internacionales fortaleció la respuesta local.",
        "Las autoridades de {country} y de {country2} acordaron una hoja de ruta común.",
        "Se presentaron indicadores para medir el avance de {topic} en cada país.",
    ],
    "en": [
        "The technical teams of {country} reviewed the {topic} measures agreed at round {round}.",
        "The Technical Secretariat supported the national authorities in planning {topic}.",
        "Refugees and migrants from Venezuela need access to {topic} on equal terms.",
        "The report gathers figures on {number} people assisted during the year in {country}.",
        "The governments of the region exchanged good practices on {topic} and {topic2}.",
        "Cooperation with international organizations strengthened the local response.",
        "The authorities of {country} and {country2} agreed on a common roadmap.",
        "Indicators were presented to measure progress on {topic} in each country.",
    ],
}
# The files' own words: their annexes, and the placeholders each file fills in.
FILE_SENTENCES = {
    "es": "Anexo estadístico: cuadro NUMX de PAISX sobre TEMAX y sus fuentes.",
    "en": "Statistical annex: table NUMX of PAISX on TEMAX and its sources.",
}


def capitalize(text):
    return text[:1].upper() + text[1:]


def sentence(rng, language, countries, choice):
    topics = TOPICS[language]
    return rng.choice(SENTENCES[language]).format(
        country=countries[choice["country"]][language],
        country2=countries[rng.randrange(len(countries))][language],
        topic=topics[choice["topic"]],
        topic2=topics[rng.randrange(len(topics))],
        round=rng.randint(1, 10),
        number=rng.randint(100, 90000),
    )


def page_texts(rng, countries, number):
    """Title, introduction and body in both languages, on one topic and one country."""
    choice = {
        "topic": rng.randrange(len(TOPICS["es"])),
        "country": rng.randrange(len(countries)),
        "title": rng.randrange(len(TITLES["es"])),
    }
    state = rng.getstate()
    texts = {}
    for language in LANGUAGES:
        rng.setstate(state)  # the same sentences in both languages
        topic = TOPICS[language][choice["topic"]]
        title = TITLES[language][choice["title"]].format(
            topic=topic,
            Topic=capitalize(topic),
            country=countries[choice["country"]][language],
            n=number,
        )
        intro = " ".join(sentence(rng, language, countries, choice) for _ in range(2))
        body = [sentence(rng, language, countries, choice) for _ in range(rng.randint(6, 14))]
        texts[language] = {"title": title, "intro": intro, "body": body}
    return texts


def localized(texts, name):
    return {f"{name}_{language}": texts[language][name] for language in LANGUAGES}


def body(texts):
    return {
        f"body_{language}": stream(
            ("paragraph", "".join(f"<p>{line}</p>" for line in texts[language]["body"]))
        )
        for language in LANGUAGES
    }


def base_pdf(rng, language, countries):
    """One 20-page PDF in a language, with placeholders for each file's own words."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=10)
    choice = {"topic": 0, "country": 0}
    for _page in range(PDF_PAGES):
        pdf.add_page()
        lines = [sentence(rng, language, countries, choice) for _ in range(26)]
        lines.insert(rng.randrange(len(lines)), FILE_SENTENCES[language])
        text = " ".join(lines)
        text = text.replace(countries[0][language], "PAISX")
        text = text.replace(TOPICS[language][0], "TEMAX")
        pdf.multi_cell(0, 5, text)
    return bytes(pdf.output())


def make_files(rng, countries):
    """The two base documents, and their text as the library reads it."""
    document_model = get_document_model()
    bases = {}
    for language in LANGUAGES:
        content = base_pdf(rng, language, countries)
        document = document_model(title=f"bench-{language}")
        document.file.save(f"bench-{language}.pdf", ContentFile(content), save=False)
        document.save()
        facts = read_file_facts(document)
        bases[language] = (document, facts)
    return bases


def report_section(home, countries, number):
    """The section that files the reports about one country."""
    country = countries[number % len(countries)]
    slug_es = f"informes-{slugify(country['es'])}"
    section = StandardPage.objects.filter(slug_es=slug_es).first()
    if section is None:
        section = StandardPageFactory(
            parent=home,
            title_es=f"Informes: {country['es']}",
            title_en=f"Reports: {country['en']}",
            slug_es=slug_es,
            slug_en=f"reports-{slugify(country['en'])}",
            show_in_menus=False,
        )
    return section


def grow_for_search():
    rng = random.Random(2026)  # noqa: S311 (not for security)
    started = time.monotonic()
    # The admin's search index (Wagtail's) is left alone while the site grows: each page added
    # would otherwise cost a scan of its whole index table.
    settings.WAGTAILSEARCH_BACKENDS = {
        name: {**backend, "AUTO_UPDATE": False}
        for name, backend in settings.WAGTAILSEARCH_BACKENDS.items()
    }
    with translation.override("es"):
        home = HomePage.objects.get()
        countries = [
            {"es": state.title_es, "en": state.title_en}
            for state in MemberStatePage.objects.order_by("path")
        ]
        existing = Page.objects.filter(depth__gte=2).count()
        publications_index = PublicationsIndexPage.objects.get()
        news_index = NewsIndexPage.objects.get()
        bases = make_files(rng, countries)
        document_model = get_document_model()
        number = PublicationPage.objects.count()
        while PublicationFile.objects.filter(page_count=PDF_PAGES).count() < 2 * PUBLICATIONS:
            texts = page_texts(rng, countries, number)
            publication = PublicationPageFactory(
                parent=publications_index,
                **localized(texts, "title"),
                slug_es=f"{slugify(texts['es']['title'])}-{number}",
                slug_en=f"{slugify(texts['en']['title'])}-{number}",
                **localized(texts, "intro"),
                **body(texts),
                date=datetime.date(2019 + number % 7, 1 + number % 12, 1 + number % 28),
            )
            files = []
            for language in LANGUAGES:
                base, facts = bases[language]
                document = document_model.objects.create(
                    title=f"{texts[language]['title']} ({language})", file=base.file.name
                )
                country = countries[rng.randrange(len(countries))][language]
                topic = rng.choice(TOPICS[language])
                text = (
                    facts.text.replace("PAISX", country)
                    .replace("TEMAX", topic)
                    .replace("NUMX", str(number))
                )
                files.append(
                    PublicationFile(
                        page=publication,
                        document=document,
                        language=language,
                        is_original=language == "es",
                        file_format=facts.file_format,
                        file_size=facts.file_size,
                        page_count=facts.page_count,
                        text=text,
                        read_document_id=document.pk,
                        sort_order=len(files),
                    )
                )
            PublicationFile.objects.bulk_create(files)
            number += 1
        number = NewsPage.objects.count()
        while NewsPage.objects.count() < NEWS_ITEMS:
            texts = page_texts(rng, countries, number)
            NewsPageFactory(
                parent=news_index,
                **localized(texts, "title"),
                slug_es=f"{slugify(texts['es']['title'])}-{number}",
                slug_en=f"{slugify(texts['en']['title'])}-{number}",
                summary_es=texts["es"]["intro"],
                summary_en=texts["en"]["intro"],
                **body(texts),
            )
            number += 1
        number = 0
        while Page.objects.filter(depth__gte=2).count() < TOTAL_PAGES:
            texts = page_texts(rng, countries, number)
            StandardPageFactory(
                parent=report_section(home, countries, number),
                **localized(texts, "title"),
                slug_es=f"{slugify(texts['es']['title'])}-{number}",
                slug_en=f"{slugify(texts['en']['title'])}-{number}",
                **localized(texts, "intro"),
                **body(texts),
                show_in_menus=False,
            )
            number += 1
    built = time.monotonic() - started
    started = time.monotonic()
    call_command("update_index", "--only-site-search", stdout=io.StringIO())
    indexed = time.monotonic() - started
    # Statistics for the planner, as autovacuum keeps them on a site that grew day by day.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "pages": Page.objects.filter(depth__gte=2).count(),
        "pages_added": Page.objects.filter(depth__gte=2).count() - existing,
        "publications": PublicationPage.objects.count(),
        "pdf_files": PublicationFile.objects.filter(page_count=PDF_PAGES).count(),
        "pdf_pages": PDF_PAGES,
        "file_text_characters": len(bases["es"][1].text),
        "entries": SearchEntry.objects.count(),
        "passages": SearchPassage.objects.count(),
        "build_seconds": round(built, 1),
        "index_seconds": round(indexed, 1),
    }
