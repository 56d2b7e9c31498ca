from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation
from wagtail.models import Page, Site

from core.models import StandardPage
from home.models import HomePage
from members.models import GroupOfFriendsPage, MemberStatePage
from organizations.models import OrganizationPage
from secretariat.models import TechnicalSecretariatPage

from .html import parse, text

pytestmark = pytest.mark.django_db


def load_demo():
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


def snapshot():
    return sorted(
        (page.pk, page.title_es, page.title_en, page.url_path_es, page.url_path_en)
        for page in Page.objects.all()
    )


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    """Load the demo once for the module, in a transaction rolled back at the module's end.

    Each test's `db` fixture then runs in a savepoint inside it (as Django's TestCase does with
    setUpTestData), so what one test writes is rolled back before the next test starts."""
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            load_demo()
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo_site(demo_loaded, db):
    pass


def test_builds_the_site_in_both_languages(demo_site, client):
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert text(parse(client.get("/es/")).h1) == "Proceso de Quito"
    assert text(parse(client.get("/en/")).h1) == "Quito Process"
    assert client.get("/es/acerca-de/").status_code == 200
    assert client.get("/en/about/").status_code == 200


def test_builds_every_section_from_the_facts(demo_site):
    assert MemberStatePage.objects.filter(status="member").count() == 14
    assert MemberStatePage.objects.filter(status="observer").count() == 1
    assert GroupOfFriendsPage.objects.get().friends.count() == 11
    assert OrganizationPage.objects.count() == 9
    secretariat = TechnicalSecretariatPage.objects.get()
    assert secretariat.team.count() == 4
    assert [c.organization.acronym_en for c in secretariat.coordinators.all()] == ["UNHCR", "IOM"]


def test_a_second_run_changes_nothing(demo_site):
    before = snapshot()
    output = load_demo()
    assert snapshot() == before
    assert "Done: 0 page(s) created." in output


def test_a_second_run_keeps_an_editors_title(demo_site):
    about = StandardPage.objects.get(slug_es="acerca-de")
    about.title_en = "About us"
    with translation.override("es"):
        about.save()
    load_demo()
    about.refresh_from_db()
    assert about.title_en == "About us"


def test_it_recreates_only_what_is_missing(demo_site):
    MemberStatePage.objects.get(country="PE").delete()
    output = load_demo()
    assert "created MemberStatePage: Perú" in output
    assert "Done: 1 page(s) created." in output
    assert MemberStatePage.objects.filter(country="PE").count() == 1


def test_if_empty_skips_a_site_that_has_a_home_page(demo_site):
    out = StringIO()
    call_command("load_demo_content", "--if-empty", stdout=out)
    assert "demo content not loaded" in out.getvalue()


def test_every_demo_page_answers_in_every_language(demo_site, client):
    pages = Page.objects.filter(depth__gte=2).live().specific()
    # Home, About, 2 + 15 members, Group of Friends, 1 + 9 organizations, Secretariat,
    # 1 + 11 rounds, 1 + 11 thematic areas.
    assert len(pages) == 54
    for page in pages:
        for language in ("es", "en"):
            with translation.override(language):
                url = page.get_url()
            response = client.get(url)
            assert response.status_code == 200, url
            assert parse(response).html["lang"] == language
