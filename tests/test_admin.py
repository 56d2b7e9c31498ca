"""Staff editing: the page tree's rules, the admin forms of every page type, roles and moderation."""

from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, rich_text, streamfield

from core.pages.models import StandardPage
from events.models import MeetingPage, MeetingsIndexPage
from getting_help.models import HelpPage
from home.models import HomePage
from members.models import GroupOfFriendsPage, MemberStatePage, MemberStatesIndexPage
from news.models import NewsIndexPage, NewsPage
from organizations.models import OrganizationPage, OrganizationsIndexPage
from publications.models import PublicationPage, PublicationsIndexPage
from rounds.models import RoundPage, RoundsIndexPage
from secretariat.models import TechnicalSecretariatPage
from thematic_areas.models import ThematicAreaPage, ThematicAreasIndexPage

from .admin_forms import add_url, admin_post_data
from .factories import (
    DocumentFactory,
    MeetingsIndexPageFactory,
    MemberStatesIndexPageFactory,
    NewsIndexPageFactory,
    OrganizationsIndexPageFactory,
    PublicationsIndexPageFactory,
    RoundsIndexPageFactory,
    StandardPageFactory,
    ThematicAreasIndexPageFactory,
)
from .html import parse, text
from .moderation import prefer

INDEXES = [
    MemberStatesIndexPage,
    OrganizationsIndexPage,
    RoundsIndexPage,
    ThematicAreasIndexPage,
    PublicationsIndexPage,
    MeetingsIndexPage,
    NewsIndexPage,
]
SINGLETONS = [GroupOfFriendsPage, TechnicalSecretariatPage]


class TestPageTreeRules(WagtailPageTestCase):
    """Where each page type may be created, so that the admin's tree cannot be got wrong."""

    def test_home_page_only_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(StandardPage, HomePage)

    def test_sections_only_under_the_home_page(self):
        for section in [*INDEXES, *SINGLETONS]:
            self.assertAllowedParentPageTypes(section, {HomePage})
            self.assertCanCreateAt(HomePage, section)
            self.assertCanNotCreateAt(StandardPage, section)

    def test_standard_pages_under_the_home_page_or_each_other(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})

    def test_each_index_takes_only_its_own_pages(self):
        self.assertAllowedSubpageTypes(MemberStatesIndexPage, {MemberStatePage})
        self.assertAllowedSubpageTypes(OrganizationsIndexPage, {OrganizationPage})
        self.assertAllowedSubpageTypes(RoundsIndexPage, {RoundPage})
        self.assertAllowedSubpageTypes(ThematicAreasIndexPage, {ThematicAreaPage})

    def test_detail_pages_only_under_their_index(self):
        self.assertAllowedParentPageTypes(MemberStatePage, {MemberStatesIndexPage})
        self.assertAllowedParentPageTypes(OrganizationPage, {OrganizationsIndexPage})
        self.assertAllowedParentPageTypes(RoundPage, {RoundsIndexPage})
        self.assertAllowedParentPageTypes(ThematicAreaPage, {ThematicAreasIndexPage})
        self.assertCanNotCreateAt(MemberStatesIndexPage, OrganizationPage)
        self.assertCanNotCreateAt(OrganizationsIndexPage, MemberStatePage)

    def test_one_help_page_under_the_home_page_without_children(self):
        self.assertAllowedParentPageTypes(HelpPage, {HomePage})
        self.assertAllowedSubpageTypes(HelpPage, set())
        self.assertEqual(HelpPage.max_count, 1)

    def test_leaf_pages_have_no_children(self):
        for leaf in [MemberStatePage, OrganizationPage, RoundPage, ThematicAreaPage, *SINGLETONS]:
            self.assertAllowedSubpageTypes(leaf, set())


@pytest.mark.parametrize("model", [HomePage, *INDEXES, *SINGLETONS])
def test_a_second_home_index_secretariat_or_group_of_friends_page_cannot_be_created(
    admin_client, home, model
):
    if model is not HomePage:
        parent = home
        home.add_child(instance=model(title_es="Primera", slug_es="primera", slug_en="first"))
    else:
        parent = Page.get_first_root_node()
    assert not model.can_create_at(parent)
    response = admin_client.get(add_url(model, parent))
    assert response.status_code in (302, 403)
    assert model.objects.count() == 1


def title_fields(title_es, title_en, slug_es, slug_en):
    return {"title_es": title_es, "title_en": title_en, "slug_es": slug_es, "slug_en": slug_en}


def bilingual_streams(*names):
    return {f"{name}_{code}": streamfield([]) for name in names for code in ("es", "en")}


def body(es, en):
    return {
        "body_es": streamfield([("paragraph", rich_text(f"<p>{es}</p>"))]),
        "body_en": streamfield([("paragraph", rich_text(f"<p>{en}</p>"))]),
    }


@pytest.fixture
def tree(home):
    """The parents each page type needs, without the page types that may exist only once."""

    def parent_for(model):
        if model is HomePage:
            home.delete()
            return Page.get_first_root_node()
        if model is MemberStatePage:
            return MemberStatesIndexPageFactory(parent=home)
        if model is OrganizationPage:
            return OrganizationsIndexPageFactory(parent=home)
        if model is RoundPage:
            return RoundsIndexPageFactory(parent=home)
        if model is ThematicAreaPage:
            return ThematicAreasIndexPageFactory(parent=home)
        if model is PublicationPage:
            return PublicationsIndexPageFactory(parent=home)
        if model is MeetingPage:
            return MeetingsIndexPageFactory(parent=home)
        if model is NewsPage:
            return NewsIndexPageFactory(parent=home)
        return home

    return parent_for


def form_data(model, home_page):
    """A complete admin form for each page type, in Spanish and English."""
    common = {
        **title_fields("Página de prueba", "Test page", "pagina-de-prueba", "test-page"),
        "intro_es": "Introducción",
        "intro_en": "Introduction",
        **body("Cuerpo", "Body"),
    }
    if model is HomePage:
        return {
            **common,
            "featured_areas": inline_formset([]),
            "regional_figures": inline_formset([]),
        }
    if model is MemberStatePage:
        return {
            **common,
            "country": "BR",
            "status": "member",
            "year_joined": "2018",
            "figures": inline_formset(
                [
                    {
                        "measure": "hosted",
                        "value": "732272",
                        "as_of": "2025-11-01",
                        "as_of_precision": "month",
                        "source_name": "R4V",
                        "source_url": "https://www.r4v.info/",
                        "source_date": "",
                        "source_date_precision": "day",
                    }
                ]
            ),
            **bilingual_streams("related_links"),
            "focal_institutions": inline_formset(
                [
                    {
                        "name_es": "Ministerio de Justicia",
                        "name_en": "Ministry of Justice",
                        "website": "",
                    }
                ]
            ),
        }
    if model is GroupOfFriendsPage:
        return {
            **common,
            "history_es": rich_text("<p>Nació en la V Ronda.</p>"),
            "history_en": rich_text("<p>Born at Round V.</p>"),
            "friends": inline_formset(
                [{"kind": "state", "country": "CA", "name_es": "", "name_en": ""}]
            ),
        }
    if model is OrganizationPage:
        return {
            **common,
            "acronym_es": "ACNUR",
            "acronym_en": "UNHCR",
            "kind": "un_agency",
            "founded_on": "1950-12-14",
            "founded_precision": "day",
        }
    if model is TechnicalSecretariatPage:
        return {
            **common,
            "based_in_es": "Ciudad de Panamá",
            "based_in_en": "Panama City",
            "coordinators": inline_formset([]),
            "team": inline_formset(
                [{"role_es": "Coordinación", "role_en": "Coordinator", "email": ""}]
            ),
        }
    if model is RoundPage:
        return {
            **common,
            "number": "3",
            "plenary_start": "2019-04-08",
            "documents": inline_formset([]),
        }
    if model is ThematicAreaPage:
        return {
            **common,
            "leads": inline_formset([]),
            "supporters": inline_formset([]),
            "round_links": inline_formset([]),
        }
    if model is PublicationPage:
        return {
            **common,
            "publication_type": "joint_declaration",
            "date": "2018-09-04",
            "date_precision": "day",
            "place_es": "Quito",
            "place_en": "Quito",
            "round": "",
            "files": inline_formset(
                [{"document": DocumentFactory().pk, "language": "es", "is_original": "on"}]
            ),
        }
    if model is NewsPage:
        return {
            **common,
            "date": "2025-03-01",
            "date_precision": "day",
            "author_es": "Secretaría Técnica",
            "author_en": "Technical Secretariat",
            "author_kind": "organization",
            "summary_es": "Resumen.",
            "summary_en": "Summary.",
            "image": "",
        }
    if model is MeetingPage:
        return {
            **common,
            "kind": "plenary",
            "status": "scheduled",
            "format": "in_person",
            "time_zone": "America/Panama",
            "start_date": "2030-05-10",
            "publication_links": inline_formset([]),
        }
    return common


ALL_PAGE_TYPES = [
    HomePage,
    StandardPage,
    MemberStatesIndexPage,
    MemberStatePage,
    GroupOfFriendsPage,
    OrganizationsIndexPage,
    OrganizationPage,
    TechnicalSecretariatPage,
    RoundsIndexPage,
    RoundPage,
    ThematicAreasIndexPage,
    ThematicAreaPage,
    HelpPage,
    PublicationsIndexPage,
    PublicationPage,
    MeetingsIndexPage,
    MeetingPage,
    NewsIndexPage,
    NewsPage,
]


@pytest.mark.parametrize("model", ALL_PAGE_TYPES, ids=lambda m: m.__name__)
def test_every_page_type_is_created_through_the_admin_in_both_languages(
    admin_client, tree, home, model
):
    parent = tree(model)
    response = admin_client.post(
        add_url(model, parent), admin_post_data({**form_data(model, home), "action-publish": "1"})
    )
    assert response.status_code == 302, parse(response).select(".error-message, .help-critical")
    page = model.objects.get(slug_en="test-page")
    assert (page.title_es, page.title_en) == ("Página de prueba", "Test page")
    if model is not NewsPage:  # a news item's summary is its introduction
        assert (page.intro_es, page.intro_en) == ("Introducción", "Introduction")
    assert page.live
    assert page.revisions.count() == 1


@pytest.mark.parametrize("model", ALL_PAGE_TYPES, ids=lambda m: m.__name__)
@pytest.mark.parametrize("language", ["es", "en"])
def test_preview_works_for_every_page_type_in_both_languages(
    admin_client, tree, home, model, language
):
    parent = tree(model)
    data = admin_post_data(form_data(model, home))
    preview_url = reverse(
        "wagtailadmin_pages:preview_on_add",
        args=[model._meta.app_label, model._meta.model_name, parent.pk],
    )
    assert admin_client.post(preview_url, data).json()["is_valid"]
    response = admin_client.get(preview_url, {"mode": language})
    assert response.status_code == 200
    # The admin frames its previews: never the public frame-ancestors 'none'.
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    page = parse(response)
    assert page.html["lang"] == language
    assert text(page.select_one("main h1")).endswith(
        {"es": "Página de prueba", "en": "Test page"}[language]
    ) or (model is MemberStatePage)


def test_a_form_without_the_spanish_title_shows_an_error_and_creates_nothing(admin_client, home):
    data = form_data(StandardPage, home)
    data["title_es"] = ""
    response = admin_client.post(
        add_url(StandardPage, home), admin_post_data({**data, "action-publish": "1"})
    )
    assert response.status_code == 200
    assert "title_es" in response.context["form"].errors
    assert not StandardPage.objects.exists()


def test_an_editor_cannot_publish(client, staff, home):
    client.force_login(staff("editora", "Editors"))
    data = admin_post_data({**form_data(StandardPage, home), "action-publish": "1"})
    client.post(add_url(StandardPage, home), data)
    page = StandardPage.objects.get(slug_en="test-page")
    assert not page.live
    assert not page.permissions_for_user(staff("editor2", "Editors")).can_publish()


def test_a_moderator_can_publish(client, staff, home):
    client.force_login(staff("moderadora", "Moderators"))
    data = admin_post_data({**form_data(StandardPage, home), "action-publish": "1"})
    client.post(add_url(StandardPage, home), data)
    assert StandardPage.objects.get(slug_en="test-page").live


def test_an_editors_submission_notifies_the_moderators_who_approve_and_publish_it(
    client, staff, home, django_capture_on_commit_callbacks
):
    moderator = staff("moderadora", "Moderators")
    client.force_login(staff("editora", "Editors"))
    data = admin_post_data({**form_data(StandardPage, home), "action-submit": "1"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(add_url(StandardPage, home), data)
    page = StandardPage.objects.get(slug_en="test-page")
    assert not page.live
    assert page.workflow_in_progress
    assert any(moderator.email in message.to for message in mail.outbox)

    client.force_login(moderator)
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"comment": ""})
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live


def test_a_translator_can_edit_but_not_create_or_publish(staff, home):
    translator = staff("traductora", "Translators")
    permissions = home.permissions_for_user(translator)
    assert permissions.can_edit()
    assert not permissions.can_add_subpage()
    assert not permissions.can_publish()


def test_an_earlier_revision_can_be_restored(admin_client, home):
    page = StandardPageFactory(parent=home, title_es="Primera versión", title_en="First version")
    first = page.save_revision()
    page.title_en = "Second version"
    page.save_revision().publish()
    response = admin_client.get(
        reverse("wagtailadmin_pages:revisions_revert", args=[page.pk, first.pk])
    )
    assert response.status_code == 200
    assert response.context["form"].initial["title_en"] == "First version"


def test_deleting_a_page_with_children_asks_for_confirmation(admin_client, home):
    parent = StandardPageFactory(parent=home)
    StandardPageFactory(parent=parent)
    response = admin_client.get(reverse("wagtailadmin_pages:delete", args=[parent.pk]))
    assert response.status_code == 200
    assert StandardPage.objects.count() == 2  # nothing deleted by asking
    assert "1 página hija" in text(parse(response).select_one("main"))


def speaking(client, user, language):
    client.force_login(prefer(user, language))
    return client


def test_dashboard_links_to_each_section(admin_client, home):
    MemberStatesIndexPageFactory(parent=home)
    panel = (
        parse(admin_client.get("/admin/")).find(id="sections-panel-heading").find_parent("section")
    )
    assert "Estados miembros" in text(panel)


def shown_titles(elements):
    """(text, lang) of each element, lang being that of the element or of a child with one."""
    shown = []
    for element in elements:
        marked = element if element.has_attr("lang") else element.find(attrs={"lang": True})
        shown.append((text(element), marked["lang"] if marked else None))
    return shown


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "es",
            [("Estados miembros", None), ("Rondas", None), ("Noticias (borrador)", None)],
        ),
        # A title with no English falls back to the Spanish one, marked as such.
        ("en", [("Member States", None), ("Rondas", "es"), ("News (draft)", None)]),
    ],
)
def test_dashboard_panels_name_pages_in_the_users_language(
    client, admin_user, home, language, expected
):
    MemberStatesIndexPageFactory(parent=home)
    rounds = RoundsIndexPageFactory(parent=home)
    Page.objects.filter(pk=rounds.pk).update(title_en="")
    # A renamed draft: the panels read its titles, in each language (Wagtail's draft_title
    # keeps one, the last editor's).
    news = NewsIndexPageFactory(parent=home)
    news.title_es, news.title_en = "Noticias (borrador)", "News (draft)"
    news.save_revision()

    html = parse(speaking(client, admin_user, language).get("/admin/"))
    sections = html.find(id="sections-panel-heading").find_parent("section")
    assert shown_titles(sections.select("li > a:first-child")) == expected
    translations = html.find(id="sections-heading").find_parent("section")
    assert shown_titles(translations.select("tbody th")) == expected


def templates_of_the_project():
    from django.conf import settings

    base = Path(settings.BASE_DIR)
    return [
        path
        for path in base.glob("**/templates/**/*.html")
        if not {".venv", "node_modules", "staticfiles"} & set(path.relative_to(base).parts)
    ]


def test_every_sideways_scrolling_box_is_a_named_region_the_keyboard_can_scroll():
    """static/css/admin-editor.css draws the cue that there is more to the side; the attributes
    make the box reachable and named for keyboard and screen-reader users."""
    import re

    boxes = {}
    for path in templates_of_the_project():
        for tag in re.findall(r"<div[^>]*qp-scroll-x[^>]*>", path.read_text()):
            boxes.setdefault(path.name, []).append(tag)
    assert len(boxes) >= 4  # the queue, the status, the site languages and their confirmation
    for name, tags in boxes.items():
        for tag in tags:
            assert 'role="region"' in tag, name
            assert re.search(r"aria-label=\"\{% translate '[^']+' %\}\"", tag), name
            assert 'tabindex="0"' in tag, name


OUR_APPS = {"core", "translation_queue", "site_languages", "interface_strings", "staff_guide"}
MENUS = [
    "register_admin_menu_item",
    "register_reports_menu_item",
    "register_settings_menu_item",
    "register_help_menu_item",
]


def page_title(client, url):
    html = parse(client.get(url))
    return text(html.select_one("#header-title") or html.select_one("h1"))


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_link_to_one_of_our_admin_pages_names_it_by_its_title(client, admin_user, home, language):
    """A menu entry or a link of our own screens says the title of the page it opens ("Estado
    de las traducciones", not "Páginas × idiomas"); the numbers and buttons that open a filtered
    view or an action name what they do."""
    from urllib.parse import urlsplit

    from django.utils import translation
    from wagtail import hooks

    admin = speaking(client, admin_user, language)
    titles, entries = {}, []
    with translation.override(language):
        for menu in MENUS:
            for register in hooks.get_hooks(menu):
                if register.__module__.split(".")[0] in OUR_APPS:
                    item = register()
                    entries.append((str(item.label), item.url))
    assert len(entries) >= 5
    for label, url in entries:
        titles[url] = page_title(admin, url)
        assert label == titles[url], url
    for _label, url in entries:
        for link in parse(admin.get(url)).select("main a[href]:not(.button)"):
            target = urlsplit(link["href"])
            if target.query or target.path == url or target.path not in titles:
                continue
            assert titles[target.path].casefold() in text(link).casefold(), (url, text(link))


def test_admin_carries_the_portals_name_and_logo(client, db):
    page = parse(client.get("/admin/login/"))
    assert "Proceso de Quito" in text(page.h1)
    assert page.select_one('img[src$="img/logo.svg"]')


def test_scheduled_publishing_publishes_a_page_when_its_time_comes(home):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    page = StandardPageFactory(parent=home, live=False)
    page.go_live_at = timezone.now() - datetime.timedelta(minutes=1)
    page.save_revision(approved_go_live_at=page.go_live_at)
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live
