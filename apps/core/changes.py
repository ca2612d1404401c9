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
from weakref import WeakKeyDictionary

from django.apps import apps
from django.db import models, transaction
from django.db.models import Max
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from .models import LastChange, TimeStampedModel


def watched_models() -> list[type[models.Model]]:
    return [model for model in apps.get_models() if issubclass(model, TimeStampedModel)]


def watch_models() -> None:
    for model in watched_models():
        uid = f"changes:{model._meta.label}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_changed, sender=model, dispatch_uid=uid)


# The mark each model waits for, per connection: label -> [the on_commit callback, its
# place in the connection's commit hooks when last seen].
_waiting: WeakKeyDictionary = WeakKeyDictionary()


def _changed(sender, using=None, **kwargs):
    # After the commit: a rolled-back write changed nothing, and writers of one model
    # never wait on each other for this row. Once per model and transaction: an import of
    # N rows would otherwise upsert the same row N times.
    connection = transaction.get_connection(using)
    waiting = _waiting.setdefault(connection, {})
    label = sender._meta.label
    if connection.in_atomic_block and _still_waiting(connection, waiting.get(label)):
        return
    callback = _mark_on_commit(sender, using, waiting)
    transaction.on_commit(callback, using=using)
    if connection.in_atomic_block:
        waiting[label] = [callback, len(connection.run_on_commit) - 1]


def _mark_on_commit(model, using, waiting: dict):
    label = model._meta.label

    def callback():
        if waiting.get(label, [None])[0] is callback:
            del waiting[label]
        mark(model, using=using)

    return callback


def _still_waiting(connection, entry: list | None) -> bool:
    """Whether the callback of `entry` is still among the connection's commit hooks.

    Rolling back a savepoint drops the hooks registered inside it (a rollback, all of
    them) without telling anyone, so a hook is relied on only while it is there. One
    that is there serves the current write as well: each savepoint it was registered in
    is either released or still open around the current write, and rolling one of those
    back undoes this write too.
    """
    # run_on_commit: Django's list of (savepoint ids, callback, robust), which its own
    # test helpers (captureOnCommitCallbacks) read as well.
    if entry is None:
        return False
    callback, place = entry
    hooks = connection.run_on_commit
    if place < len(hooks) and hooks[place][1] is callback:
        return True
    for place, (_sids, func, _robust) in enumerate(hooks):  # moved by a savepoint rollback
        if func is callback:
            entry[1] = place
            return True
    return False


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


def last_change(models_: Iterable[type[models.Model]]) -> datetime | None:
    """The latest change to the records of any of these models (None: never written)."""
    labels = {model._meta.label for model in models_}
    return LastChange.objects.filter(model__in=labels).aggregate(latest=Max("changed_at"))["latest"]
