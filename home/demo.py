"""Demo content: the home page at the root of the default site, and the About page."""

from wagtail.models import Page, Site

from core.demo import about_page, ensure_page, load_facts, paragraphs, stream
from core.i18n import prepare_root_page
from core.models import StandardPage
from core.site_address import site_fields
from figures.models import RegionalFigure

from .models import HomePage


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
                "Desde septiembre de 2018, los gobiernos de la región se reúnen en rondas técnicas "
                "para armonizar políticas de documentación, acceso a derechos e integración, con el "
                "apoyo de una Secretaría Técnica a cargo de ACNUR y la OIM."
            )
        ),
        body_en=stream(
            *paragraphs(
                "Since September 2018, the region's governments have met in technical rounds to "
                "harmonise their policies on documentation, access to rights and integration, "
                "supported by a Technical Secretariat run by UNHCR and IOM."
            )
        ),
        body_pt=stream(
            *paragraphs(
                "Desde setembro de 2018, os governos da região se reúnem em rodadas técnicas para "
                "harmonizar suas políticas de documentação, acesso a direitos e integração, com o "
                "apoio de uma Secretaria Técnica a cargo do ACNUR e da OIM."
            )
        ),
    )
