"""Trigram indexes on AED sites' names and addresses, on PostgreSQL: a search of three or
more characters finds the sites through them instead of reading every site (see
organizations 0006 for the extension; shorter searches keep the scan). Nothing on
SQLite."""

from django.db import migrations

INDEXES = {"aed_site_name_trgm": "name", "aed_site_address_trgm": "address"}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for index, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index} ON aed_aedsite USING gin ({column} gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for index in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [
        ("aed", "0008_newest_inspection_on_site"),
        ("organizations", "0006_name_trigram_index"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
