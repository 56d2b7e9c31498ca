"""The portal's own guide for staff and translators, opened from the admin's Help menu in the
admin user's language, in place of Wagtail's English guide (staff_guide/)."""

import json

import pytest
from django.urls import reverse

from staff_guide import guide

from .html import parse, text
from .moderation import prefer

pytestmark = pytest.mark.django_db

TITLES = {
    "es": {
        "guide": "Guía del portal",
        "editing": "Edición y moderación",
        "roles": "Funciones del personal",
    },
    "en": {"guide": "Portal guide", "editing": "Editing and moderation", "roles": "Staff roles"},
}
NOT_FOUND = {"es": "Este tema no está en la guía", "en": "This topic is not in the guide"}
WAGTAILS_GUIDE = "guide.wagtail.org"


@pytest.fixture(params=["es", "en"])
def language(request):
    return request.param


@pytest.fixture
def editor_client(client, staff, language):
    client.force_login(prefer(staff("editora", "Editors"), language))
    return client


def help_menu_items(response):
    """The Help submenu's items as the sidebar receives them (label, url), in order."""
    props = json.loads(parse(response).select_one("#wagtail-sidebar-props").string)

    def find(node):
        if isinstance(node, dict):
            args = node.get("_args")
            if node.get("_type", "").endswith("SubMenuItem") and args[0].get("name") == "help":
                return [
                    (item["_args"][0]["label"], item["_args"][0].get("url")) for item in args[1]
                ]
            node = list(node.values())
        if isinstance(node, list):
            for child in node:
                found = find(child)
                if found is not None:
                    return found
        return None

    return find(props)


def main(response):
    return parse(response).select_one("main")


def test_the_help_menus_first_entry_opens_the_portal_guide(editor_client, language):
    items = help_menu_items(editor_client.get(reverse("wagtailadmin_home")))
    assert items[0] == (TITLES[language]["guide"], reverse("staff_guide"))
    assert not any(WAGTAILS_GUIDE in (url or "") for _, url in items)


def test_the_dashboard_links_to_the_portal_guide_not_wagtails(editor_client, language):
    response = editor_client.get(reverse("wagtailadmin_home"))
    assert WAGTAILS_GUIDE not in response.content.decode()
    links = [a for a in main(response).select("a") if a["href"] == reverse("staff_guide")]
    assert [text(a) for a in links] == [TITLES[language]["guide"]]


def test_the_guides_contents_list_every_topic_in_the_users_language(editor_client, language):
    page = parse(editor_client.get(reverse("staff_guide")))
    assert page.html["lang"] == language
    assert text(page.select_one("main h1")) == TITLES[language]["guide"]
    topics = {text(a): a["href"] for a in page.select("main nav > ol > li > a")}
    assert topics[TITLES[language]["editing"]] == reverse("staff_guide_topic", args=["editing"])
    assert len(topics) == len(guide.TOPICS)


def test_a_topic_shows_in_the_users_language_with_its_headings_and_their_contents(
    editor_client, language
):
    page = parse(editor_client.get(reverse("staff_guide_topic", args=["editing"])))
    assert page.html["lang"] == language
    assert text(page.select_one("main h1")) == TITLES[language]["editing"]
    headings = {text(h): h.get("id") for h in page.select("main article h2")}
    assert TITLES[language]["roles"] in headings
    contents = {text(a): a["href"] for a in page.select("main nav a")}
    assert contents[TITLES[language]["roles"]] == "#" + headings[TITLES[language]["roles"]]
    assert not page.select("main [lang]")  # written in the reader's language: nothing marked


@pytest.mark.parametrize("slug", guide.TOPICS)
def test_every_topic_is_written_in_the_language_and_its_headings_are_in_order(
    editor_client, language, slug
):
    assert guide.topic(slug, language).language == language
    page = parse(editor_client.get(reverse("staff_guide_topic", args=[slug])))
    levels = [int(h.name[1]) for h in page.select("main h1, main h2, main h3, main h4")]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(later <= earlier + 1 for earlier, later in zip(levels, levels[1:], strict=False))
    ids = [h["id"] for h in page.select("main article [id]")]
    targets = [a["href"][1:] for a in page.select("main nav a[href^='#']")]
    assert targets == ids and len(set(ids)) == len(ids)


def test_a_portuguese_reader_gets_the_spanish_guide_marked_as_spanish(client, staff):
    client.force_login(prefer(staff("editora", "Editors"), "pt"))
    page = parse(client.get(reverse("staff_guide_topic", args=["editing"])))
    assert page.html["lang"] == "pt"
    title = page.select_one("main h1")
    assert text(title) == TITLES["es"]["editing"]
    assert title.find_parent(attrs={"lang": "es"})
    assert page.select_one("main article")["lang"] == "es"


def test_an_unknown_topic_is_not_found_in_the_users_language(editor_client, language):
    response = editor_client.get(reverse("staff_guide_topic", args=["no-such-topic"]))
    assert response.status_code == 404
    page = parse(response)
    assert page.html["lang"] == language
    assert text(page.select_one("main h1")) == NOT_FOUND[language]


@pytest.mark.parametrize("url", ["/admin/guide/", "/admin/guide/editing/"])
def test_a_visitor_who_is_not_signed_in_is_sent_to_the_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_a_user_without_admin_access_cannot_read_the_guide(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("visitante", password="x"))
    response = client.get(reverse("staff_guide_topic", args=["editing"]))
    assert response.status_code == 302
    assert TITLES["es"]["roles"] not in response.content.decode()


def test_html_written_in_the_guide_is_shown_as_text_never_run():
    _, html, sections = guide.render(
        "# Tema\n\n## Uno <b>dos</b>\n\n<script>alert(1)</script>\n\n[enlace](javascript:alert(1))"
    )
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html
    assert 'href="javascript:' not in html
    assert sections[0].title == "Uno <b>dos</b>"  # escaped by the template, as any text
