"""Demo content: the "I need help" page, with help anywhere in the region from organizations the
sources name (their own addresses only; no made-up phone, e-mail or street address). Help in each
country is left for staff to add."""

from demo_content.shared import ensure_page
from getting_help.models import HelpContact, HelpPage

REGIONAL_CONTACTS = [
    {
        "organization_es": "Plataforma R4V",
        "organization_en": "R4V Platform",
        "helps_with_es": (
            "La Plataforma de Coordinación Interagencial para Refugiados y Migrantes de Venezuela "
            "reúne a las organizaciones que atienden a personas venezolanas en cada país."
        ),
        "helps_with_en": (
            "The Inter-Agency Coordination Platform for Refugees and Migrants from Venezuela "
            "brings together the organizations that help Venezuelans in each country."
        ),
        "url": "https://www.r4v.info/",
    },
    {
        "organization_es": "ACNUR, la Agencia de la ONU para los Refugiados",
        "organization_en": "UNHCR, the UN Refugee Agency",
        "helps_with_es": "Protección para personas refugiadas y solicitantes de asilo.",
        "helps_with_en": "Protection for refugees and people seeking asylum.",
        "url": "https://www.unhcr.org",
    },
    {
        "organization_es": "OIM, Organización Internacional para las Migraciones",
        "organization_en": "IOM, International Organization for Migration",
        "helps_with_es": "Apoyo a personas migrantes y a sus familias.",
        "helps_with_en": "Support for migrants and their families.",
        "url": "https://www.iom.int",
    },
]


def _help_page():
    page = HelpPage(
        title_es="Necesito ayuda",
        title_en="I need help",
        slug_es="necesito-ayuda",
        slug_en="i-need-help",
        show_in_menus=True,
        intro_es=(
            "¿Salió de Venezuela y necesita ayuda? Estas organizaciones pueden orientarle. "
            "El Proceso de Quito es una reunión de gobiernos: no atiende casos directamente."
        ),
        intro_en=(
            "Did you leave Venezuela and need help? These organizations can guide you. "
            "The Quito Process is a meeting of governments: it does not handle cases itself."
        ),
    )
    page.contacts = [HelpContact(sort_order=n, **c) for n, c in enumerate(REGIONAL_CONTACTS)]
    return page


def build(home, log):
    log.stdout.write("Help for refugees and migrants")
    ensure_page(home, HelpPage.objects.first(), _help_page, log)
