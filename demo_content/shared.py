"""Demo content: the site's pages in Spanish and English, built from the facts in facts.json.

Every builder only creates what is missing. A page that already exists (found by its type, or by
a stable key such as a country code) is left exactly as an editor left it.
"""

import json
import uuid
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname

from core.i18n.languages import language_codes
from core.pages.models import FooterSettings, StandardPage

FACTS_PATH = Path(__file__).with_name("facts.json")


@cache
def load_facts():
    return json.loads(FACTS_PATH.read_text(encoding="utf-8"))


# Block ids from the block's place and type: a page's Spanish and English bodies written with the
# same structure get the same ids, as "Copy the Spanish layout" gives them, so the translation
# queue pairs each English text with its Spanish original.
DEMO_BLOCKS = uuid.UUID("6f1d2c3e-0b1a-4c5d-9e8f-7a6b5c4d3e2f")


def stream(*blocks):
    """StreamField raw JSON from (block_type, value) pairs."""
    return json.dumps(
        [
            {"type": t, "value": v, "id": str(uuid.uuid5(DEMO_BLOCKS, f"{index}:{t}"))}
            for index, (t, v) in enumerate(blocks)
        ]
    )


def paragraphs(*texts):
    return [("paragraph", "".join(f"<p>{text}</p>" for text in texts))]


def heading(text, level="h2"):
    return ("heading", {"text": text, "level": level})


class DemoLog:
    def __init__(self, stdout, style):
        self.stdout = stdout
        self.style = style
        self.created = 0

    def created_page(self, page):
        self.created += 1
        self.stdout.write(self.style.SUCCESS(f"  created {type(page).__name__}: {page.title}"))

    def kept(self, page):
        self.stdout.write(f"  exists, left as it is: {type(page).__name__}: {page.title}")


def add_page(parent, page, log=None, *, publish=True, describe=True):
    """Adds a page under parent: the one way pages are built, by the demo content, the tests'
    factories (tests/factories.py) and the benchmark (bench/build_site.py).

    The plain title/slug columns take the default language's values. With `publish`, the page
    is published with a first revision (as the admin does); with `describe`, its search
    description (meta description, and the summary on the home page's section cards) starts as
    its introduction.
    """
    if describe:
        for code in language_codes():
            intro = getattr(page, build_localized_fieldname("intro", code), "")
            description_field = build_localized_fieldname("search_description", code)
            if intro and not getattr(page, description_field):
                setattr(page, description_field, intro)
    with translation.override(settings.LANGUAGE_CODE):
        parent.add_child(instance=page)  # saving validates the page (Page.save's full_clean)
        if publish:
            # Validated a moment ago and unchanged since: not validated a second time (slug
            # checks in every language are a large part of building a page). Publishing
            # validates the revision's copy of the page again.
            page.save_revision(clean=False).publish()
    if log is not None:
        log.created_page(page)
    return page


def ensure_page(parent, existing, factory, log):
    """Returns existing if there is one; otherwise creates factory() under parent."""
    if existing is not None:
        log.kept(existing)
        return existing.specific
    return add_page(parent, factory(), log)


def about_page():
    facts = load_facts()["process"]
    return StandardPage(
        title_es="Acerca del Proceso de Quito",
        title_en="About the Quito Process",
        title_pt="Sobre o Processo de Quito",
        slug_es="acerca-de",
        slug_en="about",
        slug_pt="sobre",
        show_in_menus=True,
        intro_es=(
            "Un espacio regional de diálogo técnico para responder de forma coordinada a la movilidad "
            "humana de ciudadanos venezolanos."
        ),
        intro_en=(
            "A regional forum for technical dialogue, to respond together to the human mobility "
            "of Venezuelan citizens."
        ),
        intro_pt=(
            "Um espaço regional de diálogo técnico para responder de forma coordenada à "
            "mobilidade humana de cidadãos venezuelanos."
        ),
        body_pt=stream(
            heading("Origem"),
            *paragraphs(
                f"O Processo de Quito nasceu na {facts['full_name']['pt']}, realizada em Quito "
                f"(Equador) nos dias 3 e 4 de setembro de 2018. Participaram "
                f"{facts['quito_i_attendees']} Estados, e em 4 de setembro "
                f"{len(facts['quito_i_signatories'])} deles assinaram a Declaração de Quito sobre "
                "Mobilidade Humana de Cidadãos Venezuelanos na Região, de 18 pontos."
            ),
            heading("Como funciona"),
            *paragraphs(
                "O Processo avança por rodadas técnicas: reuniões dos Estados-membros que adotaram "
                "declarações conjuntas, um plano de ação e um roteiro.",
                "Um Estado-membro exerce a Presidência Pro Tempore, que passou de um Estado a outro "
                "ao longo das rodadas. A Secretaria Técnica, coordenada pelo ACNUR e pela OIM, "
                "assiste a Presidência e vincula os pontos focais nacionais dos Estados-membros aos "
                "pontos focais técnicos das organizações internacionais.",
                "O Grupo de Amigos reúne Estados e organismos que apoiam técnica e financeiramente "
                "as medidas acordadas.",
            ),
        ),
        body_es=stream(
            heading("Origen"),
            *paragraphs(
                f"El Proceso de Quito nació en la {facts['full_name']['es']}, celebrada en Quito "
                "(Ecuador) los días 3 y 4 de septiembre de 2018. Asistieron "
                f"{facts['quito_i_attendees']} Estados y el 4 de septiembre "
                f"{len(facts['quito_i_signatories'])} de ellos firmaron la Declaración de Quito "
                "sobre Movilidad Humana de Ciudadanos Venezolanos en la Región, de 18 puntos."
            ),
            heading("Cómo funciona"),
            *paragraphs(
                "El Proceso avanza por rondas técnicas: reuniones de los Estados miembros que han "
                "adoptado declaraciones conjuntas, un plan de acción y una hoja de ruta.",
                "Un Estado miembro ejerce la Presidencia Pro Tempore, que ha pasado de un Estado a "
                "otro a lo largo de las rondas. La Secretaría Técnica, coordinada por ACNUR y la "
                "OIM, asiste a la Presidencia y vincula a los puntos focales nacionales de los "
                "Estados miembros con los puntos focales técnicos de las organizaciones "
                "internacionales.",
                "El Grupo de Amigos reúne a Estados y organismos que apoyan técnica y "
                "financieramente las medidas acordadas.",
            ),
        ),
        body_en=stream(
            heading("Origin"),
            *paragraphs(
                f"The Quito Process began at the {facts['full_name']['en']}, held in Quito (Ecuador) "
                f"on 3 and 4 September 2018. {facts['quito_i_attendees']} states took part and on "
                f"4 September {len(facts['quito_i_signatories'])} of them signed the 18-point "
                "Declaration of Quito on Human Mobility of Venezuelan Citizens in the Region."
            ),
            heading("How it works"),
            *paragraphs(
                "The Process moves forward in technical rounds: meetings of the member states that "
                "have adopted joint declarations, a plan of action and a roadmap.",
                "One member state holds the Pro Tempore Presidency, which has passed from one state "
                "to another over the rounds. The Technical Secretariat, coordinated by UNHCR and "
                "IOM, assists the Presidency and links the member states' national focal points "
                "with the technical focal points of the international organizations.",
                "The Group of Friends brings together states and organizations that give technical "
                "and financial support to the measures agreed.",
            ),
        ),
    )


def accessibility_page():
    return StandardPage(
        title_es="Declaración de accesibilidad",
        title_en="Accessibility statement",
        slug_es="accesibilidad",
        slug_en="accessibility",
        intro_es=(
            "Este sitio se hace para que cualquier persona pueda usarlo, también con lector de "
            "pantalla, solo con el teclado o desde un teléfono con una conexión lenta."
        ),
        intro_en=(
            "This site is made so that anyone can use it, including with a screen reader, with "
            "the keyboard only or from a phone on a slow connection."
        ),
        body_es=stream(
            heading("Norma que seguimos"),
            *paragraphs(
                "El objetivo es cumplir las Pautas de Accesibilidad para el Contenido Web (WCAG) "
                "2.2 en el nivel AA, en español y en inglés.",
                "Cada tipo de página se comprueba de forma automática con axe-core en ambos "
                "idiomas, en pantallas de teléfono y de escritorio, y los recorridos principales "
                "se prueban solo con el teclado. Las pruebas automáticas no detectan todos los "
                "problemas.",
            ),
            heading("Si encuentra una barrera"),
            *paragraphs(
                "Si una página no le resulta accesible, infórmelo a la Secretaría Técnica del "
                "Proceso de Quito indicando la dirección de la página y lo que ocurrió."
            ),
        ),
        body_en=stream(
            heading("The standard we follow"),
            *paragraphs(
                "The aim is to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level "
                "AA, in Spanish and in English.",
                "Every page type is checked automatically with axe-core in both languages, at "
                "phone and desktop widths, and the main journeys are tested with the keyboard "
                "only. Automated tests do not find every problem.",
            ),
            heading("If you meet a barrier"),
            *paragraphs(
                "If a page is not accessible to you, tell the Technical Secretariat of the Quito "
                "Process, with the address of the page and what happened."
            ),
        ),
    )


def privacy_page():
    return StandardPage(
        title_es="Aviso de privacidad",
        title_en="Privacy notice",
        slug_es="privacidad",
        slug_en="privacy",
        intro_es="Este sitio no le sigue: sin analítica, sin publicidad y sin cookies de terceros.",
        intro_en="This site does not track you: no analytics, no advertising, no third-party cookies.",
        body_es=stream(
            heading("Cookies"),
            *paragraphs(
                "Las páginas públicas no ponen cookies. Solo si usted elige un idioma en el "
                "selector, su navegador guarda ese idioma en la cookie «django_language» durante un "
                "año, para mostrarle el sitio en ese idioma la próxima vez. No contiene datos "
                "personales.",
                "El personal que edita el sitio usa una cookie de sesión al iniciar sesión en la "
                "administración.",
            ),
            heading("Registros del servidor"),
            *paragraphs(
                "Como cualquier servidor web, el del sitio registra las solicitudes que recibe "
                "(dirección IP, página y hora) para mantener el sitio seguro y en funcionamiento. "
                "Esos registros no se usan para otro fin."
            ),
        ),
        body_en=stream(
            heading("Cookies"),
            *paragraphs(
                "The public pages set no cookies. Only if you choose a language in the switcher "
                "does your browser keep that language in the “django_language” cookie for a year, "
                "to show you the site in it next time. It holds no personal data.",
                "Staff who edit the site use a session cookie when they sign in to the admin.",
            ),
            heading("Server logs"),
            *paragraphs(
                "Like any web server, the site's server records the requests it receives (IP "
                "address, page and time) to keep the site secure and running. Those records are "
                "used for nothing else."
            ),
        ),
    )


def build_footer(site, log):
    """The footer's links to the accessibility statement and the privacy notice (pages under the
    home page). Its contact stays empty, and hidden: no source gives the Secretariat's address
    or e-mail, and the demo invents none. Staff fill it in Settings > Footer."""
    home = site.root_page
    accessibility = ensure_page(
        home, StandardPage.objects.filter(slug_es="accesibilidad").first(), accessibility_page, log
    )
    privacy = ensure_page(
        home, StandardPage.objects.filter(slug_es="privacidad").first(), privacy_page, log
    )
    footer = FooterSettings.for_site(site)
    if footer.accessibility_page_id or footer.privacy_page_id:
        log.stdout.write("  exists, left as it is: footer")
        return
    footer.accessibility_page = accessibility
    footer.privacy_page = privacy
    footer.save()
    log.stdout.write(log.style.SUCCESS("  footer links to the accessibility and privacy pages"))
