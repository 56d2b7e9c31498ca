"""Demo content: the international organizations index and the nine organizations in the facts."""

import datetime

from demo_content.shared import ensure_page, load_facts
from organizations.models import (
    DatePrecision,
    OrganizationKind,
    OrganizationPage,
    OrganizationsIndexPage,
)

# Texts written for the demo, per organization code in facts.json: (kind, website, Spanish, English).
TEXTS = {
    "UNHCR": {
        "kind": OrganizationKind.UN_AGENCY,
        "founded_by": (
            "la Asamblea General de las Naciones Unidas",
            "the United Nations General Assembly",
        ),
        "mandate": (
            "Protege a las personas refugiadas, desplazadas y apátridas, y busca soluciones duraderas para ellas.",
            "Protects refugees, displaced and stateless people, and seeks lasting solutions for them.",
        ),
        "role": (
            "Coordina con la OIM la Secretaría Técnica del Proceso de Quito y codirige la Plataforma "
            "R4V, que reúne las cifras de personas refugiadas y migrantes de Venezuela.",
            "Coordinates the Technical Secretariat of the Quito Process with IOM and co-leads the R4V "
            "platform, which gathers the figures of refugees and migrants from Venezuela.",
        ),
    },
    "IOM": {
        "kind": OrganizationKind.UN_AGENCY,
        "website": "https://www.iom.int",
        "mandate": (
            "Promueve una migración humana y ordenada en beneficio de las personas migrantes y de la sociedad.",
            "Promotes humane and orderly migration for the benefit of migrants and society.",
        ),
        "role": (
            "Coordina con ACNUR la Secretaría Técnica del Proceso de Quito y codirige la Plataforma R4V.",
            "Coordinates the Technical Secretariat of the Quito Process with UNHCR and co-leads the R4V "
            "platform.",
        ),
    },
    "UNICEF": {
        "kind": OrganizationKind.UN_AGENCY,
        "website": "https://www.unicef.org",
        "mandate": (
            "Defiende los derechos de cada niña y cada niño.",
            "Defends the rights of every child.",
        ),
        "role": (
            "Punto focal técnico para la protección de niñas, niños y adolescentes.",
            "Technical focal point for the protection of children and adolescents.",
        ),
    },
    "UNESCO": {
        "kind": OrganizationKind.UN_AGENCY,
        "website": "https://www.unesco.org",
        "mandate": (
            "Promueve la cooperación internacional en educación, ciencia y cultura.",
            "Promotes international cooperation in education, science and culture.",
        ),
        "role": ("Punto focal técnico en educación.", "Technical focal point for education."),
    },
    "ILO": {
        "kind": OrganizationKind.UN_AGENCY,
        "website": "https://www.ilo.org",
        "mandate": (
            "Promueve el trabajo decente y los derechos laborales.",
            "Promotes decent work and labour rights.",
        ),
        "role": (
            "Punto focal técnico para la inserción socioeconómica.",
            "Technical focal point for socio-economic integration.",
        ),
    },
    "UNAIDS": {
        "kind": OrganizationKind.UN_AGENCY,
        "website": "https://www.unaids.org",
        "mandate": (
            "Lidera la respuesta mundial para poner fin al sida como amenaza para la salud pública.",
            "Leads the global effort to end AIDS as a public health threat.",
        ),
        "role": ("Punto focal técnico en VIH/sida.", "Technical focal point for HIV/AIDS."),
    },
    "PAHO": {
        "kind": OrganizationKind.REGIONAL_BODY,
        "website": "https://www.paho.org",
        "mandate": (
            "Agencia especializada en salud de las Américas.",
            "The specialised health agency of the Americas.",
        ),
        "role": (
            "Punto focal técnico en salud y en la respuesta a la COVID-19.",
            "Technical focal point for health and the COVID-19 response.",
        ),
    },
    "UNWOMEN": {
        "kind": OrganizationKind.UN_AGENCY,
        "website": "https://www.unwomen.org",
        "mandate": (
            "Trabaja por la igualdad de género y el empoderamiento de las mujeres.",
            "Works for gender equality and the empowerment of women.",
        ),
        "role": ("Punto focal técnico en género.", "Technical focal point for gender."),
    },
    "UNDP": {
        "kind": OrganizationKind.UN_AGENCY,
        "website": "https://www.undp.org",
        "mandate": (
            "Apoya a los países para erradicar la pobreza y reducir las desigualdades.",
            "Helps countries to eradicate poverty and reduce inequalities.",
        ),
        "role": ("Punto focal técnico del Proceso.", "Technical focal point of the Process."),
    },
}


def parse_founded(value):
    """'1950-12-14' is a full date; '1951' a year alone, stored as 1 January."""
    if len(value) == 4:
        return datetime.date(int(value), 1, 1), DatePrecision.YEAR
    return datetime.date.fromisoformat(value), DatePrecision.DAY


def build(home, log):
    log.stdout.write("International organizations")
    index = ensure_page(home, OrganizationsIndexPage.objects.first(), _index_page, log)
    for organization in load_facts()["international_organizations"]:
        existing = OrganizationPage.objects.filter(acronym_en=organization["acronym"]["en"]).first()
        ensure_page(index, existing, lambda o=organization: _organization_page(o), log)


def _index_page():
    return OrganizationsIndexPage(
        title_es="Organizaciones internacionales",
        title_en="International Organizations",
        slug_es="organizaciones-internacionales",
        slug_en="international-organizations",
        show_in_menus=True,
        intro_es=(
            "Las agencias que dan apoyo técnico al Proceso de Quito, empezando por las que coordinan "
            "su Secretaría Técnica."
        ),
        intro_en=(
            "The agencies that give technical support to the Quito Process, starting with those "
            "that coordinate its Technical Secretariat."
        ),
    )


# How Spanish names each one in a sentence (English uses the acronym alone).
SPANISH_SENTENCE_NAMES = {
    "ACNUR": "el ACNUR",
    "OIM": "la OIM",
    "UNICEF": "el UNICEF",
    "UNESCO": "la UNESCO",
    "OIT": "la OIT",
    "ONUSIDA": "el ONUSIDA",
    "OPS": "la OPS",
    "PNUD": "el PNUD",
}


def _organization_page(facts):
    texts = TEXTS[facts["code"]]
    founded_on, precision = parse_founded(facts["founded"])
    founded_by = texts.get("founded_by", ("", ""))
    acronym_es, acronym_en = facts["acronym"]["es"], facts["acronym"]["en"]
    return OrganizationPage(
        title_es=facts["name"]["es"],
        title_en=facts["name"]["en"],
        slug_es=acronym_es.lower().replace(" ", "-"),
        slug_en=acronym_en.lower().replace(" ", "-"),
        acronym_es=acronym_es,
        acronym_en=acronym_en,
        name_in_a_sentence_es=SPANISH_SENTENCE_NAMES.get(acronym_es, ""),
        kind=texts["kind"],
        founded_on=founded_on,
        founded_precision=precision,
        founded_by_es=founded_by[0],
        founded_by_en=founded_by[1],
        # The mandate is the page's lead, said once: no "Mandate" section repeating it.
        intro_es=texts["mandate"][0],
        intro_en=texts["mandate"][1],
        role_es=f"<p>{texts['role'][0]}</p>",
        role_en=f"<p>{texts['role'][1]}</p>",
        website=facts.get("website") or texts.get("website", ""),
    )
