"""Uploaded photos and scans: checked by content, re-encoded without metadata, thumbnailed.

An upload is accepted only if Pillow reads it, every pixel of it, as a JPEG, PNG or WebP
within the size and pixel limits of the settings (IMAGE_UPLOAD_MAX_BYTES,
IMAGE_UPLOAD_MAX_PIXELS); its name and declared type count for nothing. What is stored
is a new encoding of the pixels under a random name: no EXIF (a phone's photo says where
it was taken), no comments, nothing but the picture.
"""

import io
import struct
import uuid
import warnings
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

THUMBNAIL_SIZE = (480, 480)
THUMBNAIL_QUALITY = 82
PHOTO_QUALITY = 90
# Pillow's format → the format stored and its file extension. A phone's JPEG with a
# second, preview picture inside is read as MPO; it is stored as a plain JPEG.
FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP"}
OPENERS = ["JPEG", "PNG", "WEBP"]  # Pillow's JPEG opener also reads MPO
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# What of a picture's info survives re-encoding: its colours, nothing about its origin.
KEPT_INFO = ("icc_profile", "transparency")
# Marks an upload already checked, so the form and the model do not decode it twice.
CHECKED = "_wuxi_image_checked"

UNREADABLE = _("This file is not an image that can be read. Upload a JPEG, PNG or WebP picture.")


def _size(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        position = file.tell()
        size = file.seek(0, io.SEEK_END)
        file.seek(position)
    return size


@contextmanager
def _opened(file):
    """The picture in `file`, every pixel decoded, or a ValidationError saying what is wrong."""
    limit = settings.IMAGE_UPLOAD_MAX_BYTES
    if _size(file) > limit:
        raise ValidationError(
            _("The file is larger than %(limit)s. Upload a smaller picture."),
            code="file_too_large",
            params={"limit": filesizeformat(limit)},
        )
    try:
        with warnings.catch_warnings():
            # Pillow only warns about a picture of too many pixels up to twice its limit.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            file.seek(0)
            with Image.open(file, formats=OPENERS) as picture:
                _check_pixels(picture)
                picture.verify()  # the structure: chunks and their checksums
            file.seek(0)
            with Image.open(file, formats=OPENERS) as picture:
                picture.load()  # the pixels: a cut-off file fails here
                yield picture
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels() from exc
    except (OSError, ValueError, SyntaxError, EOFError, struct.error) as exc:
        # OSError covers UnidentifiedImageError (an SVG, a script) and truncated files.
        raise ValidationError(UNREADABLE, code="unreadable_image") from exc
    finally:
        file.seek(0)


def _too_many_pixels():
    return ValidationError(
        _("The picture has more than %(limit)s pixels. Upload a smaller one."),
        code="too_many_pixels",
        params={"limit": f"{settings.IMAGE_UPLOAD_MAX_PIXELS:,}"},
    )


def _check_pixels(picture):
    if picture.width * picture.height > settings.IMAGE_UPLOAD_MAX_PIXELS:
        raise _too_many_pixels()


def validate_image(file) -> None:
    """Raise ValidationError unless `file` holds a readable JPEG, PNG or WebP within limits."""
    if getattr(file, CHECKED, False):
        return
    with _opened(file):
        pass
    setattr(file, CHECKED, True)


def clean_image(file) -> ContentFile:
    """The picture of `file` encoded anew in its own format, upright, without metadata,
    under a random name. Raises ValidationError as `validate_image` does."""
    with _opened(file) as picture:
        stored_format = FORMATS[picture.format]
        clean = ImageOps.exif_transpose(picture)
        # Savers may copy EXIF, XMP or comments from the info of the picture: keep none.
        clean.info = {key: picture.info[key] for key in KEPT_INFO if key in picture.info}
        options = {}
        if stored_format == "JPEG":
            if clean.mode not in ("RGB", "L"):
                clean = clean.convert("RGB")  # CMYK and the like
            options = {"quality": PHOTO_QUALITY, "optimize": True}
        elif stored_format == "WEBP":
            options = {"quality": PHOTO_QUALITY}
        if "icc_profile" in clean.info:
            options["icc_profile"] = clean.info["icc_profile"]
        out = io.BytesIO()
        clean.save(out, stored_format, **options)
    content = ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{EXTENSIONS[stored_format]}")
    setattr(content, CHECKED, True)
    return content


def make_thumbnail(image) -> ContentFile:
    """A JPEG of `image` (an open file) that fits in 480×480 px, upright and without EXIF.

    EXIF goes because a phone photo can carry where and when it was taken.
    """
    with _opened(image) as original:
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
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")
