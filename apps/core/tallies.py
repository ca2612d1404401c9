"""Tallies: small tables of counts and sums per month and dimension, kept exact on every write.

A public page must not count millions of trainees or donations on each request. Each
large table has a tally (a model in its area) with one row per month and dimension
(fund, district, ...) holding what the selectors sum. A tally row is never adjusted by
a delta: whenever a record is saved or deleted, the rows of the keys it leaves and
enters are counted again from the records, under a lock per key, inside the writer's
transaction. So a tally is always exactly what counting the records would give, after
admin edits, services, imports, voids and deletes alike, and concurrent writers cannot
interleave. Bulk writers that bypass `save()` (the demo data's COPY) call `rebuild()`.

The hook is a pair of model signals rather than a call in each service: records are
written by services, admin forms, admin actions and imports, and a tally kept by each of
them would be forgotten by one.

Selectors read a tally with `tally_totals()`: whole months inside the period come from
the tally; the days of a period that starts or ends mid-month from the records (never
with the default period, which runs from a month's first day to another's last).
"""

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection, models, transaction
from django.db.models import F, Q, Sum
from django.db.models.functions import ExtractYear
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

MONTH = "month"


@dataclass(frozen=True)
class Tally:
    """How a tally model is computed from its records.

    - `model`: the tally table; fields `month` (first day, when `month` is set), the
      dimensions and the sums.
    - `records`: the records counted (e.g. valid donations), as a queryset factory.
    - `month`: expression giving a record's month (a DateField truncated to the month);
      None for a tally without time.
    - `day_between`: filters `records` to an inclusive range of days (for ragged edges).
    - `day_year`: expression giving a record's year, for per-year series on ragged edges.
    - `dims`: tally field -> expression over the records (`F("session__district")`).
    - `sums`: tally field -> aggregate over the records (`Count("id")`, `Sum("amount")`).
    - `follows`: other model -> lookup from a record to it, for models whose changes move
      records between keys (a session moved to another district moves its trainees).
    """

    model: type[models.Model]
    records: Callable[[], models.QuerySet]
    dims: dict[str, models.Expression]
    sums: dict[str, models.Aggregate]
    month: models.Expression | None = None
    day_between: Callable[[models.QuerySet, date, date], models.QuerySet] | None = None
    day_year: models.Expression | None = None
    follows: dict[type[models.Model], str] = field(default_factory=dict)

    @property
    def source(self) -> type[models.Model]:
        return self.records().model

    @property
    def key_fields(self) -> list[str]:
        return ([MONTH] if self.month is not None else []) + list(self.dims)

    def _annotated(self, queryset):
        annotations = dict(self.dims)
        if self.month is not None:
            annotations[MONTH] = self.month
        return queryset.annotate(**{f"_k_{k}": v for k, v in annotations.items()})

    def keys_where(self, condition: Q) -> set[tuple]:
        """The keys of the records matching `condition`, counted or not (a voided donation
        keeps the key it had when it was valid)."""
        qs = self._annotated(self.source._base_manager.filter(condition)).order_by()
        names = [f"_k_{k}" for k in self.key_fields]
        return set(qs.values_list(*names).distinct())

    def _columns(self, values: dict) -> dict:
        # Keys hold ids: give them to foreign keys by their attname (fund_id).
        return {self.model._meta.get_field(k).attname: v for k, v in values.items()}

    def refresh(self, keys: Iterable[tuple]) -> None:
        """Count the tally rows of `keys` again from the records."""
        for key in sorted(keys, key=repr):
            values = dict(zip(self.key_fields, key, strict=True))
            _lock(self.model, key)
            self.model.objects.filter(**values).delete()
            records = self.records()
            if self.month is not None:
                month = values[MONTH]
                records = self.day_between(records, month, _month_end(month))
            records = self._annotated(records).filter(
                **{f"_k_{k}": v for k, v in values.items() if k != MONTH}
            )
            row = records.order_by().aggregate(**self.sums)
            if any(row.values()):
                self.model.objects.create(
                    **self._columns(values), **{name: value or 0 for name, value in row.items()}
                )

    def rebuild(self) -> None:
        """Count the whole tally again (after a bulk load that bypassed `save()`)."""
        self.model.objects.all().delete()
        names = {f"_k_{k}": k for k in self.key_fields}
        rows = self._annotated(self.records()).order_by().values(*names).annotate(**self.sums)
        self.model.objects.bulk_create(
            [
                self.model(
                    **self._columns({names[k]: v for k, v in row.items() if k in names}),
                    **{name: row[name] or 0 for name in self.sums},
                )
                for row in rows
            ],
            batch_size=2000,
        )


def _month_end(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _lock(model, key) -> None:
    """Serialise recounts of one key across concurrent transactions (PostgreSQL): the
    second waits, then counts with a snapshot that includes the first's commit."""
    if connection.vendor != "postgresql":
        return  # SQLite runs one writer at a time
    digest = hashlib.blake2b(f"{model._meta.label}:{key!r}".encode(), digest_size=8).digest()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(digest, "big", signed=True)]
        )


def tally_totals(
    tally: Tally, start: date | None, end: date | None, *, by=(), filters=None, tally_filters=None
):
    """Sums of `tally` over the days start..end (None: unbounded), grouped by `by` (tally
    fields, lookups through them such as "project__region" that read the same on the
    records, or "year"). Returns a list of dicts (one dict when `by` is empty).

    `filters` apply to the records (ragged edges), `tally_filters` to the tally rows; both
    say the same thing in their own terms (e.g. fund__kind="named" on both).
    """
    rows = tally.model.objects.all()
    if tally_filters:
        rows = rows.filter(**tally_filters)
    edges: list[tuple[date, date]] = []
    if tally.month is not None and (start or end):
        first, last = start, end
        if start and start.day != 1:
            first = _month_end(start) + timedelta(days=1)
            edges.append((start, min(_month_end(start), end) if end else _month_end(start)))
        if end and end != _month_end(end):
            last = end.replace(day=1) - timedelta(days=1)
            edge_start = max(end.replace(day=1), start) if start else end.replace(day=1)
            if not edges or edges[0][1] < edge_start:  # not inside the first edge already
                edges.append((edge_start, end))
        if first:
            rows = rows.filter(month__gte=first)
        if last:
            rows = rows.filter(month__lte=last)
        if first and last and first > last:
            rows = rows.none()
    group = {name: (ExtractYear(MONTH) if name == "year" else F(name)) for name in by}
    sums = {name: Sum(name) for name in tally.sums}
    found = _grouped(rows, group, sums)
    for day_from, day_to in edges:
        records = tally.day_between(tally.records(), day_from, day_to)
        if filters:
            records = records.filter(**filters)
        record_group = {
            name: (tally.day_year if name == "year" else tally.dims.get(name, F(name)))
            for name in by
        }
        for key, row in _grouped(records, record_group, tally.sums).items():
            into = found.setdefault(key, dict.fromkeys(tally.sums, 0))
            for name in tally.sums:
                into[name] = (into[name] or 0) + (row[name] or 0)
    result = [
        {**dict(zip(by, key, strict=True)), **{k: v or 0 for k, v in sums_.items()}}
        for key, sums_ in found.items()
    ]
    if not by:
        return result[0] if result else dict.fromkeys(tally.sums, 0)
    return result


def _grouped(queryset, group: dict, sums: dict) -> dict[tuple, dict]:
    if not group:
        row = queryset.order_by().aggregate(**sums)
        return {(): row} if any(v is not None for v in row.values()) else {}
    named = {f"_g_{k}": v for k, v in group.items()}
    rows = queryset.order_by().annotate(**named).values(*named).annotate(**sums)
    return {tuple(row[k] for k in named): {n: row[n] for n in sums} for row in rows}


# --- keeping tallies exact -----------------------------------------------------------------

TALLIES: list[Tally] = []


def register(tally: Tally) -> None:
    """Keep `tally` exact from now on (called from the area's AppConfig.ready)."""
    TALLIES.append(tally)
    uid = f"tally:{tally.model._meta.label}"
    _watch(tally, tally.source, lambda instance: Q(pk=instance.pk), uid)
    for model, lookup in tally.follows.items():
        _watch(tally, model, lambda instance, lookup=lookup: Q(**{lookup: instance.pk}), uid)


def _watch(tally: Tally, model, condition, uid) -> None:
    stash = f"_tally_keys_{tally.model._meta.label_lower.replace('.', '_')}"

    def before(sender, instance, **kwargs):
        if instance.pk is not None and not instance._state.adding:
            setattr(instance, stash, tally.keys_where(condition(instance)))
        else:
            setattr(instance, stash, set())

    def after(sender, instance, **kwargs):
        keys = getattr(instance, stash, set()) | tally.keys_where(condition(instance))
        if keys:
            with transaction.atomic():
                tally.refresh(keys)

    pre_save.connect(before, sender=model, weak=False, dispatch_uid=f"{uid}:pre_save:{model}")
    pre_delete.connect(before, sender=model, weak=False, dispatch_uid=f"{uid}:pre_del:{model}")
    post_save.connect(after, sender=model, weak=False, dispatch_uid=f"{uid}:post_save:{model}")
    post_delete.connect(after, sender=model, weak=False, dispatch_uid=f"{uid}:post_del:{model}")


# Other figures kept on every write as the tallies are (an AED site's copy of its newest
# inspection, the stored figures of the reporting period), each computed again by a
# function of no arguments: `manage.py tallies` calls them after a load that bypassed
# save(), in the order they were registered.
RECOUNTS: list[Callable[[], object]] = []


def register_recount(recount: Callable[[], object]) -> None:
    """Have `manage.py tallies` call `recount` too (from the area's AppConfig.ready)."""
    RECOUNTS.append(recount)


def rebuild_all() -> None:
    """Count every tally again; for loads that bypass `save()`."""
    from .pagecache import bump_on_commit

    with transaction.atomic():
        for tally in TALLIES:
            tally.rebuild()
        bump_on_commit()
