"""GIN indexes that only PostgreSQL has, as a migration operation (SQLite keeps its scan)."""

from django.db import migrations


def postgresql_gin_indexes(
    table: str, indexes: dict[str, str], *, setup: tuple[str, ...] = ()
) -> migrations.RunPython:
    """Create (or, backwards, drop) the GIN index named each key of `indexes` on the
    expression of its value, in `table`, on PostgreSQL, after running the `setup`
    statements (an extension, a function)."""

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in setup:
            schema_editor.execute(statement)
        for index, expression in indexes.items():
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin ({expression})"
            )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for index in indexes:
                schema_editor.execute(f"DROP INDEX IF EXISTS {index}")

    return migrations.RunPython(create, drop, elidable=False)
