"""Trigram indexes for "name contains …" on PostgreSQL, as a migration operation.

A search of a name or address by a few characters in the middle (`__contains`) reads
every row unless a pg_trgm GIN index serves it; such an index finds any substring of
three or more characters (two give pg_trgm nothing to look up, and keep the scan).
pg_trgm ships with PostgreSQL and is a trusted extension: the database's owner may create
it. SQLite has no such index: the operation does nothing there.
"""

from django.db import migrations


def trigram_indexes(table: str, indexes: dict[str, str]) -> migrations.RunPython:
    """Create (or, backwards, drop) the GIN trigram index named each key of `indexes` on
    the column of its value, in `table`, on PostgreSQL."""

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for index, column in indexes.items():
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin ({column} gin_trgm_ops)"
            )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for index in indexes:
                schema_editor.execute(f"DROP INDEX IF EXISTS {index}")

    return migrations.RunPython(create, drop, elidable=False)
