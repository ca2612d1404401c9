"""Fast inserts for large generated datasets (the demo data at --scale N).

`bulk_create` builds a model instance per row, which costs more than the database
work itself at tens of millions of rows. These helpers take plain tuples in the
order of `columns`: PostgreSQL gets them through COPY, other databases through
`executemany` in batches. Only for data that is valid by construction: no model
validation runs.
"""

from collections.abc import Callable, Iterable
from datetime import date
from itertools import islice

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone
from psycopg.copy import QueuedLibpqWriter

from .fields import MoneyField

BATCH = 20_000


def bulk_insert(
    model,
    columns: list[str],
    rows: Iterable[tuple],
    *,
    progress: Callable[[int], None] | None = None,
    rebuild_indexes: bool = False,
    text_blocks: Iterable[tuple[str, int]] | None = None,
) -> int:
    """Insert `rows` into `model`'s table; return how many were written.

    `text_blocks`, on PostgreSQL, replaces `rows`: blocks of lines already in COPY's text
    format, each given with its number of lines and each line ended by `copy_suffix()`
    (the columns left out). For tens of millions of generated rows, where formatting each
    value of each row costs more than making the row.

    Columns left out get what `Model().save()` would give them: their default, or
    the current time for `auto_now` fields. With `rebuild_indexes`, PostgreSQL drops
    the table's indexes, unique and foreign-key constraints for the load and builds
    them again after it (one sort and one join instead of a lookup per row), which
    is how large loads are done; every constraint is checked again when rebuilt.
    """
    fields = [model._meta.get_field(name) for name in columns]
    missing = _missing(model, fields)
    constants = tuple(_to_db(f, _default(f)) for f in missing)
    converters = [(i, _converter(f)) for i, f in enumerate(fields) if _converter(f)]

    def prepared(batch):
        for row in batch:
            if converters:
                row = list(row)
                for i, convert in converters:
                    row[i] = convert(row[i])
            yield (*row, *constants)

    table = connection.ops.quote_name(model._meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(f.column) for f in [*fields, *missing])
    written = 0
    rows = iter(rows or ())
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Check foreign keys row by row rather than queue millions of deferred checks;
            # this also runs the checks still pending, which DDL below would refuse to wait for.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            # One transaction for the whole load: nothing to wait for at each statement.
            cursor.execute("SET LOCAL synchronous_commit = off")
            rebuild = _drop_indexes(cursor, model._meta.db_table) if rebuild_indexes else []
            if text_blocks is not None:
                # A queued writer sends each block from a thread of its own while the next
                # block is being generated: the database ingests as Python formats.
                raw = cursor.cursor
                with raw.copy(
                    f"COPY {table} ({quoted}) FROM STDIN", writer=QueuedLibpqWriter(raw)
                ) as copy:
                    for text, count in text_blocks:
                        copy.write(text.encode())
                        written += count
                        if progress:
                            progress(count)
            while text_blocks is None and (batch := list(islice(rows, BATCH))):
                with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                    for row in prepared(batch):
                        copy.write_row(row)
                written += len(batch)
                if progress:
                    progress(len(batch))
            if rebuild:
                # Room to sort in memory: index builds on millions of rows spill to disk otherwise.
                cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            for statement in rebuild:
                cursor.execute(statement)
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            placeholders = ", ".join(["%s"] * (len(fields) + len(missing)))
            sql = f"INSERT INTO {table} ({quoted}) VALUES ({placeholders})"
            while batch := list(islice(rows, BATCH)):
                cursor.executemany(sql, list(prepared(batch)))
                written += len(batch)
                if progress:
                    progress(len(batch))
    return written


def _missing(model, fields) -> list:
    """The columns a load leaves out, but for an auto-increment primary key."""
    return [
        f
        for f in model._meta.concrete_fields
        if f not in fields and not (f.primary_key and isinstance(f, models.AutoField))
    ]


def copy_suffix(model, columns: list[str]) -> str:
    """The end of each line of `bulk_insert`'s `text_blocks`: the columns left out, newline."""
    fields = [model._meta.get_field(name) for name in columns]
    missing = _missing(model, fields)
    return "".join("\t" + copy_text(_to_db(f, _default(f))) for f in missing) + "\n"


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(value) -> str:
    """A value as COPY's text format writes it: NULL as \\N, t/f, ISO dates, escaped text."""
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, date):
        return value.isoformat()
    return str(value).translate(_COPY_ESCAPES)


def _drop_indexes(cursor, table: str) -> list[str]:
    """Drop a table's foreign keys, unique constraints and plain indexes (not its primary
    key); return the statements that create them again."""
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype IN ('f', 'u')",
        [table],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
        "JOIN pg_class i ON i.oid = x.indexrelid "
        "WHERE x.indrelid = %s::regclass AND NOT x.indisprimary "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
        [table],
    )
    indexes = cursor.fetchall()
    quote = connection.ops.quote_name
    for name, _definition in constraints:
        cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
    for name, _definition in indexes:
        cursor.execute(f"DROP INDEX {quote(name)}")
    return [definition for _name, definition in indexes] + [
        f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}"
        for name, definition in constraints
    ]


def _default(field):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return timezone.now()
    return field.get_default()


def _converter(field):
    """What the backend cannot take as it is: money (stored in fen) and, on SQLite, aware
    datetimes (stored as UTC text)."""
    if isinstance(field, MoneyField):
        return field.get_prep_value
    if isinstance(field, models.DateTimeField) and connection.vendor != "postgresql":
        return connection.ops.adapt_datetimefield_value
    return None


def _to_db(field, value):
    convert = _converter(field)
    return convert(value) if convert and value is not None else value


def reset_sequence(model) -> None:
    """After inserts with explicit ids, move PostgreSQL's id sequence past them."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(sql)
