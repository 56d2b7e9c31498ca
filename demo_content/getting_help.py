"""Demo content: the "I need help" page and the help directory's region-wide entries for the
organizations the facts name (R4V, and UNHCR and IOM, which co-lead it), with their websites and
nothing else: no phone, e-mail, street address, national office or need that the facts do not
give, and no verification date (nobody verified them: the dashboard lists them to verify).
Help in each country is left for staff to add."""

from django.utils import translation

from demo_content.shared import ensure_page, load_facts
from getting_help.models import HelpEntry, HelpPage

DEMO_NOTE = (
    "Contenido de demostración: solo lo que dicen las fuentes (nombre, sitio web). Confirme los "
    "datos con la organización, complete cómo contactarla y anote la fecha de verificación."
)


def regional_entries():
    organizations = load_facts()["international_organizations"]
    websites = {org["code"]: org.get("website") for org in organizations}
    return [
        {
            "organization_es": "Plataforma R4V",
            "organization_en": "R4V Platform",
            "offer_es": (
                "La plataforma interagencial para refugiados y migrantes de Venezuela, "
                "codirigida por ACNUR y la OIM."
            ),
            "offer_en": (
                "The inter-agency platform for refugees and migrants from Venezuela, co-led by "
                "UNHCR and IOM."
            ),
            # The facts name the platform by its address, r4v.info.
            "website": "https://www.r4v.info/",
        },
        {
            "organization_es": "ACNUR, la Agencia de la ONU para los Refugiados",
            "organization_en": "UNHCR, the UN Refugee Agency",
            "offer_es": "Codirige la plataforma R4V con la OIM.",
            "offer_en": "Co-leads the R4V platform with IOM.",
            "website": websites["UNHCR"],
        },
        {
            "organization_es": "OIM, Organización Internacional para las Migraciones",
            "organization_en": "IOM, International Organization for Migration",
            "offer_es": "Codirige la plataforma R4V con ACNUR.",
            "offer_en": "Co-leads the R4V platform with UNHCR.",
            "website": websites["IOM"],
        },
    ]


def _help_page():
    return HelpPage(
        title_es="Necesito ayuda",
        title_en="I need help",
        slug_es="necesito-ayuda",
        slug_en="i-need-help",
        show_in_menus=True,
        intro_es=(
            "¿Salió de Venezuela y necesita ayuda? Elija su país y lo que necesita: verá qué "
            "organizaciones pueden orientarle. El Proceso de Quito es una reunión de gobiernos: "
            "no atiende casos directamente."
        ),
        intro_en=(
            "Did you leave Venezuela and need help? Choose your country and what you need: you "
            "will see which organizations can guide you. The Quito Process is a meeting of "
            "governments: it does not handle cases itself."
        ),
    )


def build(home, log):
    log.stdout.write("Help for refugees and migrants")
    ensure_page(home, HelpPage.objects.first(), _help_page, log)
    with translation.override("es"):
        for fields in regional_entries():
            # Found by its website: an entry staff edited is left as they left it.
            entry, created = HelpEntry.objects.get_or_create(
                country=None,
                website=fields["website"],
                defaults={**fields, "staff_note": DEMO_NOTE},
            )
            log.stdout.write(
                f"  {'created' if created else 'exists, left as it is:'} help entry: "
                f"{entry.organization}"
            )
