"""Launching or withdrawing a site language is never one click: the list leads to a confirmation
page that states the impact (pages and texts still missing per section, interface strings that
would show in Spanish, addresses that answer 404, sitemaps and feeds that appear or disappear);
only a POST from that page changes anything, and the change is logged in Wagtail's site history
with who made it.

Portuguese is in preparation in every test database and English is public, so launching is
tested on Portuguese and withdrawing on English."""

import polib
import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry, PageViewRestriction

from core.i18n.launch import LAUNCH_ACTION, WITHDRAW_ACTION, public_language_codes
from interface_strings.catalogs import po_path
from translation_queue.models import TranslationItem, TranslationState
from translation_queue.states import refresh_stale_pages

from .factories import MeetingsIndexPageFactory, NewsIndexPageFactory, StandardPageFactory
from .html import parse, text
from .moderation import prefer

pytestmark = pytest.mark.django_db

LIST = "/admin/site-languages/"
WITHDRAW_EN = "/admin/site-languages/en/withdraw/"
LAUNCH_PT = "/admin/site-languages/pt/launch/"
WORDS = {
    "es": {
        "withdraw_title": "Retirar inglés",
        "launch_title": "Publicar portugués",
        "of": "de",
        "withdrawn": "Inglés vuelve a estar en preparación",
        "log_label": "Retirar un idioma del sitio",
        "not_a_language": "Ese no es un idioma del sitio que pueda cambiar.",
    },
    "en": {
        "withdraw_title": "Withdraw English",
        "launch_title": "Launch Portuguese",
        "of": "of",
        "withdrawn": "English is in preparation again",
        "log_label": "Withdraw a site language",
        "not_a_language": "That is not a language of the site that can change.",
    },
}
both_languages = pytest.mark.parametrize("admin_language", ["es", "en"])


@pytest.fixture
def moderator(staff):
    return staff("moderadora", "Moderators")


@pytest.fixture
def moderator_client(client, moderator, admin_language):
    client.force_login(prefer(moderator, admin_language))
    return client


@pytest.fixture
def site(home):
    """A section with three pages, one without a Portuguese title, a news index and a calendar
    (no Portuguese title either), and a private page and a draft that visitors never reach."""
    about = StandardPageFactory(
        parent=home,
        title_es="Acerca de",
        title_en="About",
        title_pt="Sobre",
        slug_en="about",
        slug_pt="sobre",
    )
    history = StandardPageFactory(
        parent=about, title_es="Historia", title_en="History", slug_en="history"
    )
    team = StandardPageFactory(
        parent=about, title_es="Equipo", title_en="Team", title_pt="Equipa", slug_en="team"
    )
    news = NewsIndexPageFactory(parent=home)
    calendar = MeetingsIndexPageFactory(parent=home)
    private = StandardPageFactory(parent=about, title_es="Interna", title_en="Internal")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="clave"
    )
    StandardPageFactory(parent=about, title_es="Borrador", title_en="Draft", live=False)
    return {
        "home": home,
        "about": about,
        "history": history,
        "team": team,
        "news": news,
        "calendar": calendar,
    }


def impact(response, name):
    return text(parse(response).select_one(f'[data-impact="{name}"]'))


# The list and the old one-click change


@both_languages
def test_the_list_leads_to_a_confirmation_page_for_each_language_and_action(moderator_client, home):
    html = parse(moderator_client.get(LIST))
    links = {a["href"] for a in html.select("table.listing a.button")}
    assert links == {WITHDRAW_EN, LAUNCH_PT}
    assert not html.select("table.listing form")


@both_languages
def test_the_old_one_click_post_on_the_list_changes_nothing(moderator_client, home, committed):
    with committed():
        response = moderator_client.post(LIST, {"language": "en", "action": "withdraw"})
    assert response.status_code == 405
    assert public_language_codes() == ["es", "en"]


@both_languages
def test_opening_the_confirmation_page_changes_nothing(
    moderator_client, site, committed, admin_language
):
    with committed():
        response = moderator_client.get(WITHDRAW_EN)
    html = parse(response)
    assert text(html.select_one("h1")) == WORDS[admin_language]["withdraw_title"]
    cancel = html.select_one("#language-impact form a.button-secondary")
    assert cancel["href"] == LIST
    assert public_language_codes() == ["es", "en"]
    assert moderator_client.get("/en/about/").status_code == 200


# What the confirmation page states


@both_languages
def test_withdrawing_states_how_many_public_pages_will_answer_404_with_examples(
    moderator_client, site
):
    # Visitors reach the home page, About, History, Team, the news and the calendar; not the
    # private page nor the draft.
    response = moderator_client.get(WITHDRAW_EN)
    pages = impact(response, "pages")
    assert pages.startswith("6 ")
    assert "/en/about/" in pages and "/en/about/history/" in pages
    assert "/en/about/team/" in pages


@both_languages
def test_withdrawing_states_the_sitemap_and_the_feeds_that_disappear(moderator_client, site):
    response = moderator_client.get(WITHDRAW_EN)
    assert "/en/sitemap.xml" in impact(response, "sitemap")
    # The news' RSS and Atom feeds and the calendar's iCalendar file.
    feeds = impact(response, "feeds")
    assert feeds.startswith("3 ")
    for url in ("/en/news/rss/", "/en/news/atom/", "/en/calendar/ical/"):
        assert url in feeds


def missing_texts(section_id, language="pt"):
    refresh_stale_pages()
    items = TranslationItem.objects.filter(section_id=section_id, language=language)
    return items.filter(state=TranslationState.MISSING).count(), items.count()


@both_languages
def test_launching_states_the_pages_and_texts_missing_in_each_section(
    moderator_client, site, admin_language
):
    of = WORDS[admin_language]["of"]
    html = parse(moderator_client.get(LAUNCH_PT))
    assert text(html.select_one("h1")) == WORDS[admin_language]["launch_title"]
    about = [text(cell) for cell in html.select(f'tr[data-section="{site["about"].pk}"] td')]
    # About, History and Team are public; History has no Portuguese title.
    assert about[0] == f"1 {of} 3"
    # The texts are the translation queue's, section by section.
    missing, total = missing_texts(site["about"].pk)
    assert 0 < missing < total
    assert about[1] == f"{missing} {of} {total}"
    news = [text(cell) for cell in html.select(f'tr[data-section="{site["news"].pk}"] td')]
    assert news[0] == f"1 {of} 1"
    # The home page, About's History, the news and the calendar have no Portuguese title.
    assert text(html.select_one('[data-total="pages-missing"]')) == "4"


@both_languages
def test_launching_counts_a_translated_text_as_no_longer_missing(moderator_client, site):
    def about_texts():
        html = parse(moderator_client.get(LAUNCH_PT))
        return text(html.select(f'tr[data-section="{site["about"].pk}"] td')[1])

    before = about_texts()
    history = site["history"]
    history.intro_pt = "A história do Processo."
    history.save_revision().publish()
    missing, total = missing_texts(site["about"].pk)
    assert about_texts() != before
    assert about_texts().split()[0] == str(missing)
    assert before.split()[0] == str(missing + 1)


@pytest.fixture
def portuguese_catalog_with_two_untranslated(tmp_path, settings):
    """A copy of the catalogs whose Portuguese lacks two interface strings."""
    import shutil

    copy = tmp_path / "locale"
    shutil.copytree(settings.LOCALE_PATHS[0], copy)
    catalog = polib.pofile(str(po_path("pt", copy)))
    for msgid in ("Main menu", "Skip to main content"):
        catalog.find(msgid).msgstr = ""
    catalog.save()
    settings.LOCALE_PATHS = [str(copy)]
    return catalog


@both_languages
def test_launching_states_how_many_interface_strings_would_show_in_spanish(
    moderator_client, site, portuguese_catalog_with_two_untranslated, admin_language
):
    total = len([entry for entry in portuguese_catalog_with_two_untranslated if not entry.obsolete])
    stated = impact(moderator_client.get(LAUNCH_PT), "interface-strings")
    assert stated.startswith(f"2 {WORDS[admin_language]['of']} {total} ")


@both_languages
def test_launching_names_the_menu_entries_that_would_show_in_spanish(moderator_client, site):
    stated = impact(moderator_client.get(LAUNCH_PT), "menu-in-spanish")
    assert "Noticias" in stated and "Calendario de reuniones" in stated
    assert "Acerca de" not in stated  # it has a Portuguese title


@both_languages
def test_launching_states_the_sitemap_and_feeds_that_appear(moderator_client, site):
    response = moderator_client.get(LAUNCH_PT)
    assert "/pt/sitemap.xml" in impact(response, "sitemap")
    assert impact(response, "feeds").startswith("3 ")


# Confirming


@both_languages
def test_confirming_a_withdrawal_takes_the_language_offline_and_logs_who_did_it(
    moderator_client, moderator, site, committed, admin_language
):
    with committed():
        response = moderator_client.post(WITHDRAW_EN, follow=True)
    assert public_language_codes() == ["es"]
    assert moderator_client.get("/en/about/").status_code == 404
    assert WORDS[admin_language]["withdrawn"] in response.content.decode()
    entry = ModelLogEntry.objects.get(action=WITHDRAW_ACTION)
    assert entry.user == moderator
    assert entry.data == {"language": "en"}
    # The list's recent history and the admin's site history show it, in the admin's language.
    history = text(parse(response).select_one("#recent-history"))
    assert "English (en)" in history and "moderadora" in history
    site_history = moderator_client.get(reverse("wagtailadmin_reports:site_history"))
    assert WORDS[admin_language]["log_label"] in site_history.content.decode()


@both_languages
def test_confirming_a_launch_shows_the_language_and_logs_who_did_it(
    moderator_client, moderator, site, committed
):
    with committed():
        moderator_client.post(LAUNCH_PT)
    assert public_language_codes() == ["es", "en", "pt"]
    assert moderator_client.get("/pt/sobre/").status_code == 200
    entry = ModelLogEntry.objects.get(action=LAUNCH_ACTION)
    assert (entry.user, entry.data) == (moderator, {"language": "pt"})


def test_confirming_needs_the_confirmation_pages_csrf_token(moderator, site, committed):
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    with committed():
        response = client.post(WITHDRAW_EN)
    assert response.status_code == 403
    assert public_language_codes() == ["es", "en"]
    assert not ModelLogEntry.objects.filter(action=WITHDRAW_ACTION).exists()


@both_languages
def test_confirming_twice_changes_and_logs_once(moderator_client, site, committed):
    with committed():
        moderator_client.post(WITHDRAW_EN)
        moderator_client.post(WITHDRAW_EN)
    assert ModelLogEntry.objects.filter(action=WITHDRAW_ACTION).count() == 1


# Who may, and what may not change


@pytest.mark.parametrize("url", [LIST, WITHDRAW_EN, LAUNCH_PT])
def test_an_editor_can_neither_see_nor_confirm_a_change(client, staff, site, url, committed):
    client.force_login(staff("editora", "Editors"))
    assert client.get(url).status_code == 403
    with committed():
        assert client.post(url).status_code in (403, 405)
    assert public_language_codes() == ["es", "en"]


@both_languages
@pytest.mark.parametrize("language", ["es", "xx"])
def test_the_default_or_an_unknown_language_cannot_be_changed(
    moderator_client, home, language, admin_language
):
    url = f"/admin/site-languages/{language}/withdraw/"
    response = moderator_client.post(url, follow=True)
    assert response.status_code == 200
    assert WORDS[admin_language]["not_a_language"] in response.content.decode()
    assert public_language_codes() == ["es", "en"]
