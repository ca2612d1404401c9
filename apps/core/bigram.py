"""Finding names that contain a few given characters, through an index on PostgreSQL.

People search Chinese names by two characters or more ('博爱', '志愿'). A `__contains` on
its own reads every row, and a pg_trgm index (apps/core/trigram.py) cannot help with two
characters: it looks up runs of three. So PostgreSQL indexes each searched column by its
character pairs: `wuxi_bigrams(text)` is the set of distinct pairs of adjacent characters
(lower case), and a GIN index on `wuxi_bigrams(column)` finds the rows whose pairs include
every pair of the query. That narrows the rows; the substring match itself (pairs can
appear in another order) then decides, so the answer is what `__contains` gives.

`name_contains()` builds that condition; on SQLite, and for a single character, it is
the plain `__contains` (or `__icontains`). `bigram_indexes()` is the migration operation
that creates the function and the indexes on PostgreSQL.

The function is only quick inside its index: evaluated on a row (a filter) it costs about
13 µs, a hundred times a LIKE. Its declared COST tells the planner so, and a query already
narrowed to a few thousand rows by another index (one district's part of a list) asks for
the plain match (`use_index=False`).
"""

from collections.abc import Iterable

from django.db import connection, migrations
from django.db.models import BooleanField, F, Func, Q, Value

from .pgindexes import postgresql_gin_indexes

FUNCTION = "wuxi_bigrams"
CREATE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}(value text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 1000 AS $$
    SELECT ARRAY(
        SELECT DISTINCT substr(lower(value), i, 2)
        FROM generate_series(1, char_length(value) - 1) AS i
    )
$$
"""


class HasPairsOf(Func):
    """`wuxi_bigrams(column) @> wuxi_bigrams(text)`: the column holds every character pair
    of the text (PostgreSQL only). The text's pairs are computed by the same function, so
    that both sides agree on lower case."""

    function = FUNCTION
    arg_joiner = f") @> {FUNCTION}("
    output_field = BooleanField()
    conditional = True

    def __init__(self, column: str, text: str):
        super().__init__(F(column), Value(text))


def name_contains(
    fields: Iterable[str], text: str, *, ignore_case: bool = False, use_index: bool = True
) -> Q:
    """Rows where any of `fields` contains `text` (as `__contains`, or `__icontains`),
    through the fields' bigram indexes on PostgreSQL when the text has two characters.
    Every field given must have such an index, unless `use_index` is False.

    A text without upper- or lower-case letters (Chinese, digits) is the same in any case,
    and is matched as it is even when `ignore_case` asks: no name is upper-cased for it,
    and the planner reads how many rows match from the column's statistics (it has none
    for UPPER(name), and guessed one row where two thousand matched)."""
    cased = text.upper() != text.lower()
    lookup = "icontains" if ignore_case and cased else "contains"
    indexed = use_index and connection.vendor == "postgresql" and len(text) >= 2
    condition = Q()
    for field in fields:
        match = Q(**{f"{field}__{lookup}": text})
        condition |= Q(HasPairsOf(field, text)) & match if indexed else match
    return condition


def bigram_indexes(table: str, indexes: dict[str, str]) -> migrations.RunPython:
    """Create (or, backwards, drop) the GIN index named each key of `indexes` on the pairs
    of the column of its value, in `table`, on PostgreSQL; SQLite has no such index."""
    return postgresql_gin_indexes(
        table,
        {index: f"{FUNCTION}({column})" for index, column in indexes.items()},
        setup=(CREATE_FUNCTION,),
    )
