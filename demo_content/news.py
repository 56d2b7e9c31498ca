"""Demo content: the news index and eight news items written from the facts (demo_content/facts.json),
in Spanish and English, linked to the states, rounds and thematic areas they concern."""

from django.apps import apps
from django.utils.text import slugify

from core.i18n.dates import PreciseDate
from demo_content.shared import add_page, ensure_page, load_facts, paragraphs, stream
from news.models import NewsIndexPage, NewsPage

# Other sections' pages, by name: section apps never import each other.
MemberStatePage = apps.get_model("members", "MemberStatePage")
RoundPage = apps.get_model("rounds", "RoundPage")
ThematicAreaPage = apps.get_model("thematic_areas", "ThematicAreaPage")

AUTHOR = ("Secretaría Técnica del Proceso de Quito", "Technical Secretariat of the Quito Process")


# Spanish groups thousands with a (no-break) space, as the site's number format does.
SPANISH_THOUSANDS = "\u00a0"


def _thousands(value, separator):
    return f"{value:,}".replace(",", separator)


def _figure(facts, scope):
    return next(t for t in facts["r4v_figures"]["totals"] if t["scope"] == scope)


def _country_figure(facts, iso):
    return next(c for c in facts["r4v_figures"]["by_country"] if c["iso"] == iso)


MONTHS_ES = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]
MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _month(as_of):
    """'2025-11' -> ('noviembre de 2025', 'November 2025')."""
    year, month = (int(part) for part in as_of.split("-")[:2])
    return f"{MONTHS_ES[month - 1]} de {year}", f"{MONTHS_EN[month - 1]} {year}"


def news_items():
    """Each item: date, titles, summaries, body paragraphs (es, en) and what it concerns."""
    facts = load_facts()
    process = facts["process"]
    rounds = {r["number"]: r for r in facts["rounds"]}
    signatories = process["quito_i_signatories"]
    region = _figure(facts, "latin_america_caribbean")
    world = _figure(facts, "world")
    region_es, region_en = _month(region["as_of"])
    world_es, world_en = _month(world["as_of"])
    hosts = [_country_figure(facts, iso) for iso in ("CO", "PE", "BR")]
    host_names = {m["iso"]: (m["es"], m["en"]) for m in facts["member_states"]["members"]}
    hosts_es = "; ".join(
        f"{host_names[h['iso']][0]}, {_thousands(h['value'], SPANISH_THOUSANDS)} ({_month(h['as_of'])[0]})"
        for h in hosts
    )
    hosts_en = "; ".join(
        f"{host_names[h['iso']][1]}, {_thousands(h['value'], ',')} ({_month(h['as_of'])[1]})"
        for h in hosts
    )
    return [
        {
            "date": process["established"],
            "title": (
                "Nace el Proceso de Quito con la firma de la Declaración de Quito",
                "The Quito Process begins with the signing of the Declaration of Quito",
            ),
            "summary": (
                f"{len(signatories)} de los {process['quito_i_attendees']} Estados reunidos en "
                "Quito firmaron el 4 de septiembre de 2018 una declaración de 18 puntos sobre la "
                "movilidad humana de ciudadanos venezolanos en la región.",
                f"On 4 September 2018, {len(signatories)} of the {process['quito_i_attendees']} "
                "states meeting in Quito signed an 18-point declaration on the human mobility of "
                "Venezuelan citizens in the region.",
            ),
            "body": (
                [
                    f"La {process['full_name']['es']} se celebró en Quito (Ecuador) los días 3 y 4 "
                    f"de septiembre de 2018. Participaron {process['quito_i_attendees']} Estados.",
                    f"El 4 de septiembre, {len(signatories)} de ellos firmaron la Declaración de "
                    "Quito sobre Movilidad Humana de Ciudadanos Venezolanos en la Región, de 18 "
                    "puntos: el documento con el que empieza el Proceso de Quito.",
                ],
                [
                    f"The {process['full_name']['en']} was held in Quito (Ecuador) on 3 and 4 "
                    f"September 2018. {process['quito_i_attendees']} states took part.",
                    f"On 4 September, {len(signatories)} of them signed the 18-point Declaration "
                    "of Quito on Human Mobility of Venezuelan Citizens in the Region: the document "
                    "with which the Quito Process begins.",
                ],
            ),
            "states": signatories,
            "rounds": [1],
            "areas": [],
        },
        {
            "date": rounds[2]["end"],
            "title": (
                "La II Ronda adopta el Plan de Acción del Proceso de Quito",
                "Round II adopts the Plan of Action of the Quito Process",
            ),
            "summary": (
                "Reunidos de nuevo en Quito los días 22 y 23 de noviembre de 2018, los Estados "
                "adoptaron el Plan de Acción del Proceso de Quito.",
                "Meeting again in Quito on 22 and 23 November 2018, the states adopted the Plan "
                "of Action of the Quito Process.",
            ),
            "body": (
                [
                    "La II Ronda del Proceso de Quito tuvo lugar en Quito, con Ecuador en la "
                    "Presidencia Pro Tempore, y concluyó con la adopción del Plan de Acción del "
                    "Proceso de Quito."
                ],
                [
                    "Round II of the Quito Process took place in Quito, with Ecuador holding the "
                    "Pro Tempore Presidency, and ended with the adoption of the Plan of Action of "
                    "the Quito Process."
                ],
            ),
            "states": ["EC"],
            "rounds": [2],
            "areas": [],
        },
        {
            "date": rounds[5]["end"],
            "title": (
                "En Bogotá, la V Ronda propone crear un Grupo de Amigos",
                "In Bogotá, Round V proposes a Group of Friends",
            ),
            "summary": (
                "La V Ronda, celebrada en Bogotá los días 14 y 15 de noviembre de 2019, cerró con "
                "la V Declaración Conjunta y la propuesta de crear el Grupo de Amigos del Proceso.",
                "Round V, held in Bogotá on 14 and 15 November 2019, ended with the V Joint "
                "Declaration and the proposal of a Group of Friends of the Process.",
            ),
            "body": (
                [
                    "Colombia ejerció la Presidencia Pro Tempore de la V Ronda. Los Estados "
                    "aprobaron la V Declaración Conjunta y propusieron crear un Grupo de Amigos "
                    "del Proceso de Quito."
                ],
                [
                    "Colombia held the Pro Tempore Presidency of Round V. The states approved the "
                    "V Joint Declaration and proposed a Group of Friends of the Quito Process."
                ],
            ),
            "states": ["CO"],
            "rounds": [5],
            "areas": [],
        },
        {
            "date": rounds[6]["end"],
            "title": (
                "Se constituyen la Secretaría Técnica y el Grupo de Amigos",
                "The Technical Secretariat and the Group of Friends are constituted",
            ),
            "summary": (
                "En la VI Ronda, celebrada en Santiago de Chile en septiembre de 2020, se "
                "constituyeron formalmente la Secretaría Técnica y el Grupo de Amigos.",
                "At Round VI, held in Santiago de Chile in September 2020, the Technical "
                "Secretariat and the Group of Friends were formally constituted.",
            ),
            "body": (
                [
                    "La VI Ronda, con Chile en la Presidencia Pro Tempore, se reunió los días 23 y "
                    "24 de septiembre de 2020 y aprobó la VI Declaración Conjunta.",
                    "En ella quedaron formalmente constituidos la Secretaría Técnica, coordinada "
                    "por ACNUR y la OIM, y el Grupo de Amigos, que reúne a Estados y organismos que "
                    "apoyan técnica y financieramente las medidas acordadas.",
                ],
                [
                    "Round VI, with Chile holding the Pro Tempore Presidency, met on 23 and 24 "
                    "September 2020 and approved the VI Joint Declaration.",
                    "At it the Technical Secretariat, coordinated by UNHCR and IOM, and the Group "
                    "of Friends, which brings together states and organisations that give technical "
                    "and financial support to the measures agreed, were formally constituted.",
                ],
            ),
            "states": ["CL"],
            "rounds": [6],
            "areas": [],
        },
        {
            "date": rounds[8]["start"],
            "title": (
                "Brasil asume la Presidencia Pro Tempore: VIII Ronda, Capítulo Brasilia",
                "Brazil takes the Pro Tempore Presidency: Round VIII, Brasília Chapter",
            ),
            "summary": (
                "Con la VIII Ronda, Brasil pasa a ejercer la Presidencia Pro Tempore del Proceso "
                "de Quito. Brasil figura además como país líder de dos áreas temáticas.",
                "With Round VIII, Brazil takes on the Pro Tempore Presidency of the Quito "
                "Process. Brazil is also the lead country of two thematic areas.",
            ),
            "body": (
                [
                    "El Capítulo Brasilia de la VIII Ronda comienza el 23 de junio de 2021, con "
                    "Brasil en la Presidencia Pro Tempore.",
                    "Brasil figura como país líder de las áreas de asilo y refugio y de centros de "
                    "orientación y espacios de apoyo, con el apoyo técnico de ACNUR y de la OIM.",
                ],
                [
                    "The Brasília Chapter of Round VIII begins on 23 June 2021, with Brazil "
                    "holding the Pro Tempore Presidency.",
                    "Brazil is the lead country of the areas of asylum and refugee status and of "
                    "orientation centres and support spaces, with technical support from UNHCR "
                    "and IOM.",
                ],
            ),
            "states": ["BR"],
            "rounds": [8],
            "areas": ["asylum", "orientation-centres"],
        },
        {
            # The facts: "Guatemala announced as a new member in November 2024" (no day).
            "date": "2024-11",
            "title": (
                "Guatemala se incorpora al Proceso de Quito",
                "Guatemala joins the Quito Process",
            ),
            "summary": (
                "La X Ronda, Capítulo San José, con Costa Rica en la Presidencia Pro Tempore, "
                "concluyó con la X Declaración Conjunta y la incorporación de Guatemala.",
                "Round X, San José Chapter, with Costa Rica holding the Pro Tempore Presidency, "
                "ended with the X Joint Declaration and Guatemala joining.",
            ),
            "body": (
                [
                    "Guatemala, que participaba como observador desde septiembre de 2024, fue "
                    "anunciada como nuevo miembro del Proceso de Quito en noviembre de 2024, al "
                    "cierre del Capítulo San José.",
                ],
                [
                    "Guatemala, an observer since September 2024, was announced as a new member of "
                    "the Quito Process in November 2024, at the close of the San José Chapter.",
                ],
            ),
            "states": ["GT", "CR"],
            "rounds": [10],
            "areas": [],
        },
        {
            "date": rounds[11]["start"],
            "title": (
                "Ecuador asume la Presidencia Pro Tempore en la XI Ronda",
                "Ecuador takes the Pro Tempore Presidency at Round XI",
            ),
            "summary": (
                "Ecuador, país donde nació el Proceso en 2018, ejerce la Presidencia Pro Tempore "
                "de la XI Ronda desde el 21 de noviembre de 2024.",
                "Ecuador, where the Process began in 2018, has held the Pro Tempore Presidency "
                "of Round XI since 21 November 2024.",
            ),
            "body": (
                [
                    "Con la XI Ronda, la Presidencia Pro Tempore vuelve a Ecuador, que la ejerció "
                    "en las tres primeras rondas, celebradas en Quito.",
                    "Ecuador figura además como país líder del área temática de trata de personas, "
                    "con el apoyo técnico de la OIM.",
                ],
                [
                    "With Round XI the Pro Tempore Presidency returns to Ecuador, which held it for "
                    "the first three rounds, all held in Quito.",
                    "Ecuador is also the lead country of the thematic area of human trafficking, "
                    "with technical support from IOM.",
                ],
            ),
            "states": ["EC"],
            "rounds": [11],
            "areas": ["human-trafficking"],
        },
        {
            # The month of the figure: the facts give no day.
            "date": region["as_of"],
            "title": (
                "R4V: cifras de personas refugiadas y migrantes de Venezuela en la región",
                "R4V: figures of refugees and migrants from Venezuela in the region",
            ),
            "summary": (
                f"América Latina y el Caribe acogen a {_thousands(region['value'], SPANISH_THOUSANDS)} personas "
                f"refugiadas y migrantes de Venezuela, según la cifra de {region_es} que publica "
                "la plataforma R4V.",
                f"Latin America and the Caribbean host {_thousands(region['value'], ',')} refugees "
                f"and migrants from Venezuela, according to the {region_en} figure published by "
                "the R4V platform.",
            ),
            "body": (
                [
                    "La plataforma interagencial R4V reúne las cifras que los gobiernos reportan. "
                    f"Para América Latina y el Caribe, la cifra de {region_es} es de "
                    f"{_thousands(region['value'], SPANISH_THOUSANDS)} personas; en el mundo, la de {world_es} "
                    f"era de {_thousands(world['value'], SPANISH_THOUSANDS)}.",
                    "Cada país tiene su propia fecha de referencia. Entre los Estados miembros, "
                    f"los tres que más personas acogen son: {hosts_es}.",
                ],
                [
                    "The R4V inter-agency platform gathers the figures that governments report. "
                    f"For Latin America and the Caribbean, the {region_en} figure is "
                    f"{_thousands(region['value'], ',')} people; worldwide, the {world_en} figure "
                    f"was {_thousands(world['value'], ',')}.",
                    "Each country's figure has its own reference date. Among the member states, "
                    f"the three hosting the most people are: {hosts_en}.",
                ],
            ),
            "states": ["CO", "PE", "BR"],
            "rounds": [],
            "areas": [],
        },
    ]


def build(home, log):
    log.stdout.write("News")
    index = ensure_page(home, NewsIndexPage.objects.first(), _index_page, log)
    states = {str(page.country): page for page in MemberStatePage.objects.all()}
    rounds = {page.number: page for page in RoundPage.objects.all()}
    areas = {page.slug_en: page for page in ThematicAreaPage.objects.all()}
    for item in news_items():
        slug_es = slugify(item["title"][0])
        existing = NewsPage.objects.child_of(index).filter(slug_es=slug_es).first()
        if existing is not None:
            log.kept(existing)
            continue
        page = _news_page(item, slug_es)
        page.member_states = [states[code] for code in item["states"] if code in states]
        page.rounds = [rounds[number] for number in item["rounds"] if number in rounds]
        page.thematic_areas = [areas[slug] for slug in item["areas"] if slug in areas]
        add_page(index, page, log)


def _index_page():
    return NewsIndexPage(
        title_es="Noticias",
        title_en="News",
        slug_es="noticias",
        slug_en="news",
        show_in_menus=True,
        intro_es=(
            "Lo que ocurre en el Proceso de Quito: rondas, declaraciones, nuevas Presidencias Pro "
            "Tempore y miembros. Suscríbase a las noticias por RSS o Atom."
        ),
        intro_en=(
            "What happens in the Quito Process: rounds, declarations, new Pro Tempore "
            "Presidencies and members. Subscribe to the news by RSS or Atom."
        ),
    )


def _news_page(item, slug_es):
    summary_es, summary_en = item["summary"]
    # As precise as the facts: "2018-09-04" is a day, "2024-11" a month.
    date = PreciseDate.parse(item["date"])
    return NewsPage(
        title_es=item["title"][0],
        title_en=item["title"][1],
        slug_es=slug_es,
        slug_en=slugify(item["title"][1]),
        date=date.date,
        date_precision=date.precision,
        author_es=AUTHOR[0],
        author_en=AUTHOR[1],
        summary_es=summary_es,
        summary_en=summary_en,
        search_description_es=summary_es,
        search_description_en=summary_en,
        body_es=stream(*paragraphs(*item["body"][0])),
        body_en=stream(*paragraphs(*item["body"][1])),
    )
