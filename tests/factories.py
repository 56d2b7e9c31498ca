"""Page factories: every page gets a Spanish and an English title and slug."""

import datetime
import functools

import factory
from django.core.files.base import ContentFile
from django.utils import translation
from django.utils.text import slugify
from wagtail.models import Page

from core.pages.models import StandardPage
from demo_content.shared import add_page
from figures.models import RegionalFigure, StateFigure
from getting_help.models import HelpEntry, HelpPage
from home.models import HomePage
from members.models import (
    GroupOfFriendsMember,
    GroupOfFriendsPage,
    MembershipStatus,
    MemberStatePage,
    MemberStatesIndexPage,
)
from organizations.models import (
    DatePrecision,
    OrganizationKind,
    OrganizationPage,
    OrganizationsIndexPage,
)
from rounds.models import RoundDocument, RoundPage, RoundsIndexPage
from secretariat.models import SecretariatCoordinator, SecretariatRole, TechnicalSecretariatPage
from thematic_areas.models import (
    ThematicAreaLead,
    ThematicAreaPage,
    ThematicAreaRound,
    ThematicAreasIndexPage,
    ThematicAreaSupporter,
)

# Forty countries of the Americas, for pages that need many distinct member states.
COUNTRIES = [
    "AR",
    "BO",
    "BR",
    "CL",
    "CO",
    "CR",
    "CU",
    "DO",
    "EC",
    "SV",
    "GT",
    "HT",
    "HN",
    "JM",
    "MX",
    "NI",
    "PA",
    "PY",
    "PE",
    "TT",
    "UY",
    "VE",
    "BS",
    "BB",
    "BZ",
    "DM",
    "GD",
    "GY",
    "LC",
    "KN",
    "VC",
    "SR",
    "AG",
    "CW",
    "AW",
    "BQ",
    "SX",
    "PR",
    "GP",
    "MQ",
]


class PageFactory(factory.django.DjangoModelFactory):
    """Creates the page under `parent` (the tree root by default), published."""

    class Meta:
        abstract = True

    title_es = factory.Sequence(lambda n: f"Página {n}")
    title_en = factory.Sequence(lambda n: f"Page {n}")
    slug_es = factory.LazyAttribute(lambda page: slugify(page.title_es))
    slug_en = factory.LazyAttribute(lambda page: slugify(page.title_en) if page.title_en else "")
    live = True

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        # The same builder as the demo content and the benchmark, without a first revision.
        page = model_class(*args, **kwargs)
        parent = parent or Page.get_first_root_node()
        return add_page(parent, page, publish=False, describe=False)


class HomePageFactory(PageFactory):
    class Meta:
        model = HomePage

    title_es = "Proceso de Quito"
    title_en = "Quito Process"
    slug_es = "inicio"
    slug_en = "home"
    intro_es = "El Proceso de Quito coordina la respuesta regional."
    intro_en = "The Quito Process coordinates the regional response."


class StandardPageFactory(PageFactory):
    class Meta:
        model = StandardPage

    intro_es = factory.LazyAttribute(lambda page: f"Introducción de {page.title_es}")
    intro_en = factory.LazyAttribute(lambda page: f"Introduction to {page.title_en}")
    show_in_menus = True


class MemberStatesIndexPageFactory(PageFactory):
    class Meta:
        model = MemberStatesIndexPage

    title_es = "Estados miembros"
    title_en = "Member States"
    show_in_menus = True


class SelfNamingPageFactory(PageFactory):
    """Titles and slugs left empty are filled by the page itself, as in the admin."""

    class Meta:
        abstract = True

    title_es = ""
    title_en = ""
    slug_es = ""
    slug_en = ""

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        page = model_class(*args, **kwargs)
        page.full_clean(exclude=["path", "depth", "numchild", "url_path"], validate_unique=False)
        with translation.override("es"):
            parent.add_child(instance=page)
        return page


# Figures' sources give months: the records below are months unless told.
FIGURE_DEFAULTS = {"source_name": "R4V", "as_of_precision": "month"}


def state_figure(value, as_of, **fields):
    """A member state's figure record, for `MemberStatePageFactory(figures=[...])`."""
    return StateFigure(value=value, as_of=as_of, **{**FIGURE_DEFAULTS, **fields})


def regional_figure(value, as_of, **fields):
    """A regional figure record, for a home page's `regional_figures`."""
    return RegionalFigure(value=value, as_of=as_of, **{**FIGURE_DEFAULTS, **fields})


class MemberStatePageFactory(SelfNamingPageFactory):
    class Meta:
        model = MemberStatePage

    country = "PE"
    status = MembershipStatus.MEMBER
    year_joined = 2018
    # Dated records (figures app); `figures=[]` for a state without any.
    figures = factory.LazyFunction(lambda: [state_figure(1000, datetime.date(2025, 11, 1))])


class GroupOfFriendsPageFactory(PageFactory):
    class Meta:
        model = GroupOfFriendsPage

    title_es = "Grupo de Amigos"
    title_en = "Group of Friends"
    history_es = "<p>Nació en la V Ronda.</p>"
    history_en = "<p>Born at Round V.</p>"
    show_in_menus = True


class GroupOfFriendsMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupOfFriendsMember

    kind = "state"
    country = "CA"


class OrganizationsIndexPageFactory(PageFactory):
    class Meta:
        model = OrganizationsIndexPage

    title_es = "Organizaciones internacionales"
    title_en = "International Organizations"
    show_in_menus = True


class OrganizationPageFactory(PageFactory):
    class Meta:
        model = OrganizationPage

    title_es = factory.Sequence(lambda n: f"Organización {n}")
    title_en = factory.Sequence(lambda n: f"Organization {n}")
    acronym_es = factory.Sequence(lambda n: f"ORG{n}")
    acronym_en = factory.Sequence(lambda n: f"ORG{n}")
    kind = OrganizationKind.UN_AGENCY
    founded_on = datetime.date(1950, 12, 14)
    founded_precision = DatePrecision.DAY


class TechnicalSecretariatPageFactory(PageFactory):
    class Meta:
        model = TechnicalSecretariatPage

    title_es = "Secretaría Técnica"
    title_en = "Technical Secretariat"
    based_in_es = "Ciudad de Panamá"
    based_in_en = "Panama City"
    show_in_menus = True


class SecretariatCoordinatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SecretariatCoordinator


class SecretariatRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SecretariatRole

    role_es = "Punto focal"
    role_en = "Focal point"


class RoundsIndexPageFactory(PageFactory):
    class Meta:
        model = RoundsIndexPage

    title_es = "Rondas"
    title_en = "Rounds"
    slug_es = "rondas"
    slug_en = "rounds"
    show_in_menus = True


class RoundPageFactory(SelfNamingPageFactory):
    class Meta:
        model = RoundPage

    number = factory.Sequence(lambda n: n + 1)
    plenary_start = factory.LazyAttribute(lambda page: datetime.date(2018 + page.number // 2, 9, 3))
    plenary_end = factory.LazyAttribute(
        lambda page: page.plenary_start + datetime.timedelta(days=1)
    )


class RoundDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoundDocument

    kind = "declaration"
    language = "es"
    date = datetime.date(2018, 9, 4)


class ThematicAreasIndexPageFactory(PageFactory):
    class Meta:
        model = ThematicAreasIndexPage

    title_es = "Áreas temáticas"
    title_en = "Thematic Areas"
    slug_es = "areas-tematicas"
    slug_en = "thematic-areas"
    show_in_menus = True


class ThematicAreaPageFactory(PageFactory):
    class Meta:
        model = ThematicAreaPage

    intro_es = factory.LazyAttribute(lambda page: f"Sobre {page.title_es}")
    intro_en = factory.LazyAttribute(lambda page: f"About {page.title_en}")


class ThematicAreaLeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThematicAreaLead


class ThematicAreaSupporterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThematicAreaSupporter


class ThematicAreaRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThematicAreaRound


@functools.cache
def pdf_bytes(text="Declaración de Quito", pages=1):
    """A real PDF with `pages` pages, each saying `text` (made once per text and length)."""
    from fpdf import FPDF

    pdf = FPDF()
    for _ in range(pages):
        pdf.add_page()
        pdf.set_font("Helvetica", size=12)
        pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


class DocumentFactory(factory.django.DjangoModelFactory):
    """A Wagtail document holding a real one-page PDF."""

    class Meta:
        model = "wagtaildocs.Document"

    title = factory.Sequence(lambda n: f"Documento {n}")
    file = factory.LazyAttribute(
        lambda document: ContentFile(pdf_bytes(), name=f"{slugify(document.title)}.pdf")
    )


class PublicationsIndexPageFactory(PageFactory):
    class Meta:
        model = "publications.PublicationsIndexPage"

    title_es = "Documentos"
    title_en = "Documents"
    slug_es = "documentos"
    slug_en = "documents"
    show_in_menus = True


class PublicationPageFactory(PageFactory):
    class Meta:
        model = "publications.PublicationPage"

    title_es = factory.Sequence(lambda n: f"Declaración {n}")
    title_en = factory.Sequence(lambda n: f"Declaration {n}")
    intro_es = factory.LazyAttribute(lambda page: f"Resumen de {page.title_es}")
    intro_en = factory.LazyAttribute(lambda page: f"Summary of {page.title_en}")
    publication_type = "joint_declaration"
    date = datetime.date(2018, 9, 4)
    place_es = "Quito"
    place_en = "Quito"


class PublicationFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "publications.PublicationFile"

    document = factory.SubFactory(DocumentFactory)
    language = "es"
    is_original = True


# News (news/): models named by string, so that this block needs no import of its own.


class NewsIndexPageFactory(PageFactory):
    class Meta:
        model = "news.NewsIndexPage"

    title_es = "Noticias"
    title_en = "News"
    slug_es = "noticias"
    slug_en = "news"
    show_in_menus = True


class NewsPageFactory(PageFactory):
    """A news item; pass member_states=[...], rounds=[...], thematic_areas=[...] to link it."""

    class Meta:
        model = "news.NewsPage"

    title_es = factory.Sequence(lambda n: f"Noticia {n}")
    title_en = factory.Sequence(lambda n: f"News item {n}")
    date = factory.Sequence(lambda n: datetime.date(2024, 1, 1) + datetime.timedelta(days=n % 300))
    author_es = "Secretaría Técnica"
    author_en = "Technical Secretariat"
    summary_es = factory.LazyAttribute(lambda page: f"Resumen de {page.title_es}")
    summary_en = factory.LazyAttribute(lambda page: f"Summary of {page.title_en}")


# Meetings calendar (events/): models named by string, so that this block needs no import.


def site_today():
    """Today in the site's time zone (TIME_ZONE), as the calendar decides upcoming and past."""
    from django.utils import timezone

    return timezone.localdate()


class MeetingsIndexPageFactory(PageFactory):
    class Meta:
        model = "events.MeetingsIndexPage"

    title_es = "Calendario de reuniones"
    title_en = "Meetings calendar"
    slug_es = "calendario"
    slug_en = "calendar"
    show_in_menus = True


class MeetingPageFactory(PageFactory):
    """A two-day plenary in Lima, a month from today (dates relative to the site's today)."""

    class Meta:
        model = "events.MeetingPage"

    title_es = factory.Sequence(lambda n: f"Reunión {n}")
    title_en = factory.Sequence(lambda n: f"Meeting {n}")
    intro_es = factory.LazyAttribute(lambda page: f"Sobre {page.title_es}")
    intro_en = factory.LazyAttribute(lambda page: f"About {page.title_en}")
    kind = "plenary"
    format = "in_person"
    start_date = factory.LazyFunction(lambda: site_today() + datetime.timedelta(days=30))
    end_date = factory.LazyAttribute(lambda page: page.start_date + datetime.timedelta(days=1))
    city_es = "Lima"
    city_en = "Lima"


class MeetingPublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.MeetingPublication"


class HelpPageFactory(PageFactory):
    class Meta:
        model = HelpPage

    title_es = "Necesito ayuda"
    title_en = "I need help"
    slug_es = "necesito-ayuda"
    slug_en = "i-need-help"
    intro_es = "Elija su país y lo que necesita."
    intro_en = "Choose your country and what you need."
    show_in_menus = True


class HelpEntryFactory(factory.django.DjangoModelFactory):
    """A shown help directory entry for the whole region, verified a month ago; `country` a
    member state's page."""

    class Meta:
        model = HelpEntry

    country = None
    organization_es = factory.Sequence(lambda n: f"Organización {n}")
    organization_en = factory.Sequence(lambda n: f"Organization {n}")
    offer_es = "Orientación sobre trámites."
    offer_en = "Guidance on paperwork."
    needs = factory.LazyFunction(list)
    last_verified = factory.LazyFunction(lambda: site_today() - datetime.timedelta(days=30))
    verified_by = "Equipo de la Secretaría"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with translation.override("es"):
            return super()._create(model_class, *args, **kwargs)
