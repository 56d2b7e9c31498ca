"""Demo content: the library of the rounds' outcomes, from the facts.

The official texts are not in the facts, so nothing here pretends to be one: each publication
gets a one-page summary sheet per language that states its title, date and place and where the
official text is published, marked as a summary sheet.
"""

import datetime

from django.apps import apps
from django.core.files.base import ContentFile
from django.utils.text import slugify
from wagtail.documents import get_document_model

from demo_content.shared import ensure_page, load_facts
from publications.models import (
    PublicationFile,
    PublicationPage,
    PublicationsIndexPage,
    PublicationType,
)

RoundPage = apps.get_model("rounds", "RoundPage")
MemberStatePage = apps.get_model("members", "MemberStatePage")

OFFICIAL_SITE = "https://www.procesodequito.org"
# The facts' `rounds_note`: for rounds VII to XI they give the presidency's span, not the plenary.
PRESIDENCY_SPAN_ROUNDS = range(7, 12)

# (round, type, Spanish title, English title): the outcomes the facts name for each round.
OUTCOMES = [
    (
        1,
        PublicationType.JOINT_DECLARATION,
        "Declaración de Quito sobre Movilidad Humana de Ciudadanos Venezolanos en la Región",
        "Declaration of Quito on Human Mobility of Venezuelan Citizens in the Region",
    ),
    (
        2,
        PublicationType.PLAN_OF_ACTION,
        "Plan de Acción del Proceso de Quito",
        "Plan of Action of the Quito Process",
    ),
    (
        3,
        PublicationType.JOINT_DECLARATION,
        "Declaración Conjunta de la III Ronda",
        "Joint Declaration of the Third Round",
    ),
    (4, PublicationType.JOINT_DECLARATION, "IV Declaración Conjunta", "IV Joint Declaration"),
    (4, PublicationType.ROAD_MAP, "Hoja de Ruta de Buenos Aires", "Buenos Aires Roadmap"),
    (5, PublicationType.JOINT_DECLARATION, "V Declaración Conjunta", "V Joint Declaration"),
    (6, PublicationType.JOINT_DECLARATION, "VI Declaración Conjunta", "VI Joint Declaration"),
    (7, PublicationType.JOINT_DECLARATION, "VII Declaración Conjunta", "VII Joint Declaration"),
    (8, PublicationType.JOINT_DECLARATION, "VIII Declaración Conjunta", "VIII Joint Declaration"),
    (9, PublicationType.JOINT_DECLARATION, "IX Declaración Conjunta", "IX Joint Declaration"),
    (10, PublicationType.JOINT_DECLARATION, "X Declaración Conjunta", "X Joint Declaration"),
]
CITY_NAMES = {"es": {"Brasília": "Brasilia"}, "en": {}}
MONTHS_ES = [
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
    "octubre", "noviembre", "diciembre",
]  # fmt: skip


def build(home, log):
    log.stdout.write("Publications")
    index = ensure_page(home, PublicationsIndexPage.objects.first(), _index_page, log)
    facts = load_facts()
    rounds = {page.number: page for page in RoundPage.objects.all()}
    round_facts = {r["number"]: r for r in facts["rounds"]}
    signatories = list(
        MemberStatePage.objects.filter(country__in=facts["process"]["quito_i_signatories"])
    )
    for number, kind, title_es, title_en in OUTCOMES:
        existing = PublicationPage.objects.filter(title_es=title_es).first()
        if existing is not None:
            log.kept(existing)
            continue
        publication = ensure_page(
            index,
            None,
            lambda n=number, k=kind, es=title_es, en=title_en: _publication(
                round_facts[n], rounds.get(n), k, es, en
            ),
            log,
        )
        if number == 1:
            publication.signatories.set(signatories)
            publication.save_revision().publish()


def _index_page():
    return PublicationsIndexPage(
        title_es="Documentos",
        title_en="Documents",
        slug_es="documentos",
        slug_en="documents",
        show_in_menus=True,
        intro_es=(
            "Las declaraciones conjuntas, planes de acción y hojas de ruta que los Estados "
            "miembros adoptaron en cada ronda, con sus archivos en cada idioma."
        ),
        intro_en=(
            "The joint declarations, plans of action and road maps that the member states "
            "adopted at each round, with their files in each language."
        ),
    )


def _date_words(date, language):
    if date is None:
        return {
            "es": "desconocida (las fuentes no la dan)",
            "en": "not known (the sources do not give it)",
        }[language]
    if language == "es":
        return f"{date.day} de {MONTHS_ES[date.month - 1]} de {date.year}"
    return date.strftime("%-d %B %Y")


def _publication(round_facts, round_page, kind, title_es, title_en):
    # The closing day of the round's plenary (rounds I to VI). For rounds VII to XI the facts
    # give only the span of the Pro Tempore Presidency: the day of adoption is not known.
    if round_facts["number"] in PRESIDENCY_SPAN_ROUNDS:
        date = None
    else:
        date = datetime.date.fromisoformat(round_facts["end"] or round_facts["start"])
    city = round_facts["city"] or ""
    places = {code: CITY_NAMES[code].get(city, city) for code in ("es", "en")}
    numeral = round_facts["roman"]
    page = PublicationPage(
        title_es=title_es,
        title_en=title_en,
        slug_es=slugify(title_es),
        slug_en=slugify(title_en),
        publication_type=kind,
        date=date,
        place_es=places["es"],
        place_en=places["en"],
        round=round_page,
        intro_es=(
            f"Adoptada en la {numeral} Ronda del Proceso de Quito"
            + (f", en {places['es']}" if city else "")
            + "."
        ),
        intro_en=(
            f"Adopted at Round {numeral} of the Quito Process"
            + (f", in {places['en']}" if city else "")
            + "."
        ),
        official_text_url=OFFICIAL_SITE,
    )
    files = []
    for sort_order, (code, title) in enumerate((("es", title_es), ("en", title_en))):
        document = get_document_model().objects.create(
            title=f"{title} ({code.upper()})",
            file=ContentFile(
                summary_sheet(title, date, places[code], numeral, code),
                name=f"{slugify(title)}-{code}.pdf",
            ),
        )
        files.append(
            PublicationFile(
                document=document,
                language=code,
                is_original=code == "es",
                is_summary_sheet=True,
                sort_order=sort_order,
            )
        )
    page.files = files
    return page


def summary_sheet(title, date, place, numeral, language):
    """A one-page PDF that states the title, date and place and where the official text is."""
    from fpdf import FPDF

    lines = {
        "es": [
            "Ficha de resumen (no es el texto oficial)",
            f"Fecha: {_date_words(date, 'es')}",
            f"Lugar: {place}" if place else "",
            f"Ronda: {numeral} Ronda del Proceso de Quito",
            "El texto oficial se publica en el sitio del Proceso de Quito:",
            OFFICIAL_SITE,
        ],
        "en": [
            "Summary sheet (not the official text)",
            f"Date: {_date_words(date, 'en')}",
            f"Place: {place}" if place else "",
            f"Round: Round {numeral} of the Quito Process",
            "The official text is published on the Quito Process website:",
            OFFICIAL_SITE,
        ],
    }[language]
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_author("Proceso de Quito" if language == "es" else "Quito Process")
    pdf.set_lang(language)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.multi_cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", size=12)
    for line in filter(None, lines):
        pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
