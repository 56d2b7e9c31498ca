"""Pages that show what the site knows instead of a heading and two fact boxes (issue 32, item 8):
a thematic area's meetings and help, a meeting's round and documents, a calendar with nothing
announced, a team role nobody is named for, and no text said twice on organizations and rounds.
Each in Spanish and English."""

import datetime

import pytest
from django.utils import translation

from getting_help.choices import Need
from organizations.models import OrganizationPage
from rounds.models import RoundPage
from thematic_areas.models import ThematicAreaPage

from .factories import (
    HelpEntryFactory,
    MeetingPageFactory,
    MeetingPublicationFactory,
    PublicationPageFactory,
    SecretariatRoleFactory,
    TechnicalSecretariatPageFactory,
    ThematicAreaRoundFactory,
    site_today,
)
from .html import parse, text
from .scenario import QuitoSite, scenario

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("pages_not_empty")]

LANGUAGES = ["es", "en"]


def build_site():
    quito = QuitoSite(states=["EC", "PE"], rounds=2)
    quito.add_thematic_areas().add_organizations().add_library().add_news().add_help_page()
    quito.round = quito.rounds[2]
    RoundPage.objects.filter(pk=quito.round.pk).update(
        presidency=quito.states["PE"],
        chapter_es="Capítulo Lima",
        chapter_en="Lima Chapter",
        intro_es="II Ronda del Proceso de Quito.",
        intro_en="Round II of the Quito Process.",
        outcome_es="<p>Declaración Conjunta.</p>",
        outcome_en="<p>Joint Declaration.</p>",
    )
    # Education: a related round with a past plenary, a declaration, news and help for its need.
    ThematicAreaPage.objects.filter(pk=quito.education.pk).update(help_need=Need.EDUCATION)
    ThematicAreaRoundFactory(page=quito.education, round=quito.round, sort_order=0)
    quito.add_meetings(
        title_es="Plenaria de la II Ronda",
        title_en="Round II plenary",
        round=quito.round,
        start_date=datetime.date(2019, 4, 8),
        end_date=datetime.date(2019, 4, 9),
    )
    quito.declaration.title_es, quito.declaration.title_en = (
        "Declaración Conjunta",
        "Joint Declaration",
    )
    quito.declaration.round = quito.round
    quito.declaration.thematic_areas.add(quito.education)
    quito.declaration.save()
    quito.agenda = PublicationPageFactory(
        parent=quito.library, title_es="Agenda de la plenaria", title_en="Plenary agenda"
    )
    MeetingPublicationFactory(page=quito.meeting, publication=quito.agenda, sort_order=0)
    quito.news_item.rounds.add(quito.round)
    quito.news_item.thematic_areas.add(quito.education)
    quito.news_item.save()
    quito.school_help = HelpEntryFactory(
        organization_es="Escuelas abiertas",
        organization_en="Open schools",
        needs=[Need.EDUCATION],
    )
    quito.clinic = HelpEntryFactory(
        organization_es="Clínica móvil", organization_en="Mobile clinic", needs=[Need.HEALTH]
    )
    return quito


site_built, site = scenario(build_site)


def url(page, language):
    with translation.override(language):
        return page.url


def section(document, heading_id):
    heading = document.find(id=heading_id)
    return heading.find_parent("section") if heading else None


def titles(element):
    return [text(heading) for heading in element.select("h3")]


# Thematic areas


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_area_lists_its_publications_news_meetings_and_help(client, site, language):
    page = parse(client.get(url(site.education, language)))
    declaration = {"es": "Declaración Conjunta", "en": "Joint Declaration"}[language]
    assert declaration in titles(section(page, "publications-heading"))
    news_title = site.news_item.title_es if language == "es" else site.news_item.title_en
    assert news_title in text(section(page, "news-heading"))
    meeting = {"es": "Plenaria de la II Ronda", "en": "Round II plenary"}[language]
    assert titles(section(page, "meetings-heading")) == [meeting]
    help_section = section(page, "help-heading")
    assert titles(help_section) == [{"es": "Escuelas abiertas", "en": "Open schools"}[language]]
    assert help_section.select("a")[-1]["href"].endswith("?need=education")


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_area_with_nothing_related_shows_no_empty_heading(client, site, language):
    page = parse(client.get(url(site.health, language)))  # no need, round, document or news
    for heading in ["publications", "news", "meetings", "help", "rounds"]:
        assert page.find(id=f"{heading}-heading") is None, heading


def test_an_areas_help_lists_only_entries_for_its_need_or_any_need(client, site):
    HelpEntryFactory(organization_es="Orientación general", organization_en="General guidance")
    page = parse(client.get(url(site.education, "en")))
    # Those for the need first, then those that guide on anything; never the clinic.
    assert titles(section(page, "help-heading")) == ["Open schools", "General guidance"]


# Meetings


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_meeting_shows_its_round_presidency_documents_and_news(client, site, language):
    page = parse(client.get(url(site.meeting, language)))
    facts = text(page.select_one("dl.facts"))
    assert {"es": "II Ronda · Capítulo Lima", "en": "Round II · Lima Chapter"}[language] in facts
    assert {"es": "Perú", "en": "Peru"}[language] in facts  # the presidency
    own = {"es": "Agenda de la plenaria", "en": "Plenary agenda"}[language]
    assert titles(section(page, "documents-heading")) == [own]
    adopted = section(page, "round-documents-heading")
    assert (
        text(adopted.h2)
        == {
            "es": "Documentos adoptados en la II Ronda",
            "en": "Documents adopted in Round II",
        }[language]
    )
    assert titles(adopted) == [{"es": "Declaración Conjunta", "en": "Joint Declaration"}[language]]
    assert section(page, "news-heading") is not None


def test_a_meeting_without_a_round_shows_no_round_blocks(client, site):
    lone = MeetingPageFactory(parent=site.meetings_index, title_es="Taller", title_en="Workshop")
    page = parse(client.get(url(lone, "en")))
    assert "Round" not in text(page.select_one("dl.facts"))
    for heading in ["round-documents", "news", "documents"]:
        assert page.find(id=f"{heading}-heading") is None, heading


# The calendar


@pytest.mark.parametrize(
    ("language", "announcement"),
    [
        ("es", "Por ahora no hay ninguna reunión anunciada."),
        ("en", "No meeting is announced at the moment."),
    ],
)
def test_a_calendar_with_nothing_upcoming_says_so_and_how_to_be_told(
    client, site, language, announcement
):
    path = url(site.meetings_index, language)
    page = parse(client.get(path))
    upcoming = section(page, "upcoming-heading")
    assert announcement in text(upcoming)
    links = {a["href"] for a in upcoming.select("a")}
    assert f"http://testserver{path}ical/" in links  # the calendar that updates itself
    news = url(site.news_index, language)
    assert f"http://testserver{news}rss/" in links  # the news feeds
    # The instructions are folded away, not a box as large as the list.
    assert upcoming.select_one("details code")


def test_a_calendar_with_a_meeting_announced_lists_it_and_still_offers_the_subscription(
    client, site
):
    MeetingPageFactory(
        parent=site.meetings_index,
        title_es="Taller próximo",
        title_en="Coming workshop",
        start_date=site_today() + datetime.timedelta(days=10),
    )
    upcoming = section(parse(client.get(url(site.meetings_index, "en"))), "upcoming-heading")
    assert titles(upcoming) == ["Coming workshop"]
    assert "No meeting is announced" not in text(upcoming)
    assert "Subscribe to the calendar" in [text(a) for a in upcoming.select("a")]


# The Technical Secretariat


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_team_role_without_a_name_is_a_plain_line_never_an_empty_card(client, site, language):
    secretariat = TechnicalSecretariatPageFactory(
        parent=site.home, slug_es="secretaria-tecnica", slug_en="technical-secretariat"
    )
    SecretariatRoleFactory(
        page=secretariat,
        role_es="Asesoría en comunicaciones",
        role_en="Communications advisor",
        sort_order=0,
    )
    SecretariatRoleFactory(page=secretariat, organization=site.unhcr, sort_order=1)
    team = section(parse(client.get(url(secretariat, language))), "team-heading")
    assert not team.select(".card")
    lines = [text(item) for item in team.select("li")]
    assert (
        lines[0] == {"es": "Asesoría en comunicaciones", "en": "Communications advisor"}[language]
    )
    assert lines[1].endswith(site.unhcr.title_es if language == "es" else site.unhcr.title_en)


# Organizations and rounds: nothing said twice


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_organization_does_not_repeat_its_lead_as_its_mandate(client, site, language):
    OrganizationPage.objects.filter(pk=site.iom.pk).update(
        intro_es="Promueve una migración humana y ordenada.",
        intro_en="Promotes humane and orderly migration.",
        mandate_es="<p>Promueve una migración humana y ordenada.</p>",
        mandate_en="<p>Promotes humane and orderly migration.</p>",
    )
    page = parse(client.get(url(site.iom, language)))
    assert page.select_one("p.lead")
    assert page.find(id="mandate-heading") is None


def test_an_organization_shows_a_mandate_that_says_more_than_its_lead(client, site):
    OrganizationPage.objects.filter(pk=site.iom.pk).update(
        intro_en="The UN migration agency.",
        mandate_en="<p>Promotes humane and orderly migration.</p>",
    )
    page = parse(client.get(url(site.iom, "en")))
    assert "orderly migration" in text(section(page, "mandate-heading"))


@pytest.mark.parametrize(
    ("language", "title", "lead"),
    [("es", "II Ronda", "Capítulo Lima"), ("en", "Round II", "Lima Chapter")],
)
def test_a_rounds_lead_is_not_its_title_again(client, site, language, title, lead):
    page = parse(client.get(url(site.round, language)))
    assert text(page.h1) == title
    assert [text(p) for p in page.select("header p.lead")] == [lead]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_rounds_outcome_that_only_names_its_documents_is_said_once(client, site, language):
    page = parse(client.get(url(site.round, language)))
    assert page.find(id="outcome-heading") is None
    assert titles(section(page, "publications-heading")) == [
        {"es": "Declaración Conjunta", "en": "Joint Declaration"}[language]
    ]


def test_a_rounds_outcome_that_says_more_than_its_documents_is_shown(client, site):
    RoundPage.objects.filter(pk=site.round.pk).update(
        outcome_en="<p>Joint Declaration, signed by 13 states.</p>"
    )
    page = parse(client.get(url(site.round, "en")))
    assert "signed by 13 states" in text(section(page, "outcome-heading"))
