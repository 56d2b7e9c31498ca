"""Where "/" (or any path without a language prefix) sends a visitor: the language cookie, then
each Accept-Language preference in order, then Spanish, counting only the languages visitors
see. A language in preparation (Portuguese in every test database) is skipped, and the next
preference among the public languages wins; once launched, it is chosen like any other."""

import pytest

from core.i18n.launch import set_launched

pytestmark = pytest.mark.django_db


@pytest.fixture
def portuguese_launched(home, committed):
    with committed():
        set_launched("pt", True)


def redirect_for(client, accept_language, path="/"):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 302
    return response["Location"]


@pytest.mark.parametrize(
    ("accept_language", "destination"),
    [
        ("pt-BR,pt;q=0.9,en;q=0.8", "/en/"),
        ("pt-BR,pt;q=0.9,es;q=0.8,en;q=0.7", "/es/"),
        ("pt-PT,pt;q=0.9,en-US;q=0.8,es;q=0.7", "/en/"),
        ("fr-FR,pt;q=0.9,en;q=0.5", "/en/"),
        ("en;q=0.5,pt;q=0.9,es;q=0.4", "/en/"),  # by quality, not by position
        ("pt-BR,pt;q=0.9", "/es/"),  # no public language asked for: the default
        ("pt-BR,*;q=0.5,en;q=0.1", "/es/"),  # "any language" before English: the default
    ],
)
def test_a_staged_language_is_skipped_for_the_next_public_preference(
    client, home, accept_language, destination
):
    assert redirect_for(client, accept_language) == destination


def test_a_staged_language_in_the_cookie_gives_way_to_accept_language(client, home):
    client.cookies["django_language"] = "pt"
    assert redirect_for(client, "en-GB,en;q=0.9") == "/en/"
    assert redirect_for(client, "es-419,es;q=0.9") == "/es/"


def test_a_path_without_prefix_follows_the_same_preference(client, about):
    assert redirect_for(client, "pt-BR,pt;q=0.9,en;q=0.8", "/about/") == "/en/about/"
    assert redirect_for(client, "pt-BR,pt;q=0.9,es;q=0.8", "/acerca-de/") == "/es/acerca-de/"


@pytest.mark.parametrize(
    ("accept_language", "destination"),
    [
        ("pt-BR,pt;q=0.9,en;q=0.8", "/pt/"),
        ("en-GB,pt;q=0.9", "/en/"),
        ("es,pt;q=0.9", "/es/"),
    ],
)
def test_a_launched_language_is_chosen_like_any_other(
    client, portuguese_launched, accept_language, destination
):
    assert redirect_for(client, accept_language) == destination


def test_a_launched_language_in_the_cookie_wins(client, portuguese_launched):
    client.cookies["django_language"] = "pt"
    assert redirect_for(client, "en") == "/pt/"
