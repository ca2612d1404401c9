"""Each AED site keeps its newest inspection's facts, exact on every write.

Readiness needs a site's newest inspection (latest `inspected_on`, then highest pk). Looked
up per site, it costs one probe of the inspections per site listed or counted, and the
district page counts every site of its district. So the site keeps that inspection's
date, result and expiry dates in columns of its own (`NEWEST_INSPECTION_FIELDS`), and
lists, counts and the nearest-AED search read the sites alone.

Whenever an inspection is saved or deleted, the columns of its site (of both sites when
it moves to another) are set again from that site's newest inspection: one UPDATE with
a subquery per column, inside the writer's transaction. A site's own save sets them again
too, so that a site read before an inspection was added cannot write stale facts back.
Only the rows are written: a site instance already in memory keeps the values it was read
with (`refresh_from_db()` reads them again).
As with the tallies (apps/core/tallies.py), the hook is a set of model signals rather than
a call in each writer: inspections are written by their admin page, the site's inline,
tests and later imports or services, and one of them would forget.

Loads that bypass `save()` (the demo data) fill the columns themselves, or call
`refresh_sites()` (as `manage.py tallies` does).
"""

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.db.models.signals import post_delete, post_save, pre_save

from .models import NEWEST_INSPECTION_FIELDS, AedInspection, AedSite

_STASH = "_newest_previous_site"


def newest_facts() -> dict[str, Subquery]:
    """Site field -> its value from the site's newest inspection (NULL when it has none)."""
    newest = AedInspection.objects.filter(site=OuterRef("pk")).order_by("-inspected_on", "-pk")
    return {
        field: Subquery(newest.values(source)[:1])
        for field, source in NEWEST_INSPECTION_FIELDS.items()
    }


def refresh_sites(site_ids: Iterable[int] | None = None) -> int:
    """Set the newest-inspection columns of these sites (None: of every site) again from
    their inspections. Returns how many sites were written."""
    sites = AedSite._base_manager.order_by()
    if site_ids is not None:
        ids = sorted({pk for pk in site_ids if pk is not None})
        if not ids:
            return 0
        sites = sites.filter(pk__in=ids)
    with transaction.atomic(savepoint=False):
        if connection.vendor == "postgresql":
            # Lock the sites first, in a statement of its own: a writer that added an
            # inspection to the same site commits before the UPDATE below starts, so its
            # snapshot holds that inspection (an UPDATE that waited on a row lock would
            # still read the inspections as they were when it began). NO KEY: an insert of
            # an inspection holds KEY SHARE on its site, which this lock does not wait for.
            # SQLite runs one writer at a time.
            list(sites.select_for_update(no_key=True).order_by("pk").values_list("pk"))
        return sites.update(**newest_facts())


def _inspection_before_save(sender, instance, raw=False, **kwargs):
    # The site the row had before this save: moving an inspection changes both sites.
    previous = set()
    if instance.pk is not None and not instance._state.adding:
        previous = set(
            AedInspection._base_manager.filter(pk=instance.pk).values_list("site_id", flat=True)
        )
    setattr(instance, _STASH, previous)


def _inspection_saved(sender, instance, **kwargs):
    refresh_sites(getattr(instance, _STASH, set()) | {instance.site_id})


def _inspection_deleted(sender, instance, origin=None, **kwargs):
    if isinstance(origin, AedSite) or getattr(origin, "model", None) is AedSite:
        return  # deleted with its site: the site goes too
    refresh_sites({instance.site_id})


def _site_saved(sender, instance, created, update_fields=None, **kwargs):
    if created:
        return  # no inspection can point at a row that did not exist
    if update_fields is not None and not set(update_fields) & NEWEST_INSPECTION_FIELDS.keys():
        return  # the columns were not written
    refresh_sites({instance.pk})


def watch() -> None:
    """Keep the columns exact from now on (called from AedConfig.ready)."""
    uid = "aed:newest"
    pre_save.connect(
        _inspection_before_save, sender=AedInspection, weak=False, dispatch_uid=f"{uid}:pre"
    )
    post_save.connect(
        _inspection_saved, sender=AedInspection, weak=False, dispatch_uid=f"{uid}:saved"
    )
    post_delete.connect(
        _inspection_deleted, sender=AedInspection, weak=False, dispatch_uid=f"{uid}:deleted"
    )
    post_save.connect(_site_saved, sender=AedSite, weak=False, dispatch_uid=f"{uid}:site")
