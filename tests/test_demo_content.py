import gzip
import re
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from wagtail.models import Page, Site

from core.models import StandardPage
from home.models import HomePage
from members.models import GroupOfFriendsPage, MemberStatePage
from organizations.models import OrganizationPage
from secretariat.models import TechnicalSecretariatPage

from .conftest import load_demo_content, module_data
from .html import parse, text

# The demo is loaded once for the module: `make test` keeps its tests on one worker.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo_content")]


def load_demo():
    return load_demo_content()


def snapshot():
    return sorted(
        (page.pk, page.title_es, page.title_en, page.url_path_es, page.url_path_en)
        for page in Page.objects.all()
    )


demo_loaded = module_data(load_demo_content)


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


@pytest.fixture(scope="module")
def every_demo_page(demo_loaded):
    """Every live demo page in every language, rendered once for the tests that read them all:
    (url, language, response)."""
    client = Client()
    rendered = []
    for page in Page.objects.filter(depth__gte=2).live().specific():
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                url = page.get_url()
            rendered.append((url, language, client.get(url)))
    translation.activate(settings.LANGUAGE_CODE)
    return rendered


def test_every_demo_page_answers_in_every_language(every_demo_page):
    # Home, About, 2 + 15 members, Group of Friends, 1 + 9 organizations, Secretariat,
    # 1 + 11 rounds, 1 + 11 thematic areas.
    assert len(every_demo_page) == 54 * len(settings.LANGUAGES)
    for url, language, response in every_demo_page:
        assert response.status_code == 200, url
        assert parse(response).html["lang"] == language


def compressed_size(content):
    return len(gzip.compress(content, compresslevel=6))


def test_every_demo_page_weighs_at_most_60_kb_compressed_with_its_css_and_js(every_demo_page):
    assets = sum(
        compressed_size(open(finders.find(path), "rb").read())  # noqa: SIM115
        for path in ["css/site.css", "js/site.js"]
    )
    heaviest = 0
    for url, _language, response in every_demo_page:
        # Nothing render-blocking from another origin: every script and stylesheet is ours.
        document = parse(response)
        external = [
            tag
            for tag in document.select("script[src], link[rel=stylesheet], link[rel=preload]")
            if re.match(r"(https?:)?//", tag.get("src") or tag.get("href") or "")
        ]
        assert not external, url
        heaviest = max(heaviest, compressed_size(response.content) + assets)
    assert heaviest <= 60 * 1024, heaviest
