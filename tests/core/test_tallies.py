"""Tallies stay exactly what counting the records gives, whatever path writes the records."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Count, Sum

from apps.aed.models import AedTally
from apps.core.models import MonthlyTally
from apps.core.periods import Period
from apps.core.tallies import TALLIES, rebuild_all
from apps.donations.models import Donation, Purpose
from apps.donations.selectors import fundraising_totals, received_by_year, targeted_aid_totals
from apps.donations.services import donation_void
from apps.organizations.selectors import organization_counts
from apps.training.models import Trainee
from apps.training.selectors import trainees_by_year, training_coverage_by_district
from tests import factories as f

pytestmark = pytest.mark.django_db


def tally_rows():
    """Every tally's rows, as comparable values."""
    return {
        tally.model._meta.label: sorted(tuple(row[1:]) for row in tally.model.objects.values_list())
        for tally in TALLIES
    }


def assert_tallies_exact():
    kept = tally_rows()
    with transaction.atomic():
        rebuild_all()
        counted = tally_rows()
        transaction.set_rollback(True)
    assert kept == counted


def test_tallies_follow_creates_edits_voids_and_deletes():
    fund, other_fund = f.make_fund(), f.make_fund()
    donations = [
        f.make_donation(fund=fund, received_on=date(2023, 3, day), amount=Decimal(day))
        for day in (1, 15, 31)
    ]
    f.make_donation(fund=fund, received_on=date(2023, 4, 2), purpose=Purpose.EPIDEMIC)
    assert_tallies_exact()

    donations[0].fund = other_fund
    donations[0].received_on = date(2022, 12, 31)
    donations[0].save()
    donation_void(donation=donations[1], reason="entered twice", user=None)
    donations[2].delete()
    assert_tallies_exact()

    session = f.make_session()
    trainees = [f.make_trainee(session=session, issued_on=date(2023, 6, d)) for d in (2, 3)]
    f.make_trainee(issued_on=date(2021, 1, 5))
    trainees[1].issued_on = date(2023, 7, 1)
    trainees[1].save()
    session.district = f.district("binhu")  # moves its trainees to another district's row
    session.save()
    assert_tallies_exact()
    Trainee.objects.filter(pk=trainees[0].pk).delete()  # the admin's bulk delete path
    assert_tallies_exact()

    organization = f.make_organization()
    f.make_organization()
    organization.is_active = False
    organization.save()
    project = f.make_project()
    f.make_disbursement(project=project)
    f.make_disbursement(project=project, paid_on=date(2020, 1, 1))
    f.make_activity()
    f.make_aed()
    f.make_life_donation()
    f.make_life_donation(kind="organ", recipients=3)
    home = f.make_boai_home()
    f.make_boai_home(excellent_year=2022)
    home.excellent_year = 2023
    home.save()
    assert_tallies_exact()
    home.is_active = False
    home.save()
    awareness = f.make_session(kind="awareness", headcount=120)
    f.make_session(kind="awareness", headcount=30)
    assert_tallies_exact()
    awareness.delete()
    assert_tallies_exact()
    assert organization_counts()["total"] == 1


@pytest.mark.parametrize(
    "start,end",
    [
        (date(2020, 1, 1), date(2024, 10, 31)),  # whole months: from the tally alone
        (date(2023, 2, 15), date(2023, 3, 14)),  # two ragged edges
        (date(2023, 3, 2), date(2023, 3, 30)),  # inside one month
        (date(2023, 3, 1), date(2023, 3, 15)),  # a month's start to its middle
        (date(2023, 2, 15), date(2023, 2, 28)),  # a month's middle to its end
        (date(2023, 3, 31), date(2023, 4, 1)),
    ],
)
def test_period_totals_equal_counting_the_records(start, end):
    fund = f.make_fund()
    for day in (date(2023, 2, 14), date(2023, 2, 15), date(2023, 3, 1), date(2023, 3, 31)):
        f.make_donation(fund=fund, received_on=day, amount=Decimal("10.50"))
        f.make_donation(fund=fund, received_on=day, purpose=Purpose.EPIDEMIC)
        f.make_trainee(issued_on=day)
        f.make_disbursement(paid_on=day)
    f.make_donation(fund=fund, received_on=date(2024, 4, 1))
    period = Period(start, end)
    donations = Donation.objects.valid().received_between(start, end)

    totals = fundraising_totals(period)
    assert totals["raised"] == (donations.aggregate(s=Sum("amount"))["s"] or 0)
    assert totals["epidemic"] == (
        donations.filter(purpose=Purpose.EPIDEMIC).aggregate(s=Sum("amount"))["s"] or 0
    )
    assert totals["donations"] == donations.count()
    assert sum(row["total"] for row in received_by_year(period)) == totals["raised"]
    trainees = Trainee.objects.issued_between(start, end)
    assert sum(row["certified"] for row in trainees_by_year(period)) == trainees.count()
    assert {
        row["district"].pk: row["certified"]
        for row in training_coverage_by_district(period)
        if row["certified"]
    } == dict(
        trainees.values("session__district")
        .annotate(n=Count("id"))
        .values_list("session__district", "n")
    )
    from apps.donations.models import Disbursement

    paid = Disbursement.objects.paid_between(start, end)
    assert targeted_aid_totals(period)["paid"] == (paid.aggregate(s=Sum("amount"))["s"] or 0)


def test_every_tally_kept_by_month_stands_on_the_monthly_base():
    for tally in TALLIES:
        assert issubclass(tally.model, MonthlyTally) == (tally.month is not None), tally.model
    assert str(AedTally(pk=7, month=date(2024, 5, 1))) == "2024-05 7"
