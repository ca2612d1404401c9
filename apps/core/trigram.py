"""Trigram indexes for "name contains …" on PostgreSQL, as a migration operation.

A search of a name or address by a few characters in the middle (`__contains`) reads
every row unless a pg_trgm GIN index serves it; such an index finds any substring of
three or more characters (two give pg_trgm nothing to look up, and keep the scan).
pg_trgm ships with PostgreSQL and is a trusted extension: the database's owner may create
it. SQLite has no such index: the operation does nothing there.
"""

from django.db import migrations

from .pgindexes import postgresql_gin_indexes


def trigram_indexes(table: str, indexes: dict[str, str]) -> migrations.RunPython:
    """Create (or, backwards, drop) the GIN trigram index named each key of `indexes` on
    the column of its value, in `table`, on PostgreSQL."""
    return postgresql_gin_indexes(
        table,
        {index: f"{column} gin_trgm_ops" for index, column in indexes.items()},
        setup=("CREATE EXTENSION IF NOT EXISTS pg_trgm",),
    )
