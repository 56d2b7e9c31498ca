"""Documents and search engines: public documents (the declarations) may be crawled and indexed;
a document in a collection with a view restriction answers with X-Robots-Tag: noindex and stays
out of visitors' reach exactly as Wagtail's restriction keeps it."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Collection, CollectionViewRestriction

from .factories import DocumentFactory, pdf_bytes

pytestmark = pytest.mark.django_db


def served_bytes(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture
def restricted_collection(django_user_model):
    """A collection only the members of one group may see, and one member."""
    collection = Collection.get_first_root_node().add_child(name="Reservado")
    group = Group.objects.create(name="Coordinación")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(group)
    member = django_user_model.objects.create_user("coordinadora", password="x" * 16)
    member.groups.add(group)
    return {"collection": collection, "member": member}


def test_robots_txt_lets_crawlers_reach_documents(client):
    rules = client.get("/robots.txt").content.decode().splitlines()
    assert "Disallow: /documents/" not in rules
    assert "Disallow: /admin/" in rules


def test_a_public_document_is_served_without_noindex(client):
    document = DocumentFactory(title="Declaración de Quito")
    response = client.get(document.url)
    assert response.status_code == 200
    assert served_bytes(response) == pdf_bytes()
    assert "X-Robots-Tag" not in response


def test_a_restricted_document_stays_out_of_reach_and_says_noindex(client, restricted_collection):
    document = DocumentFactory(collection=restricted_collection["collection"])
    response = client.get(document.url)
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert response["X-Robots-Tag"] == "noindex"
    assert pdf_bytes() not in served_bytes(response)


def test_a_restricted_document_read_by_a_member_says_noindex(client, restricted_collection):
    document = DocumentFactory(collection=restricted_collection["collection"])
    client.force_login(restricted_collection["member"])
    response = client.get(document.url)
    assert response.status_code == 200
    assert served_bytes(response) == pdf_bytes()
    assert response["X-Robots-Tag"] == "noindex"


def test_a_document_under_a_restricted_collection_says_noindex(client, restricted_collection):
    inner = restricted_collection["collection"].add_child(name="Actas")
    document = DocumentFactory(collection=inner)
    response = client.get(document.url)
    assert response.status_code == 302
    assert response["X-Robots-Tag"] == "noindex"


def test_a_password_protected_document_shows_the_form_with_noindex(client):
    collection = Collection.get_first_root_node().add_child(name="Con contraseña")
    CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="contraseña-de-prueba",
    )
    document = DocumentFactory(collection=collection)
    response = client.get(document.url)
    assert response.status_code == 200
    assert b'name="password"' in served_bytes(response)
    assert pdf_bytes() not in served_bytes(response)
    assert response["X-Robots-Tag"] == "noindex"


@pytest.mark.parametrize(
    ("language", "heading"), [("es", "Página no encontrada"), ("en", "Page not found")]
)
def test_a_missing_document_is_a_404_in_the_visitors_language(client, home, language, heading):
    response = client.get("/documents/999999/nada.pdf", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    assert heading in response.content.decode()
