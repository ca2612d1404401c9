"""A record's columns kept equal to the fields of its newest child record, on every write.

An AED site keeps its newest inspection's facts (apps/aed/newest.py), a Boai home its
latest star rating (apps/boai/latest.py): pages then read the parents alone instead of
looking up each one's children. `NewestCopy` is that mechanism, configured by each.

Whenever a child is saved or deleted, the columns of its parent (of both parents when it
moves to another) are set again from that parent's newest child: one UPDATE with a
subquery per column, inside the writer's transaction. A parent's own save sets them again
too, so that a parent read before a child was added cannot write stale values back. Only
the rows are written: an instance already in memory keeps the values it was read with
(`refresh_from_db()` reads them again). The hook is a set of model signals rather than a
call in each writer (admin pages, inlines, tests, imports): one of them would forget.
Loads that bypass `save()` (the demo data) fill the columns themselves, or call `refresh`
(as `manage.py tallies` does).
"""

from collections.abc import Iterable

from django.db import connection, models, transaction
from django.db.models import OuterRef, Subquery
from django.db.models.signals import post_delete, post_save, pre_save


class NewestCopy:
    """`parent`'s columns `fields` (parent field -> child field) kept from its newest
    `child` (through the child's foreign key `link`, newest first by `order`)."""

    def __init__(
        self,
        parent: type[models.Model],
        child: type[models.Model],
        *,
        link: str,
        fields: dict[str, str],
        order: tuple[str, ...],
        uid: str,
    ):
        self.parent, self.child, self.link = parent, child, link
        self.link_id = child._meta.get_field(link).attname
        self.fields, self.order, self.uid = fields, order, uid
        self._stash = f"_{uid.replace(':', '_')}_previous_parent"

    def facts(self) -> dict[str, Subquery]:
        """Parent field -> its value from the parent's newest child (NULL when none)."""
        newest = self.child.objects.filter(**{self.link: OuterRef("pk")}).order_by(*self.order)
        return {field: Subquery(newest.values(source)[:1]) for field, source in self.fields.items()}

    def refresh(self, parent_ids: Iterable[int] | None = None) -> int:
        """Set the columns of these parents (None: of every one) again from their children.
        Returns how many parents were written."""
        parents = self.parent._base_manager.order_by()
        if parent_ids is not None:
            ids = sorted({pk for pk in parent_ids if pk is not None})
            if not ids:
                return 0
            parents = parents.filter(pk__in=ids)
        with transaction.atomic(savepoint=False):
            if connection.vendor == "postgresql":
                # Lock the parents first, in a statement of its own: a writer that added a
                # child to the same parent commits before the UPDATE below starts, so its
                # snapshot holds that child (an UPDATE that waited on a row lock would still
                # read the children as they were when it began). NO KEY: an insert of a
                # child holds KEY SHARE on its parent, which this lock does not wait for.
                # SQLite runs one writer at a time.
                list(parents.select_for_update(no_key=True).order_by("pk").values_list("pk"))
            return parents.update(**self.facts())

    def _child_before_save(self, sender, instance, raw=False, **kwargs):
        # The parent the row had before this save: moving a child changes both parents.
        previous = set()
        if instance.pk is not None and not instance._state.adding:
            previous = set(
                self.child._base_manager.filter(pk=instance.pk).values_list(self.link_id, flat=True)
            )
        setattr(instance, self._stash, previous)

    def _child_saved(self, sender, instance, **kwargs):
        self.refresh(getattr(instance, self._stash, set()) | {getattr(instance, self.link_id)})

    def _child_deleted(self, sender, instance, origin=None, **kwargs):
        if isinstance(origin, self.parent) or getattr(origin, "model", None) is self.parent:
            return  # deleted with its parent: the parent goes too
        self.refresh({getattr(instance, self.link_id)})

    def _parent_saved(self, sender, instance, created, update_fields=None, **kwargs):
        if created:
            return  # no child can point at a row that did not exist
        if update_fields is not None and not set(update_fields) & self.fields.keys():
            return  # the columns were not written
        self.refresh({instance.pk})

    def watch(self) -> None:
        """Keep the columns exact from now on (called from the app's ready())."""
        uid, child = self.uid, self.child
        pre_save.connect(
            self._child_before_save, sender=child, weak=False, dispatch_uid=f"{uid}:pre"
        )
        post_save.connect(self._child_saved, sender=child, weak=False, dispatch_uid=f"{uid}:saved")
        post_delete.connect(
            self._child_deleted, sender=child, weak=False, dispatch_uid=f"{uid}:deleted"
        )
        post_save.connect(
            self._parent_saved, sender=self.parent, weak=False, dispatch_uid=f"{uid}:parent"
        )
