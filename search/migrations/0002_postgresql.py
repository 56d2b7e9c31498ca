"""PostgreSQL's part of the site search: the unaccent and pg_trgm extensions, a text search
configuration per language (the language's own, with unaccent before its stemmer), the GIN index
of the entries' vectors and the trigram index of the suggestions' vocabulary. Nothing on SQLite.

Creating an extension needs a superuser or a trusted extension (both are trusted since
PostgreSQL 13, so a database owner may create them).
"""

from django.db import migrations

CONFIGURATIONS = [
    # (name, PostgreSQL's configuration copied, its stemmer)
    ("es_unaccent", "spanish", "spanish_stem"),
    ("en_unaccent", "english", "english_stem"),
    ("simple_unaccent", "simple", "simple"),
]


class PostgreSQLOnly(migrations.RunSQL):
    """RunSQL that does nothing on another database (SQLite, the zero-setup default)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def configuration_sql(name, base, stemmer):
    # Accented words (and words with accented parts) go through unaccent, then the stemmer;
    # plain ASCII words keep the language's own mapping.
    return (
        f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}; "
        f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{base}); "
        f"ALTER TEXT SEARCH CONFIGURATION {name} "
        f"ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {stemmer};"
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        # Never dropped when migrating back: other parts of a database may use them.
        *[
            PostgreSQLOnly(f"CREATE EXTENSION IF NOT EXISTS {name};", migrations.RunSQL.noop)
            for name in ("unaccent", "pg_trgm")
        ],
        *[
            PostgreSQLOnly(
                configuration_sql(name, base, stemmer),
                f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name};",
            )
            for name, base, stemmer in CONFIGURATIONS
        ],
        PostgreSQLOnly(
            "CREATE INDEX search_entry_vector ON search_searchentry USING gin (search_vector);",
            "DROP INDEX IF EXISTS search_entry_vector;",
        ),
        PostgreSQLOnly(
            "CREATE INDEX search_word_trigram ON search_searchword USING gin (word gin_trgm_ops);",
            "DROP INDEX IF EXISTS search_word_trigram;",
        ),
    ]
