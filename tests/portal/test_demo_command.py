from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction

from apps.core.models import District
from apps.organizations.models import Organization
from apps.portal.demo.build import Demo
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_demo_accounts_are_refused_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("demo_data")
    assert not Organization.objects.exists()
    assert not get_user_model().objects.exists()


def test_demo_data_is_skipped_when_the_database_holds_records():
    f.make_organization()
    out = StringIO()
    call_command("demo_data", "--if-empty", "--no-accounts", stdout=out)
    assert "already holds records" in out.getvalue()
    assert Organization.objects.count() == 1


def test_demo_data_refuses_to_add_to_a_database_with_records():
    f.make_organization()
    with pytest.raises(CommandError, match="already holds records"):
        call_command("demo_data", "--no-accounts")
    assert Organization.objects.count() == 1


def test_scale_below_one_is_refused():
    with pytest.raises(CommandError, match="--scale"):
        call_command("demo_data", "--scale", "0", "--no-accounts")


def _organizations_built(seed):
    with transaction.atomic():
        Demo(seed=seed).build_organizations()
        rows = list(
            Organization.objects.order_by("pk").values_list("name", "kind", "district__code")
        )
        transaction.set_rollback(True)
    return rows


def test_demo_data_is_deterministic_for_a_seed():
    first = _organizations_built(seed=7)
    assert first == _organizations_built(seed=7)
    assert first != _organizations_built(seed=8)


def test_demo_coordinates_fall_inside_their_district():
    from apps.portal.demo.places import DISTRICT_AREAS

    demo = Demo(seed=3)
    demo.build_organizations()
    demo.build_boai()
    for home in demo.homes:
        lat, lon, half = DISTRICT_AREAS[District.objects.get(pk=home.district_id).code]
        assert abs(float(home.latitude) - lat) <= half
        assert abs(float(home.longitude) - lon) <= half
