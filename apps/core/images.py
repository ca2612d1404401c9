"""Thumbnails of uploaded photos and scans, made once when the image is uploaded."""

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

THUMBNAIL_SIZE = (480, 480)
THUMBNAIL_QUALITY = 82


def make_thumbnail(image) -> ContentFile:
    """A JPEG of `image` (an open file) that fits in 480×480 px, upright and without EXIF.

    EXIF goes because a phone photo can carry where and when it was taken.
    """
    try:
        image.seek(0)
        with Image.open(image) as original:
            picture = ImageOps.exif_transpose(original)
            picture.thumbnail(THUMBNAIL_SIZE)
            if picture.mode != "RGB":
                # Transparent parts become white, not black.
                rgba = picture.convert("RGBA")
                picture = Image.new("RGB", rgba.size, "white")
                picture.paste(rgba, mask=rgba.getchannel("A"))
            out = io.BytesIO()
            # Without an exif= argument Pillow writes no EXIF block.
            picture.save(out, "JPEG", quality=THUMBNAIL_QUALITY, optimize=True)
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        # OSError covers UnidentifiedImageError and truncated files.
        raise ValidationError(
            _("This file is not an image that can be read. Upload a JPEG, PNG or WebP picture."),
            code="unreadable_image",
        ) from exc
    finally:
        image.seek(0)
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")
