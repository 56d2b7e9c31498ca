"""Demo content: the Technical Secretariat with its four permanent roles and two coordinators."""

from django.apps import apps

from demo_content.shared import ensure_page, load_facts
from secretariat.models import SecretariatCoordinator, SecretariatRole, TechnicalSecretariatPage

# Other sections' pages, by name: section apps never import each other.
OrganizationPage = apps.get_model("organizations", "OrganizationPage")

# Which agency each permanent role belongs to, in the order of the facts file.
ROLE_AGENCIES = [None, None, "UNHCR", "IOM"]


def build(home, log):
    log.stdout.write("Technical Secretariat")
    ensure_page(home, TechnicalSecretariatPage.objects.first(), _secretariat_page, log)


def _secretariat_page():
    facts = load_facts()["technical_secretariat"]
    organizations = {o.acronym_en: o for o in OrganizationPage.objects.all()}
    page = TechnicalSecretariatPage(
        title_es="Secretaría Técnica",
        title_en="Technical Secretariat",
        title_pt="Secretaria Técnica",
        slug_es="secretaria-tecnica",
        slug_en="technical-secretariat",
        slug_pt="secretaria-tecnica",
        show_in_menus=True,
        intro_es=(
            "ACNUR y la OIM coordinan conjuntamente la Secretaría Técnica, que prepara y da "
            "continuidad a los trabajos del Proceso de Quito."
        ),
        intro_en=(
            "UNHCR and IOM jointly coordinate the Technical Secretariat, which prepares the work of "
            "the Quito Process and carries it forward."
        ),
        functions_es=(
            "<ul><li>Coordina, prepara y ejecuta todos los asuntos del Proceso de Quito.</li>"
            "<li>Brinda asesoría técnica y elabora documentos.</li>"
            "<li>Asiste a la Presidencia Pro Tempore.</li>"
            "<li>Vincula a los puntos focales nacionales de los Estados miembros con los puntos "
            "focales técnicos de las organizaciones internacionales.</li></ul>"
        ),
        functions_en=(
            "<ul><li>Coordinates, prepares and carries out every Quito Process matter.</li>"
            "<li>Gives technical advice and drafts documents.</li>"
            "<li>Assists the Pro Tempore Presidency.</li>"
            "<li>Links the member states' national focal points with the technical focal points of "
            "the international organizations.</li></ul>"
        ),
        based_in_es=facts["based_in"]["es"],
        based_in_en=facts["based_in"]["en"],
        based_in_pt=facts["based_in"]["pt"],
        intro_pt=(
            "O ACNUR e a OIM coordenam conjuntamente a Secretaria Técnica, que prepara os "
            "trabalhos do Processo de Quito e lhes dá continuidade."
        ),
        functions_pt=(
            "<ul><li>Coordena, prepara e executa todos os assuntos do Processo de Quito.</li>"
            "<li>Presta assessoria técnica e elabora documentos.</li>"
            "<li>Assiste a Presidência Pro Tempore.</li>"
            "<li>Vincula os pontos focais nacionais dos Estados-membros aos pontos focais "
            "técnicos das organizações internacionais.</li></ul>"
        ),
        history_pt=(
            "<p>A Secretaria Técnica foi formalmente constituída na VI Rodada, realizada em "
            "Santiago do Chile em setembro de 2020.</p>"
        ),
        history_es=(
            "<p>La Secretaría Técnica quedó formalmente constituida en la VI Ronda, celebrada en "
            "Santiago de Chile en septiembre de 2020.</p>"
        ),
        history_en=(
            "<p>The Technical Secretariat was formally constituted at Round VI, held in Santiago de "
            "Chile in September 2020.</p>"
        ),
    )
    page.coordinators = [
        SecretariatCoordinator(sort_order=position, organization=organizations[code])
        for position, code in enumerate(facts["coordinated_by"])
        if code in organizations
    ]
    page.team = [
        SecretariatRole(
            sort_order=position,
            role_es=member["role"]["es"],
            role_en=member["role"]["en"],
            role_pt=member["role"]["pt"],
            organization=organizations.get(agency) if agency else None,
        )
        for position, (member, agency) in enumerate(
            zip(facts["permanent_team"], ROLE_AGENCIES, strict=True)
        )
    ]
    return page
