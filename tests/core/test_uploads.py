"""Uploaded pictures: checked by their content, within limits, stored re-encoded and clean."""

import io
import re
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

from apps.core.images import clean_image, validate_image

GPS_IFD = 0x8825
SCRIPT = b"<script>alert(document.cookie)</script>"


def encoded(fmt, size=(64, 48), *, mode="RGB", color="red", **options):
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, fmt, **options)
    return buffer.getvalue()


def with_gps(fmt="JPEG"):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0112] = 6  # taken on its side
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (31.0, 34.0, 12.0), 3: "E", 4: (120.0, 18.0, 5.0)})
    return encoded(fmt, (80, 40), exif=exif.tobytes())


def png_with_script():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SCRIPT.decode())
    return encoded("PNG", pnginfo=info)


def png_header(width, height):
    """A PNG whose header claims `width` × `height` pixels: a decompression bomb's start."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script><rect width='10' height='10'/></svg>"
)


def upload(content, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def code_of(content, **kwargs):
    with pytest.raises(ValidationError) as error:
        validate_image(upload(content, **kwargs))
    return error.value.code


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (SCRIPT, "photo.jpg"),
        (SVG, "photo.jpg"),
        (SVG, "logo.svg"),
        (b"GIF89a" + SCRIPT, "photo.png"),
        (encoded("GIF"), "animation.gif"),
        (encoded("BMP"), "scan.bmp"),
        (encoded("TIFF"), "scan.tif"),
        (encoded("JPEG")[:300], "cut-off.jpg"),
    ],
    ids=["script", "svg-named-jpg", "svg", "gif-header-script", "gif", "bmp", "tiff", "cut-off"],
)
def test_anything_but_a_whole_jpeg_png_or_webp_is_refused(content, name):
    assert code_of(content, name=name) == "unreadable_image"


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_jpeg_png_and_webp_are_accepted_whatever_their_name(fmt):
    validate_image(upload(encoded(fmt), name="no-extension", content_type="text/plain"))


@pytest.mark.parametrize(
    "size", [(50_000, 50_000), (7_000, 7_000)], ids=["far-too-many", "just-above-limit"]
)
def test_a_picture_of_too_many_pixels_is_refused_before_it_is_decoded(size):
    # 7000 × 7000 lies between the limit and twice it, where Pillow would only warn.
    assert code_of(png_header(*size), name="bomb.png") == "too_many_pixels"


def test_the_pixel_limit_is_a_setting(settings):
    settings.IMAGE_UPLOAD_MAX_PIXELS = 64 * 48 - 1
    assert code_of(encoded("PNG")) == "too_many_pixels"
    settings.IMAGE_UPLOAD_MAX_PIXELS = 64 * 48
    validate_image(upload(encoded("PNG")))


def test_a_file_above_the_size_limit_is_refused(settings):
    content = encoded("PNG")
    settings.IMAGE_UPLOAD_MAX_BYTES = len(content) - 1
    assert code_of(content) == "file_too_large"


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_stored_picture_is_re_encoded_without_exif_and_gps(fmt):
    source = with_gps(fmt)
    assert Image.open(io.BytesIO(source)).getexif().get_ifd(GPS_IFD)

    clean = clean_image(upload(source))
    data = clean.read()

    with Image.open(io.BytesIO(data)) as picture:
        assert picture.format == fmt
        assert picture.size == (40, 80)  # turned upright before the orientation went
        assert len(picture.getexif()) == 0
        assert "exif" not in picture.info
    assert b"PhoneMaker" not in data
    assert b"Exif" not in data


def test_script_hidden_in_a_png_named_jpg_is_gone_and_the_name_tells_the_truth():
    clean = clean_image(upload(png_with_script(), name="photo.jpg"))
    assert re.fullmatch(r"[0-9a-f]{32}\.png", clean.name)
    assert SCRIPT not in clean.read()


def test_each_stored_picture_gets_a_new_random_name():
    names = {clean_image(upload(encoded("JPEG"), name="same.jpg")).name for _ in range(3)}
    assert len(names) == 3
    assert all(re.fullmatch(r"[0-9a-f]{32}\.jpg", name) for name in names)


def test_transparency_and_colours_survive_re_encoding():
    half_clear = encoded("PNG", mode="RGBA", color=(200, 30, 40, 100))
    clean = clean_image(upload(half_clear, name="a.png"))
    with Image.open(clean) as picture:
        assert picture.mode == "RGBA"
        assert picture.getpixel((0, 0)) == (200, 30, 40, 100)
