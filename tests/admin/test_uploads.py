"""Uploads through the admin and the models: refused by content, stored clean and renamed."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.admin.test_thumbnails import CASES, save
from tests.core.test_uploads import GPS_IFD, SCRIPT, SVG, png_header, png_with_script, with_gps


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(params=CASES, ids=str)
def case(request):
    return request.param


pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        (SCRIPT, "photo.jpg", "unreadable_image"),
        (SVG, "plan.svg", "unreadable_image"),
        (png_header(50_000, 50_000), "bomb.png", "too_many_pixels"),
    ],
    ids=["script-named-jpg", "svg", "bomb"],
)
def test_admin_refuses_what_is_not_a_picture_within_limits(
    superuser_client, case, content, name, code
):
    record = case.make()
    response = save(superuser_client, record, **{case.image: SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.as_data()[case.image]
    assert [error.code for error in errors] == [code]
    assert not getattr(record, case.image)


def test_photo_uploaded_in_the_admin_is_stored_without_its_location(
    superuser_client, case, django_capture_on_commit_callbacks
):
    record = case.make()
    upload = SimpleUploadedFile("IMG_0001.jpg", with_gps(), content_type="image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        response = save(superuser_client, record, **{case.image: upload})
    assert response.status_code == 302

    stored = getattr(record, case.image)
    assert re.fullmatch(rf"{record._meta.app_label}/\d{{4}}/[0-9a-f]{{32}}\.jpg", stored.name)
    data = stored.read()
    assert b"Exif" not in data and b"PhoneMaker" not in data
    with Image.open(io.BytesIO(data)) as picture:
        assert not picture.getexif().get_ifd(GPS_IFD)
        assert picture.size == (40, 80)


def test_png_named_jpg_with_a_script_inside_is_stored_as_a_png_without_it(superuser_client, case):
    record = case.make()
    upload = SimpleUploadedFile("photo.jpg", png_with_script(), content_type="image/jpeg")
    assert save(superuser_client, record, **{case.image: upload}).status_code == 302
    stored = getattr(record, case.image)
    assert stored.name.endswith(".png")
    assert SCRIPT not in stored.read()


def test_a_record_saved_in_code_gets_the_same_treatment(case):
    record = case.make()
    setattr(record, case.image, ContentFile(with_gps(), name="from-a-script.jpg"))
    record.save()
    stored = getattr(record, case.image)
    assert re.fullmatch(r".*/[0-9a-f]{32}\.jpg", stored.name)
    assert b"PhoneMaker" not in stored.read()


def test_model_validation_refuses_a_file_that_is_not_a_picture(case):
    record = case.make()
    setattr(record, case.image, ContentFile(SVG, name="plan.svg"))
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    assert case.image in error.value.message_dict


def test_upload_input_asks_the_browser_for_pictures_only(superuser_client, case):
    record = case.make()
    meta = record._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])
    html = superuser_client.get(url).content.decode()
    assert 'accept="image/jpeg,image/png,image/webp"' in html
