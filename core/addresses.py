"""Addresses outside the language prefixes: never redirected into /es/..., never page-cached."""

UNPREFIXED_AREAS = ("/admin/", "/documents/", "/static/", "/media/", "/healthz", "/django-admin/")
