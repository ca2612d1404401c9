"""Services shared by every area: state changes that are the same whatever the model."""

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
    commit: a transaction that saves a thousand records then runs it once. (A callback
    registered inside a savepoint that rolls back is dropped with it, and the next call
    registers it again. In a test's transaction, which never commits, a callback asked for
    before `django_capture_on_commit_callbacks` is not asked for again inside it.)"""
    connection = transaction.get_connection(using)
    if connection.in_atomic_block and any(
        registered is func for _savepoints, registered, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(func, using=using, robust=robust)
