"""Paging a long list made of groups whose sizes are known, without counting or sorting it.

The public lists of AED sites, organizations and Boai homes run to tens of thousands of
rows in an order (district, then kind, then name) that no single index gives. Their
tallies say how many rows each group holds, so a page's slice is known to fall on given
groups at given offsets; each group is then read through an index that gives its own
order (district, kind, name, id), touching only the rows shown (and the offset within
the first group), never the whole table.
"""

from collections.abc import Callable, Iterable, Iterator, Sequence

from django.db.models import QuerySet, Value


class GroupedList:
    """A list for Django's Paginator (`count()`, `len()` and slices of step 1) made of
    `groups`, `(count, queryset)` pairs in the list's order: each queryset holds the
    group's rows, read in `order` (which an index should give), and the count says how
    many there are (from a tally: the list never counts them).

    A slice reads each group it falls on by its keys alone, the group's index range from
    the offset inside it, then `rows` (a queryset of the model, e.g. with annotations or
    `only()`) for those keys:

    - by default in one query, the UNION ALL of the groups' parts, each `rows` filtered
      by its keys' subquery and ordered by group, then `order`;
    - with `keys_first`, the keys of each group in a query of its own, then the rows in
      one more (`in_bulk`): for rows too costly to read in a compound query.

    A group may be given as a function that returns its queryset, called only when a
    slice falls on it: building a queryset costs more than the query that reads a page
    when there are dozens of groups.

    `attach`, if given, is called with each row a slice returns (e.g. to set a relation
    from a dict rather than by a join).
    """

    def __init__(
        self,
        groups: Iterable[tuple[int, QuerySet | Callable[[], QuerySet]]],
        rows: QuerySet,
        *,
        order: Sequence[str] = ("name", "pk"),
        keys_first: bool = False,
        attach: Callable[[object], None] | None = None,
    ):
        self.groups = [(n, qs) for n, qs in groups if n > 0]
        self.rows = rows
        self.order = tuple(order)
        self.keys_first = keys_first
        self.attach = attach

    def count(self) -> int:
        return sum(n for n, _qs in self.groups)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("GroupedList only takes slices of step 1.")
        found = self.read(*index.indices(self.count())[:2])
        if self.attach is not None:
            for row in found:
                self.attach(row)
        return found

    def spans(self, start: int, stop: int) -> Iterator[tuple[int, QuerySet, int, int]]:
        """(group number, group, low, high) for each group that the list's rows
        start..stop fall on, low..high being their offsets inside the group."""
        before = 0
        for number, (n, group) in enumerate(self.groups):
            if before >= stop:
                break
            low, high = max(start - before, 0), min(stop - before, n)
            if low < high:
                yield number, (group() if callable(group) else group), low, high
            before += n

    def read(self, start: int, stop: int, rows: QuerySet | None = None) -> list:
        """The list's rows start..stop (past the end: none), read from `rows` (by default
        the list's own; e.g. a `values()` queryset for dicts); `attach` is not called."""
        rows = self.rows if rows is None else rows
        spans = list(self.spans(start, min(stop, self.count())))
        if not spans:
            return []
        if self.keys_first:
            keys = [
                pk
                for _number, group, low, high in spans
                for pk in group.order_by(*self.order).values_list("pk", flat=True)[low:high]
            ]
            found = rows.order_by().in_bulk(keys)
            return [found[pk] for pk in keys if pk in found]
        parts = [
            rows.filter(pk__in=group.order_by(*self.order).values("pk")[low:high])
            .annotate(group=Value(number))
            .order_by()
            for number, group, low, high in spans
        ]
        page = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        return list(page.order_by("group", *self.order))
