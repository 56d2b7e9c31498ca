"""Demo content: the eleven thematic areas, their lead states and supporting agencies."""

from django.apps import apps

from demo_content.shared import ensure_page, load_facts
from thematic_areas.models import (
    ThematicAreaLead,
    ThematicAreaPage,
    ThematicAreasIndexPage,
    ThematicAreaSupporter,
)

# Other sections' pages, by name: section apps never import each other.
MemberStatePage = apps.get_model("members", "MemberStatePage")
OrganizationPage = apps.get_model("organizations", "OrganizationPage")

SLUGS = {
    "asylum": ("asilo-y-refugio", "asylum"),
    "orientation_centres": ("centros-de-orientacion", "orientation-centres"),
    "human_trafficking": ("trata-de-personas", "human-trafficking"),
    "education": ("educacion", "education"),
    "socioeconomic_integration": ("insercion-socioeconomica", "socio-economic-integration"),
    "children": ("ninas-ninos-y-adolescentes", "children-and-adolescents"),
    "family_reunification": ("reunificacion-familiar", "family-reunification"),
    "hiv_aids": ("vih-sida", "hiv-aids"),
    "gender": ("genero", "gender"),
    "covid19": ("covid-19", "covid-19"),
    "regularization": ("regularizacion-migratoria", "migratory-regularization"),
}
# The help directory's need whose entries each area's page lists (getting_help.choices.Need),
# where one clearly fits; orientation centres answer every need, so none is theirs alone.
HELP_NEEDS = {
    "asylum": "asylum",
    "human_trafficking": "violence",
    "education": "education",
    "socioeconomic_integration": "work",
    "children": "children",
    "family_reunification": "family",
    "hiv_aids": "health",
    "gender": "violence",
    "covid19": "health",
    "regularization": "documents",
}


def build(home, log):
    log.stdout.write("Thematic areas")
    index = ensure_page(home, ThematicAreasIndexPage.objects.first(), _index_page, log)
    states = {str(page.country): page for page in MemberStatePage.objects.all()}
    organizations = {page.acronym_en: page for page in OrganizationPage.objects.all()}
    codes = {o["code"]: o["acronym"]["en"] for o in load_facts()["international_organizations"]}
    for area in load_facts()["thematic_areas"]:
        slug_es, slug_en = SLUGS[area["key"]]
        existing = ThematicAreaPage.objects.child_of(index).filter(slug_en=slug_en).first()
        ensure_page(
            index,
            existing,
            lambda a=area, s=(slug_es, slug_en): _area_page(a, s, states, organizations, codes),
            log,
        )


def _index_page():
    return ThematicAreasIndexPage(
        title_es="Áreas temáticas",
        title_en="Thematic Areas",
        slug_es="areas-tematicas",
        slug_en="thematic-areas",
        show_in_menus=True,
        # The facts name a lead state for 3 of the 11 areas and supporting agencies for 9:
        # the index claims neither for every area.
        intro_es=(
            "Los ejes de trabajo del Proceso de Quito. Cada página indica el Estado miembro que "
            "lidera el eje y las agencias internacionales que le dan apoyo técnico, cuando se "
            "conocen."
        ),
        intro_en=(
            "The Quito Process's lines of work. Each page names the member state that leads the "
            "area and the international agencies that give it technical support, where known."
        ),
    )


def _intro(lead, supporters):
    """One sentence per language saying who drives the area and who supports it."""
    support_es = " y ".join(o.acronym_es for o in supporters)
    support_en = " and ".join(o.acronym_en for o in supporters)
    if lead and supporters:
        return (
            f"Liderada por {lead.title_es}, con el apoyo técnico de {support_es}.",
            f"Led by {lead.title_en}, with technical support from {support_en}.",
        )
    if supporters:
        return (
            f"Con el apoyo técnico de {support_es}.",
            f"With technical support from {support_en}.",
        )
    return ("Un eje de trabajo del Proceso de Quito.", "A line of work of the Quito Process.")


def _area_page(area, slugs, states, organizations, codes):
    lead = states.get(area["lead_country"]) if area["lead_country"] else None
    supporters = [
        organizations[codes[code]]
        for code in area["technical_support"]
        if codes.get(code) in organizations
    ]
    intro_es, intro_en = _intro(lead, supporters)
    page = ThematicAreaPage(
        title_es=area["es"],
        title_en=area["en"],
        slug_es=slugs[0],
        slug_en=slugs[1],
        intro_es=intro_es,
        intro_en=intro_en,
        help_need=HELP_NEEDS.get(area["key"], ""),
    )
    page.leads = [ThematicAreaLead(sort_order=0, member_state=lead)] if lead else []
    page.supporters = [
        ThematicAreaSupporter(sort_order=position, organization=organization)
        for position, organization in enumerate(supporters)
    ]
    return page
