"""Uploading a photo or scan through the admin makes its thumbnail once, at upload."""

import io
from dataclasses import dataclass

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from apps.aed.models import AedSite
from apps.boai.models import BoaiHome
from apps.honors.models import Honor
from tests import factories as f


@dataclass
class Case:
    model: type
    image: str
    make: object

    @property
    def thumbnail(self):
        return f"{self.image}_thumbnail"

    def __str__(self):
        return self.model._meta.label_lower


def _honor():
    honor = f.make_honor()
    honor.conferred_by.add(f.make_authority())
    return honor


CASES = [
    Case(Honor, "scan", _honor),
    Case(AedSite, "photo", f.make_aed),
    Case(BoaiHome, "photo", f.make_boai_home),
]
DETAIL_URLS = {Honor: "honors:detail", AedSite: "aed:detail", BoaiHome: "boai:detail"}


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(params=CASES, ids=str)
def case(request):
    return request.param


def png(size=(1200, 900), color="red", name="picture.png"):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def change_url(record):
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])


def form_data(client, url):
    """What the change form would post back untouched, read from the form the page shows."""
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, forms.FileField) or value is None:
            continue
        if isinstance(field, forms.BooleanField):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        else:
            data[name] = str(value)
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data |= {management.add_prefix(k): v for k, v in management.initial.items()}
    return data


def save(client, record, **changes):
    url = change_url(record)
    response = client.post(url, form_data(client, url) | changes)
    record.refresh_from_db()
    return response


def test_upload_stores_a_thumbnail_no_larger_than_480_px(
    superuser_client, case, django_capture_on_commit_callbacks
):
    record = case.make()
    with django_capture_on_commit_callbacks(execute=True):
        response = save(superuser_client, record, **{case.image: png()})
    assert response.status_code == 302

    image, thumb = getattr(record, case.image), getattr(record, case.thumbnail)
    assert thumb.name.startswith(f"{record._meta.app_label}/thumbs/")
    assert thumb.name != image.name
    with Image.open(thumb.path) as picture:
        assert picture.format == "JPEG"
        assert picture.size == (480, 360)
    assert (
        getattr(record, f"{case.thumbnail}_width"),
        getattr(record, f"{case.thumbnail}_height"),
    ) == (480, 360)
    with Image.open(image.path) as original:
        assert original.size == (1200, 900)


def test_changing_the_image_makes_a_new_thumbnail_and_removes_the_old(
    superuser_client, case, django_capture_on_commit_callbacks
):
    record = case.make()
    with django_capture_on_commit_callbacks(execute=True):
        save(superuser_client, record, **{case.image: png()})
        old = getattr(record, case.thumbnail)
        old_path = old.path
        save(superuser_client, record, **{case.image: png((300, 600), "blue", "other.png")})

    thumb = getattr(record, case.thumbnail)
    assert thumb.name != old.name
    assert not old.storage.exists(old.name), old_path
    with Image.open(thumb.path) as picture:
        assert picture.size == (240, 480)
        assert picture.getpixel((120, 240))[2] > 200  # the new, blue picture


def test_editing_other_fields_keeps_the_thumbnail(
    superuser_client, case, django_capture_on_commit_callbacks
):
    record = case.make()
    with django_capture_on_commit_callbacks(execute=True):
        save(superuser_client, record, **{case.image: png()})
        thumb = getattr(record, case.thumbnail).name
        response = save(superuser_client, record)
    assert response.status_code == 302
    assert getattr(record, case.thumbnail).name == thumb
    assert getattr(record, case.thumbnail).storage.exists(thumb)


def test_clearing_the_image_removes_the_thumbnail(
    superuser_client, case, django_capture_on_commit_callbacks
):
    record = case.make()
    with django_capture_on_commit_callbacks(execute=True):
        save(superuser_client, record, **{case.image: png()})
        thumb = getattr(record, case.thumbnail)
        response = save(superuser_client, record, **{f"{case.image}-clear": "on"})

    assert response.status_code == 302
    assert not getattr(record, case.image)
    assert not getattr(record, case.thumbnail)
    assert getattr(record, f"{case.thumbnail}_width") is None
    assert not thumb.storage.exists(thumb.name)


def cut_off_jpeg():
    buffer = io.BytesIO()
    Image.effect_noise((800, 600), 50).convert("RGB").save(buffer, "JPEG")
    # The header is whole, so Django's own check passes; the pixels are not.
    return buffer.getvalue()[: len(buffer.getvalue()) // 2]


@pytest.mark.parametrize(
    "content", [b"not a picture", cut_off_jpeg()], ids=["text", "cut-off-jpeg"]
)
def test_unreadable_file_is_a_form_error(superuser_client, case, content):
    record = case.make()
    upload = SimpleUploadedFile("notes.jpg", content, content_type="image/jpeg")
    response = save(superuser_client, record, **{case.image: upload})
    assert response.status_code == 200
    assert case.image in response.context["adminform"].form.errors
    assert not getattr(record, case.image)
    assert not getattr(record, case.thumbnail)


def test_admin_list_shows_the_thumbnail_linked_to_the_image(superuser_client, case):
    record = case.make()
    save(superuser_client, record, **{case.image: png()})
    meta = record._meta
    html = superuser_client.get(
        reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    ).content.decode()
    image, thumb = getattr(record, case.image), getattr(record, case.thumbnail)
    assert f'<a href="{image.url}"><img src="{thumb.url}"' in html


def test_public_page_shows_the_thumbnail_with_its_size_linked_to_the_image(superuser_client, case):
    record = case.make()
    save(superuser_client, record, **{case.image: png((600, 1200))})
    html = superuser_client.get(reverse(DETAIL_URLS[case.model], args=[record.pk])).content.decode()
    image, thumb = getattr(record, case.image), getattr(record, case.thumbnail)
    assert f'<a href="{image.url}"><img src="{thumb.url}" width="240" height="480"' in html
