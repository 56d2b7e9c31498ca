"""A page's address in each language: made from that language's title when it has none of its
own, a text translators see in the queue, and an old address redirects to the new one."""

import pytest
from wagtail.models import Page

from translation_queue.models import TranslationItem, TranslationState
from translation_queue.states import refresh_page

from .factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def untranslated(parent, title="La XII Ronda del Proceso", slug="la-xii-ronda-del-proceso"):
    """A live page whose English title is still the Spanish one: both languages share its slug."""
    page = StandardPageFactory(
        parent=parent, title_es=title, title_en=title, slug_es=slug, slug_en=""
    )
    page.save_revision().publish()
    return Page.objects.get(pk=page.pk).specific


def publish_english_title(page, title="The 12th Round of the Process"):
    latest = Page.objects.get(pk=page.pk).specific
    latest.title_en = title
    latest.save_revision().publish()
    return Page.objects.get(pk=page.pk).specific


def test_a_translated_title_gives_the_page_an_address_in_that_language(client, home):
    page = publish_english_title(untranslated(home))
    assert page.slug_en == "the-12th-round-of-the-process"
    assert client.get("/en/the-12th-round-of-the-process/").status_code == 200
    assert client.get("/es/la-xii-ronda-del-proceso/").status_code == 200


def test_the_old_address_in_that_language_redirects_to_the_new_one(client, home):
    publish_english_title(untranslated(home))
    response = client.get("/en/la-xii-ronda-del-proceso/")
    assert response.status_code == 301
    assert response["Location"].endswith("/en/the-12th-round-of-the-process/")


def test_the_old_addresses_of_the_pages_below_redirect_too(client, home):
    section = untranslated(home, "Rondas", "rondas")
    child = StandardPageFactory(
        parent=section, title_es="Lima", title_en="Lima", slug_es="lima", slug_en="lima"
    )
    child.save_revision().publish()
    publish_english_title(section, "Rounds")
    assert client.get("/en/rounds/lima/").status_code == 200
    response = client.get("/en/rondas/lima/")
    assert response.status_code == 301
    assert response["Location"].endswith("/en/rounds/lima/")


def test_a_changed_spanish_address_redirects_in_spanish(client, home):
    page = untranslated(home)
    page.slug_es = "xii-ronda"
    page.save_revision().publish()
    response = client.get("/es/la-xii-ronda-del-proceso/")
    assert response.status_code == 301
    assert response["Location"].endswith("/es/xii-ronda/")


def test_a_moved_page_keeps_its_old_address_in_each_language(client, home, committed):
    page = StandardPageFactory(
        parent=home, title_es="Actas", title_en="Minutes", slug_es="actas", slug_en="minutes"
    )
    page.save_revision().publish()
    archive = StandardPageFactory(
        parent=home, title_es="Archivo", title_en="Archive", slug_es="archivo", slug_en="archive"
    )
    archive.save_revision().publish()
    with committed():
        Page.objects.get(pk=page.pk).move(archive, pos="last-child")
    for old, new in [
        ("/es/actas/", "/es/archivo/actas/"),
        ("/en/minutes/", "/en/archive/minutes/"),
    ]:
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"].endswith(new)


def test_an_address_already_taken_by_a_sibling_is_not_reused(home):
    StandardPageFactory(parent=home, title_es="Otra", title_en="Other", slug_en="the-12th-round")
    page = publish_english_title(untranslated(home), "The 12th round")
    assert page.slug_en == "the-12th-round-2"


def test_a_page_whose_title_is_the_same_in_both_languages_keeps_one_address(client, home):
    page = untranslated(home, "Costa Rica", "costa-rica")
    assert page.slug_en == ""
    assert client.get("/en/costa-rica/").status_code == 200


def slug_state(page):
    refresh_page(page)
    item = TranslationItem.objects.filter(page=page, language="en", key="slug").first()
    return item and item.state


def test_the_queue_lists_a_spanish_address_under_an_english_title_as_missing(home):
    page = untranslated(home)
    Page.objects.filter(pk=page.pk).update(
        title_en="The 12th Round of the Process", slug_en="la-xii-ronda-del-proceso"
    )
    assert slug_state(page) == TranslationState.MISSING


def test_the_queue_counts_a_translated_address_as_done(home):
    page = publish_english_title(untranslated(home))
    assert slug_state(page) == TranslationState.DONE


def test_a_page_with_one_title_for_both_languages_has_no_address_to_translate(home):
    assert slug_state(untranslated(home, "Costa Rica", "costa-rica")) is None
