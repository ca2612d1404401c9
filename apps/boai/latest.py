"""Each Boai home keeps its latest star rating, exact on every write.

A home's star rating is its latest rating (highest `year`; a home has one rating a year).
Looked up per home, the list's and the map's star filter cost one probe of the ratings per
home of the district or the box, at every request. So the home keeps that rating's stars
and year in columns of its own (`LATEST_RATING_FIELDS`), and the list, the map and the
district and community pages read the homes alone.

Whenever a rating is saved or deleted, the columns of its home (of both homes when it
moves to another) are set again from that home's latest rating: one UPDATE with a
subquery per column, inside the writer's transaction. A home's own save sets them again
too, so that a home read before a rating was added cannot write stale stars back.
Only the rows are written: a home instance already in memory keeps the values it was read
with (`refresh_from_db()` reads them again).
As with the tallies (apps/core/tallies.py), the hook is a set of model signals rather than
a call in each writer: ratings are written by their admin page, tests and later imports or
services, and one of them would forget.

Loads that bypass `save()` (the demo data) fill the columns themselves, or call
`refresh_homes()` (as `manage.py tallies` does).
"""

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.db.models.signals import post_delete, post_save, pre_save

from .models import LATEST_RATING_FIELDS, BoaiHome, StarRating

_STASH = "_latest_previous_home"


def latest_facts() -> dict[str, Subquery]:
    """Home field -> its value from the home's latest rating (NULL when it has none)."""
    # One rating a home a year (boai_one_rating_a_year): the year alone orders them.
    latest = StarRating.objects.filter(home=OuterRef("pk")).order_by("-year")
    return {
        field: Subquery(latest.values(source)[:1]) for field, source in LATEST_RATING_FIELDS.items()
    }


def refresh_homes(home_ids: Iterable[int] | None = None) -> int:
    """Set the latest-rating columns of these homes (None: of every home) again from their
    ratings. Returns how many homes were written."""
    homes = BoaiHome._base_manager.order_by()
    if home_ids is not None:
        ids = sorted({pk for pk in home_ids if pk is not None})
        if not ids:
            return 0
        homes = homes.filter(pk__in=ids)
    with transaction.atomic(savepoint=False):
        if connection.vendor == "postgresql":
            # Lock the homes first, in a statement of its own: a writer that added a rating
            # to the same home commits before the UPDATE below starts, so its snapshot holds
            # that rating (an UPDATE that waited on a row lock would still read the ratings
            # as they were when it began). NO KEY: an insert of a rating holds KEY SHARE on
            # its home, which this lock does not wait for. SQLite runs one writer at a time.
            list(homes.select_for_update(no_key=True).order_by("pk").values_list("pk"))
        return homes.update(**latest_facts())


def _rating_before_save(sender, instance, raw=False, **kwargs):
    # The home the row had before this save: moving a rating changes both homes.
    previous = set()
    if instance.pk is not None and not instance._state.adding:
        previous = set(
            StarRating._base_manager.filter(pk=instance.pk).values_list("home_id", flat=True)
        )
    setattr(instance, _STASH, previous)


def _rating_saved(sender, instance, **kwargs):
    refresh_homes(getattr(instance, _STASH, set()) | {instance.home_id})


def _rating_deleted(sender, instance, origin=None, **kwargs):
    if isinstance(origin, BoaiHome) or getattr(origin, "model", None) is BoaiHome:
        return  # deleted with its home: the home goes too
    refresh_homes({instance.home_id})


def _home_saved(sender, instance, created, update_fields=None, **kwargs):
    if created:
        return  # no rating can point at a row that did not exist
    if update_fields is not None and not set(update_fields) & LATEST_RATING_FIELDS.keys():
        return  # the columns were not written
    refresh_homes({instance.pk})


def watch() -> None:
    """Keep the columns exact from now on (called from BoaiConfig.ready)."""
    uid = "boai:latest"
    pre_save.connect(_rating_before_save, sender=StarRating, weak=False, dispatch_uid=f"{uid}:pre")
    post_save.connect(_rating_saved, sender=StarRating, weak=False, dispatch_uid=f"{uid}:saved")
    post_delete.connect(
        _rating_deleted, sender=StarRating, weak=False, dispatch_uid=f"{uid}:deleted"
    )
    post_save.connect(_home_saved, sender=BoaiHome, weak=False, dispatch_uid=f"{uid}:home")
