"""The demo build over two connections (PostgreSQL, from --scale 10): the same records as
the build in one transaction, and nothing left behind when a part fails."""

from datetime import date

import pytest
from django.db import connection, transaction

from apps.boai.models import VolunteerActivity
from apps.core.models import District
from apps.core.periods import reporting_period
from apps.organizations.models import Organization
from apps.portal.demo.build import Demo, demo_models, empty_demo_tables
from apps.training.models import Trainee
from apps.training.selectors import certified_trainees

AS_OF = date(2024, 10, 31)

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="a second connection sees commits on PostgreSQL"
    ),
    pytest.mark.django_db(transaction=True),  # real commits, the tables emptied after
]


@pytest.fixture(autouse=True)
def _districts(districts_reloaded):
    pass


def fingerprint():
    trainees = list(
        Trainee.objects.order_by("certificate_number").values_list(
            "certificate_number", "name", "id_number_digest", "session__title"
        )[::997]
    )
    activities = list(
        VolunteerActivity.objects.order_by("pk").values_list(
            "title", "held_on", "district__code", "beneficiaries"
        )[::997]
    )
    return trainees, activities, Trainee.objects.count(), VolunteerActivity.objects.count()


def test_the_parallel_build_gives_the_records_of_the_build_in_one_transaction():
    Demo(as_of=AS_OF).build(accounts=False, parallel=True)
    parallel = fingerprint()
    assert certified_trainees(reporting_period()).count() == parallel[2] > 100_000
    with transaction.atomic():
        empty_demo_tables()  # (rolled back below)
        Demo(as_of=AS_OF).build(accounts=False, parallel=False)
        assert fingerprint() == parallel
        transaction.set_rollback(True)


def test_a_failed_part_leaves_every_table_it_writes_empty(monkeypatch):
    def broken(self):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Demo, "load_trainees", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        Demo(as_of=AS_OF).build(accounts=False, parallel=True)
    assert [m.__name__ for m in demo_models() if m.objects.exists()] == []
    assert District.objects.count() > 0  # reference data of the migrations is kept


def test_it_refuses_tables_that_hold_records():
    Organization.objects.create(
        name="已有组织", kind="community", district=District.objects.first()
    )
    with pytest.raises(RuntimeError, match="empty tables"):
        Demo(as_of=AS_OF).build(accounts=False, parallel=True)
    assert Organization.objects.count() == 1
