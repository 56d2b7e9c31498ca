"""Which search the database can do, and PostgreSQL's text search configuration per language.

The configurations are made by the migrations (search/migrations/0002_postgresql.py): each copies
PostgreSQL's own for the language (its stemmer and stop words) and puts `unaccent` before the
stemmer, so `educacion`, `Educación` and `EDUCACIÓN` are one word. A language of the site without
its own configuration is searched with `simple_unaccent` (no stemming, no stop words).
"""

from django.conf import settings
from django.db import connection

# Language code -> (PostgreSQL's configuration it copies, the name of ours).
CONFIGURATIONS = {
    "es": ("spanish", "es_unaccent"),
    "en": ("english", "en_unaccent"),
    "pt": ("portuguese", "pt_unaccent"),
}
FALLBACK_CONFIGURATION = "simple_unaccent"


def full_text():
    """PostgreSQL's full-text search; otherwise (SQLite) the simple search."""
    return connection.vendor == "postgresql"


def configuration(language):
    return CONFIGURATIONS.get(language, (None, FALLBACK_CONFIGURATION))[1]


def configuration_sql(column):
    """SQL naming the configuration of the language held in `column` (a constant CASE)."""
    cases = " ".join(
        f"WHEN '{code}' THEN '{name}'::regconfig" for code, (_base, name) in CONFIGURATIONS.items()
    )
    return f"(CASE {column} {cases} ELSE '{FALLBACK_CONFIGURATION}'::regconfig END)"


def auto_update():
    """Whether publishing and unpublishing update the index at once. SITE_SEARCH_AUTO_UPDATE,
    else the default Wagtail search backend's AUTO_UPDATE (on unless a setting turns it off;
    the test settings do, and the search tests turn it on)."""
    explicit = getattr(settings, "SITE_SEARCH_AUTO_UPDATE", None)
    if explicit is not None:
        return bool(explicit)
    backend = getattr(settings, "WAGTAILSEARCH_BACKENDS", {}).get("default", {})
    return bool(backend.get("AUTO_UPDATE", True))
