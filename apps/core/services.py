"""Services shared by every area: state changes that are the same whatever the model."""

from weakref import WeakKeyDictionary

from django.db import models, transaction

from .images import make_thumbnail


def thumbnail_save(*, instance: models.Model, image_field: str, thumbnail_field: str) -> None:
    """Save `instance` with the thumbnail of its image in step with the image.

    A new or replaced image gets a new thumbnail; a cleared image loses it. An image
    left as it was keeps its thumbnail, so a thumbnail is made once per upload.
    Raises ValidationError when the image cannot be read.
    """
    image = getattr(instance, image_field)
    thumbnail = getattr(instance, thumbnail_field)
    old_thumbnail = thumbnail.name
    with transaction.atomic():
        stored = (
            type(instance)
            ._default_manager.filter(pk=instance.pk)
            .values_list(image_field, flat=True)
            .first()
            if instance.pk is not None
            else None
        )
        if not image:
            setattr(instance, thumbnail_field, "")
        elif image.name != stored or not image._committed:
            content = make_thumbnail(image)
            thumbnail.save(content.name, content, save=False)
        instance.save()
        if old_thumbnail and getattr(instance, thumbnail_field).name != old_thumbnail:
            # Thumbnails are derived and kept out of the history, so the old file can go,
            # but only once the new state is committed.
            storage = thumbnail.storage
            transaction.on_commit(lambda: storage.delete(old_thumbnail))


def on_commit_once(func, using=None, *, robust: bool = False) -> None:
    """`transaction.on_commit(func)`, unless `func` already waits for this transaction's
    commit: a transaction that saves a thousand records then runs it once.

    A callback registered inside a savepoint that rolls back is dropped with it (Django
    tells nobody), so a registration is relied on only while it is still among the
    connection's commit hooks; the next call then registers `func` again. One that is
    there serves the current write too: each savepoint it was registered in is released
    or still open around this write, and rolling one of those back undoes this write as
    well. A registration that has run is forgotten (a test's
    `django_capture_on_commit_callbacks` runs hooks without a commit).
    """
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        transaction.on_commit(func, using=using, robust=robust)  # runs at once
        return
    waiting = _waiting.setdefault(connection, {})
    if func in waiting and _still_registered(connection, waiting[func]):
        return

    def hook():
        if waiting.get(func, [None])[0] is hook:
            del waiting[func]
        func()

    transaction.on_commit(hook, using=using, robust=robust)
    waiting[func] = [hook, len(connection.run_on_commit) - 1]


# Per connection: func -> [the hook that runs it, its index among the connection's commit
# hooks when last seen], while it waits for a commit.
_waiting: WeakKeyDictionary = WeakKeyDictionary()


def _still_registered(connection, entry: list) -> bool:
    # run_on_commit: Django's list of (savepoint ids, callback, robust), which its own
    # test helpers (captureOnCommitCallbacks) read as well. Where the hook was last seen
    # is checked first, so that a write costs no scan of a long list.
    hook, place = entry
    hooks = connection.run_on_commit
    if place < len(hooks) and hooks[place][1] is hook:
        return True
    for place, (_savepoints, registered, _robust) in enumerate(hooks):
        if registered is hook:  # moved by a savepoint rollback
            entry[1] = place
            return True
    return False
