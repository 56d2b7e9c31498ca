"""Visitor, staff and translator journeys in a real browser."""

import re

import pytest
from django.contrib.auth.models import Group, User

from .conftest import screenshot, sign_in

pytestmark = [pytest.mark.xdist_group("browser_journeys")]

PASSWORD = "una clave larga y segura"  # noqa: S105


def test_switching_language_on_a_member_state_keeps_the_state(demo_server, open_page):
    page = open_page()
    page.goto(demo_server.url + "/es/estados-miembros/peru/")
    page.get_by_role("navigation", name="Elegir idioma").get_by_role("link", name="English").click()
    page.wait_for_url("**/en/member-states/peru/")
    assert page.locator("h1").inner_text().strip() == "Peru"
    page.get_by_role("navigation", name="Choose a language").get_by_role(
        "link", name="Español"
    ).click()
    page.wait_for_url("**/es/estados-miembros/peru/")
    assert page.locator("h1").inner_text().strip() == "Perú"


def test_the_skip_link_comes_first_and_moves_focus_to_the_main_content(demo_server, open_page):
    page = open_page()
    page.goto(demo_server.url + "/es/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    assert page.locator(".skip-link").is_visible()  # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_the_navigation_works_with_the_keyboard_and_focus_is_always_visible(demo_server, open_page):
    page = open_page()
    page.goto(demo_server.url + "/en/")
    reached = []
    for _press in range(12):
        page.keyboard.press("Tab")
        element = page.evaluate(
            "(() => { const e = document.activeElement; const s = getComputedStyle(e);"
            " return {text: e.innerText.trim(), outline: s.outlineStyle, width: s.outlineWidth}; })()"
        )
        assert element["outline"] != "none" and element["width"] != "0px", element
        reached.append(element["text"])
        if element["text"] == "Member States":
            break
    assert "Member States" in reached
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/member-states/")


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_phone_menu_works_without_javascript(demo_server, open_page, language):
    page = open_page("phone", javascript=False)
    page.goto(f"{demo_server.url}/{language}/")
    link = page.locator("nav.main-nav a").nth(1)
    assert not link.is_visible()  # collapsed behind the menu button
    page.locator("nav.main-nav summary").click()
    assert link.is_visible()
    target = link.get_attribute("href")
    link.click()
    page.wait_for_url(f"**{target}")
    screenshot(page, f"{language}-phone-no-javascript-menu")


@pytest.fixture(scope="module")
def staff_accounts(demo_server, django_db_blocker):
    """An administrator and a translator, committed so that the server can log them in."""
    with django_db_blocker.unblock():
        User.objects.create_superuser("it", "it@example.org", PASSWORD)
        translator = User.objects.create_user("traductora", "t@example.org", PASSWORD)
        translator.groups.add(Group.objects.get(name="Translators"))


# The journeys below change the demo content that the module's tests share: they come last.


def test_staff_create_and_publish_a_member_state_found_in_both_languages(
    demo_server, staff_accounts, open_page
):
    from members.models import MemberStatesIndexPage

    index = MemberStatesIndexPage.objects.get()
    page = open_page()
    sign_in(page, demo_server.url, "it")
    page.goto(f"{demo_server.url}/admin/pages/add/members/memberstatepage/{index.pk}/")
    page.select_option("#id_country", "BO")
    set_value = (
        "(element, value) => { element.value = value; element.dispatchEvent(new Event('input')); }"
    )
    page.locator("#id_intro_es").evaluate(set_value, "Bolivia se suma a los trabajos del Proceso.")
    page.locator("#id_intro_en").evaluate(set_value, "Bolivia joins the work of the Process.")
    # Wait for the post's own navigation: the add form's URL already matches /admin/pages/.
    with page.expect_navigation():
        page.locator('button[name="action-publish"]').evaluate("button => button.click()")
    screenshot(page, "staff-after-publish")

    page.goto(demo_server.url + "/es/estados-miembros/bolivia/")
    assert page.locator("h1").inner_text().strip() == "Bolivia"
    assert "se suma a los trabajos" in page.locator("main").inner_text()
    page.goto(demo_server.url + "/en/member-states/bolivia/")
    assert "joins the work of the Process" in page.locator("main").inner_text()


def test_a_translators_edit_shows_on_the_public_site(demo_server, staff_accounts, open_page):
    page = open_page()
    sign_in(page, demo_server.url, "traductora")
    page.goto(demo_server.url + "/admin/translations/?q=Skip+to+main+content")
    page.locator("table.listing").get_by_role("link", name="Skip to main content").click()
    page.fill("#id_es", "Ir directamente al contenido")
    with page.expect_navigation():
        page.locator("form:has(#id_es) button[type=submit]").click()
    screenshot(page, "translator-after-save")

    visitor = open_page()
    visitor.goto(demo_server.url + "/es/")
    assert visitor.locator(".skip-link").inner_text().strip() == "Ir directamente al contenido"
    visitor.goto(demo_server.url + "/en/")
    assert visitor.locator(".skip-link").inner_text().strip() == "Skip to main content"


@pytest.mark.parametrize(
    ("language", "menu", "title"),
    [
        ("es", "Documentos", "Declaración de Quito sobre Movilidad Humana"),
        ("en", "Documents", "Declaration of Quito on Human Mobility"),
    ],
)
def test_the_declaration_of_quito_is_two_clicks_from_the_home_page(
    demo_server, open_page, language, menu, title
):
    page = open_page("phone")
    page.goto(f"{demo_server.url}/{language}/")
    page.locator("summary.main-nav__toggle").click()
    page.locator("nav.main-nav").get_by_role("link", name=menu).click()
    page.get_by_role("link", name=title).first.click()
    assert page.locator("h1").inner_text().startswith(title)
    download = page.locator("#downloads-heading + ul a").first
    assert download.get_attribute("href").startswith("/documents/")


@pytest.mark.parametrize("javascript", [True, False])
def test_the_library_filters_to_joint_declarations_of_2020(demo_server, open_page, javascript):
    page = open_page("desktop", javascript=javascript)
    page.goto(f"{demo_server.url}/en/documents/")
    page.get_by_label("Type").select_option("joint_declaration")
    page.get_by_label("Year").select_option("2020")
    page.get_by_role("button", name="Show documents").click()
    page.wait_for_url(re.compile(r"/en/documents/\?type=joint_declaration&year=2020"))
    assert page.locator("#results-heading").inner_text().strip() == "1 document"
    assert page.locator(".publication-list__title").inner_text().strip() == "VI Joint Declaration"
