"""Demo content: the home page at the root of the default site, and the About page."""

from wagtail.models import Page, Site

from core.i18n.languages import prepare_root_page
from core.pages.models import StandardPage
from core.serving.site_address import site_fields
from demo_content.shared import about_page, ensure_page, load_facts, paragraphs, stream
from figures.models import RegionalFigure
from home.models import HomePage


def build_site(log):
    """The home page at the root of the default site, and the About page."""
    root = prepare_root_page()
    home = ensure_page(root, HomePage.objects.first(), _home_page, log)

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        # At the configured address (BASE_URL), as e-mails' links to public pages need.
        Site.objects.create(root_page=home, is_default_site=True, **site_fields())
    elif site.root_page_id != home.pk:
        starter = site.root_page
        site.root_page = home
        site.save()
        # Wagtail's "Welcome to your new Wagtail site!" page: a bare Page with no children.
        if type(starter.specific) is Page and starter.is_leaf():
            starter.delete()

    about = StandardPage.objects.child_of(home).filter(slug_es="acerca-de").first()
    ensure_page(home, about, about_page, log)
    return home


def _home_page():
    r4v_figures = load_facts()["r4v_figures"]
    regional = next(
        total for total in r4v_figures["totals"] if total["scope"] == "latin_america_caribbean"
    )
    return HomePage(
        # The region's figure as R4V published it, with its month and the article that reports
        # it (never a sum of countries').
        regional_figures=[RegionalFigure.from_r4v(regional, r4v_figures["sources"])],
        title_es="Proceso de Quito",
        title_en="Quito Process",
        title_pt="Processo de Quito",
        slug_es="inicio",
        slug_en="home",
        slug_pt="inicio",
        intro_es=(
            "Los Estados de América Latina y el Caribe coordinan en el Proceso de Quito su respuesta "
            "a la llegada de personas refugiadas y migrantes de Venezuela."
        ),
        intro_en=(
            "In the Quito Process, Latin American and Caribbean states coordinate their response "
            "to the arrival of refugees and migrants from Venezuela."
        ),
        intro_pt=(
            "No Processo de Quito, os Estados da América Latina e do Caribe coordenam sua resposta "
            "à chegada de pessoas refugiadas e migrantes da Venezuela."
        ),
        body_es=stream(
            *paragraphs(
                "Desde septiembre de 2018, los Estados miembros se reúnen en rondas técnicas, en las "
                "que han adoptado declaraciones conjuntas, y trabajan en áreas temáticas como el "
                "asilo, la educación y la protección de niñas, niños y adolescentes. Desde la VI "
                "Ronda los apoya una Secretaría Técnica coordinada por ACNUR y la OIM."
            )
        ),
        body_en=stream(
            *paragraphs(
                "Since September 2018, the member states have met in technical rounds, which have "
                "adopted joint declarations, and work on thematic areas such as asylum, education "
                "and the protection of children and adolescents. Since Round VI a Technical "
                "Secretariat coordinated by UNHCR and IOM has supported them."
            )
        ),
        body_pt=stream(
            *paragraphs(
                "Desde setembro de 2018, os Estados-membros se reúnem em rodadas técnicas, nas quais "
                "adotaram declarações conjuntas, e trabalham em áreas temáticas como o asilo, a "
                "educação e a proteção de crianças e adolescentes. Desde a VI Rodada, uma Secretaria "
                "Técnica coordenada pelo ACNUR e pela OIM os apoia."
            )
        ),
    )
