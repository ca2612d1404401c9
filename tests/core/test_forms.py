"""Form fields of the public filters (apps/core/forms.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core.forms import SmallModelChoiceField
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
