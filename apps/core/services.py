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
