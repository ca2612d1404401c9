"""When each kind of record last changed, for "data as of" without scanning big tables.

The figure and open-data pages say how current their records are. Reading the latest
`updated_at` of a million donations or ten million activities on every view would cost
more than the page; a `LastChange` row per model costs one indexed read. Every committed
save or delete of a record staff keep (a `TimeStampedModel`) moves its model's row to the
time of the commit (one upsert per model and transaction, however many of its records
the transaction wrote), so a deletion counts as a change too, which the `updated_at` of
the records left could never show. Loads that bypass `save()` (the demo data's COPY) call
`mark_all()`, which takes each table's latest `updated_at`.
"""

from collections.abc import Iterable
from datetime import datetime
from functools import partial

from django.apps import apps
from django.db import models
from django.db.models import Max
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from .models import LastChange, TimeStampedModel
from .services import on_commit_once


def watched_models() -> list[type[models.Model]]:
    return [model for model in apps.get_models() if issubclass(model, TimeStampedModel)]


def watch_models() -> None:
    for model in watched_models():
        uid = f"changes:{model._meta.label}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_changed, sender=model, dispatch_uid=uid)


def _changed(sender, using=None, **kwargs):
    # After the commit: a rolled-back write changed nothing, and writers of one model
    # never wait on each other for this row. Once per model and transaction: an import of
    # N rows would otherwise upsert the same row N times.
    key = (sender, using)
    if key not in _marks:
        _marks[key] = partial(mark, sender, using=using)
    on_commit_once(_marks[key], using=using)


# (model, database) -> its mark, one callable each, which on_commit_once() tells apart.
_marks: dict = {}


def mark(model: type[models.Model], when: datetime | None = None, *, using=None) -> None:
    LastChange.objects.using(using).bulk_create(
        [LastChange(model=model._meta.label, changed_at=when or timezone.now())],
        update_conflicts=True,
        unique_fields=["model"],
        update_fields=["changed_at"],
    )


def mark_all(*, only_missing: bool = False, using=None) -> None:
    """Each watched model's row set to its records' latest `updated_at` (after a bulk load);
    with `only_missing`, only the models that have no row yet."""
    known = set(LastChange.objects.using(using).values_list("model", flat=True))
    for model in watched_models():
        if only_missing and model._meta.label in known:
            continue
        latest = model._base_manager.using(using).aggregate(latest=Max("updated_at"))["latest"]
        if latest is not None:
            mark(model, latest, using=using)


def fill_missing(sender, using=None, **kwargs) -> None:
    """After `migrate`: a database that held records before this table existed gets its rows."""
    mark_all(only_missing=True, using=using)


def last_change(
    models_: Iterable[type[models.Model]], known: dict[str, datetime] | None = None
) -> datetime | None:
    """The latest change to the records of any of these models (None: never written);
    from `known` (`last_changes()`) without a query when given."""
    labels = {model._meta.label for model in models_}
    if known is not None:
        return max((known[label] for label in labels if label in known), default=None)
    return LastChange.objects.filter(model__in=labels).aggregate(latest=Max("changed_at"))["latest"]


def last_changes() -> dict[str, datetime]:
    """Every model's last change, model label -> time: one query for a page of many."""
    return dict(LastChange.objects.values_list("model", "changed_at"))
