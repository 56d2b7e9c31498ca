"""Portuguese's text search configuration: unaccent, then Portuguese stemming (as 0002 does for
Spanish and English)."""

import importlib

from django.db import migrations

postgresql = importlib.import_module("search.migrations.0002_postgresql")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_postgresql")]

    operations = [
        postgresql.PostgreSQLOnly(
            postgresql.configuration_sql("pt_unaccent", "portuguese", "portuguese_stem"),
            "DROP TEXT SEARCH CONFIGURATION IF EXISTS pt_unaccent;",
        )
    ]
