"""Thumbnails: small, upright, JPEG, and without the EXIF a phone writes."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from apps.core.images import make_thumbnail

ORIENTATION = 0x0112
GPS_IFD = 0x8825


def image_file(size=(1200, 900), *, mode="RGB", color="red", fmt="PNG", exif=None):
    buffer = io.BytesIO()
    extra = {"exif": exif} if exif is not None else {}
    Image.new(mode, size, color).save(buffer, fmt, **extra)
    buffer.seek(0)
    return buffer


def opened(content):
    return Image.open(io.BytesIO(content.read()))


def test_thumbnail_fits_in_480_px_keeping_the_aspect_ratio():
    thumb = opened(make_thumbnail(image_file((1200, 600))))
    assert (thumb.format, thumb.mode, thumb.size) == ("JPEG", "RGB", (480, 240))


def test_small_image_is_not_enlarged():
    assert opened(make_thumbnail(image_file((100, 50)))).size == (100, 50)


def test_thumbnail_has_a_random_jpeg_name():
    first, second = make_thumbnail(image_file()), make_thumbnail(image_file())
    assert first.name.endswith(".jpg")
    assert first.name != second.name


def test_transparent_parts_become_white():
    thumb = opened(make_thumbnail(image_file((10, 10), mode="RGBA", color=(0, 0, 0, 0))))
    assert all(channel > 240 for channel in thumb.getpixel((5, 5)))


def test_exif_is_dropped_after_turning_the_picture_upright():
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # taken with the phone on its side: rotate 90°
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(GPS_IFD)[2] = (31.0, 34.0, 12.0)  # latitude
    source = image_file((800, 400), fmt="JPEG", exif=exif.tobytes())
    assert Image.open(source).getexif()[ORIENTATION] == 6

    thumb = opened(make_thumbnail(source))

    assert thumb.size == (240, 480)
    assert "exif" not in thumb.info
    assert len(thumb.getexif()) == 0


def test_file_left_at_its_start_for_the_upload_to_be_saved():
    source = image_file()
    make_thumbnail(source)
    assert source.tell() == 0


@pytest.mark.parametrize(
    "content",
    [b"not an image at all", image_file(fmt="JPEG").getvalue()[:200]],
    ids=["text", "truncated-jpeg"],
)
def test_unreadable_file_is_a_validation_error(content):
    with pytest.raises(ValidationError) as error:
        make_thumbnail(io.BytesIO(content))
    assert error.value.code == "unreadable_image"
