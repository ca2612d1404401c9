"""Form fields of the public filters (apps/core/forms.py)."""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core.forms import BboxField, SmallModelChoiceField
from apps.core.models import District

pytestmark = pytest.mark.django_db


def test_choices_come_from_one_plain_query_without_a_cursor():
    field = SmallModelChoiceField(
        queryset=District.objects.order_by("sort_order", "code"),
        to_field_name="code",
        empty_label="all",
    )
    with CaptureQueriesContext(connection) as queries:
        choices = [(str(value), label) for value, label in field.choices]
    [query] = queries.captured_queries
    assert "DECLARE" not in query["sql"]  # Django's own opens a server-side cursor
    districts = District.objects.order_by("sort_order", "code")
    assert choices == [("", "all"), *((d.code, str(d)) for d in districts)]
    assert field.clean("liangxi") == District.objects.get(code="liangxi")


def test_bbox_is_four_numbers_west_south_east_north():
    assert BboxField().clean(" 120.2,31.5,120.4,31.65 ") == (120.2, 31.5, 120.4, 31.65)
    assert BboxField(required=False).clean("") is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "required"),
        ("1,2,3", "format"),
        ("1,2,3,4,5", "format"),
        ("a,b,c,d", "format"),
        ("nan,1,2,3", "range"),
        ("0,0,200,10", "range"),
        ("1e309,1,2,3", "range"),
        ("120,31,119,32", "order"),
        ("1,2,3,\x00", "null_characters_not_allowed"),
        ("1," * 150 + "1", "max_length"),
    ],
)
def test_bbox_refuses_what_is_not_a_box_with_a_reason(text, code):
    with pytest.raises(forms.ValidationError) as refused:
        BboxField().clean(text)
    assert refused.value.error_list[0].code == code
