"""A moderator using the admin in Spanish withdraws English: «Retirar» leads to a page that states
the impact; cancelling changes nothing, confirming takes /en/ offline."""

import re

import pytest
from django.contrib.auth.models import Group, User
from wagtail.users.models import UserProfile

from .conftest import sign_in

pytestmark = [pytest.mark.xdist_group("browser_site_languages")]

PASSWORD = "una clave larga y segura"  # noqa: S105


@pytest.fixture(scope="module")
def spanish_moderator(demo_server, django_db_blocker):
    """A moderator whose admin language is Spanish, committed for the server to see."""
    with django_db_blocker.unblock():
        user = User.objects.create_user("moderadora", "m@example.org", PASSWORD)
        user.groups.add(Group.objects.get(name="Moderators"))
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "es"
        profile.save()
    return user


def open_withdrawal_of_english(page, base_url):
    page.goto(base_url + "/admin/site-languages/")
    english = page.locator("tr", has_text="/en/")
    english.get_by_role("link", name=re.compile("^Retirar")).click()
    page.wait_for_url("**/admin/site-languages/en/withdraw/")


def test_withdrawing_english_asks_for_confirmation_and_cancelling_keeps_it(
    demo_server, spanish_moderator, spanish_browser
):
    page = spanish_browser
    sign_in(page, demo_server.url, "moderadora")
    open_withdrawal_of_english(page, demo_server.url)
    assert page.locator("h1").inner_text().strip() == "Retirar inglés"
    impact = page.locator('[data-impact="pages"]').inner_text()
    assert re.match(r"\d+ páginas públicas responderán «no encontrada» \(404\) bajo /en/", impact)
    assert "/en/sitemap.xml" in page.locator('[data-impact="sitemap"]').inner_text()
    page.get_by_role("link", name="Cancelar").click()
    page.wait_for_url("**/admin/site-languages/")
    assert page.request.get(demo_server.url + "/en/").status == 200


def test_confirming_the_withdrawal_takes_english_offline(
    demo_server, spanish_moderator, spanish_browser
):
    # Changes the site: last in the module.
    page = spanish_browser
    sign_in(page, demo_server.url, "moderadora")
    open_withdrawal_of_english(page, demo_server.url)
    page.get_by_role("button", name="Sí, retirar inglés").click()
    page.wait_for_url("**/admin/site-languages/")
    assert "Inglés vuelve a estar en preparación" in page.inner_text("body")
    assert "moderadora" in page.locator("#recent-history").inner_text()
    assert page.request.get(demo_server.url + "/en/").status == 404
