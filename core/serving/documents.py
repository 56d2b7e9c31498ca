"""Serving documents: public documents are for search engines too; restricted ones are not.

Wagtail's serve view (/documents/<id>/<filename>) decides who may read a document: a document in
a collection under a view restriction (login, groups or a password, its own collection's or an
ancestor's) answers with the login redirect or the password form to anyone the restriction does
not accept. This view keeps that as it is and adds `X-Robots-Tag: noindex` to every answer about
a restricted document, the file itself included: a member who can read it, or a crawler that
gets past the form, must not put it in a search index. robots.txt lets crawlers into
/documents/, so that public declarations are found (core.views.robots_txt).
"""

from wagtail.documents import get_document_model
from wagtail.documents.views.serve import serve as wagtail_serve


def is_restricted(document_id):
    """True when the document's collection, or one of its ancestors, has a view restriction.
    False for a document that does not exist (Wagtail's view answers 404)."""
    document = get_document_model().objects.filter(pk=document_id).select_related("collection")
    document = document.first()
    return document is not None and document.collection.get_view_restrictions().exists()


def serve(request, document_id, document_filename):
    response = wagtail_serve(request, document_id, document_filename)
    if is_restricted(document_id):
        response["X-Robots-Tag"] = "noindex"
    return response
