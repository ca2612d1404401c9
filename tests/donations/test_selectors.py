from datetime import date
from decimal import Decimal

import pytest

from apps.core.periods import Period
from apps.donations.models import DonationKind, DonationStatus, LifeDonationKind
from apps.donations.selectors import (
    aid_projects,
    fund_balance_totals,
    fund_balances,
    fundraising_totals,
    life_donations_by_kind,
    received_by_fund,
    received_by_kind,
    received_by_year,
)
from tests.factories import (
    make_disbursement,
    make_donation,
    make_fund,
    make_life_donation,
    make_project,
)

pytestmark = pytest.mark.django_db

PERIOD = Period(date(2020, 1, 1), date(2024, 10, 31))


def void(**overrides):
    return make_donation(status=DonationStatus.VOIDED, void_reason="作废重开", **overrides)


def test_received_by_year_sums_valid_donations_per_calendar_year():
    fund = make_fund()
    make_donation(fund=fund, received_on=date(2021, 1, 1), amount=Decimal("100.01"))
    make_donation(fund=fund, received_on=date(2021, 12, 31), amount=Decimal("0.02"))
    make_donation(fund=fund, received_on=date(2023, 6, 1), amount=Decimal("5.00"))
    void(fund=fund, received_on=date(2021, 6, 1), amount=Decimal("999.00"))
    make_donation(fund=fund, received_on=date(2019, 12, 31), amount=Decimal("7.00"))

    assert received_by_year(PERIOD) == [
        {"year": 2021, "total": Decimal("100.03"), "donations": 2},
        {"year": 2023, "total": Decimal("5.00"), "donations": 1},
    ]
    assert [row["year"] for row in received_by_year()] == [2019, 2021, 2023]


def test_series_by_year_fund_and_kind_add_up_to_the_amount_raised():
    general, epidemic = make_fund(), make_fund()
    make_donation(fund=general, amount=Decimal("10.10"), received_on=date(2020, 5, 1))
    make_donation(fund=general, amount=Decimal("0.01"), received_on=date(2022, 5, 1))
    make_donation(
        fund=epidemic,
        amount=Decimal("3000.00"),
        kind=DonationKind.GOODS,
        goods_description="口罩",
        received_on=date(2020, 2, 1),
    )
    void(fund=epidemic, amount=Decimal("50.00"))
    raised = fundraising_totals(PERIOD)["raised"]
    assert raised == Decimal("3010.11")

    for series in (received_by_year(PERIOD), received_by_fund(PERIOD), received_by_kind(PERIOD)):
        assert sum(row["total"] for row in series) == raised
        assert sum(row["donations"] for row in series) == 3


def test_received_by_fund_lists_the_largest_fund_first():
    small, large = make_fund(name="小基金"), make_fund(name="大基金")
    make_donation(fund=small, amount=Decimal("1.00"))
    make_donation(fund=large, amount=Decimal("2.00"))
    rows = received_by_fund(PERIOD)
    assert [(row["name"], row["total"]) for row in rows] == [
        ("大基金", Decimal("2.00")),
        ("小基金", Decimal("1.00")),
    ]
    assert rows[0]["code"] == large.code


def test_received_by_kind_lists_every_kind_even_without_donations():
    make_donation(amount=Decimal("8.00"))
    rows = received_by_kind(PERIOD)
    assert [(row["kind"], row["total"], row["donations"]) for row in rows] == [
        ("money", Decimal("8.00"), 1),
        ("goods", Decimal("0.00"), 0),
    ]


def test_life_donations_are_counted_by_kind_with_the_people_they_helped():
    make_life_donation(kind=LifeDonationKind.STEM_CELL)
    make_life_donation(kind=LifeDonationKind.STEM_CELL)
    make_life_donation(kind=LifeDonationKind.ORGAN, recipients=3)
    make_life_donation(kind=LifeDonationKind.ORGAN, recipients=2)
    rows = {row["kind"]: (row["cases"], row["recipients"]) for row in life_donations_by_kind()}
    assert rows == {"stem_cell": (2, 0), "body": (0, 0), "organ": (2, 5), "cornea": (0, 0)}


def test_fund_balance_is_opening_plus_received_minus_disbursed_to_the_fen():
    fund = make_fund(opening_balance=Decimal("1000.07"), opening_balance_on=date(2019, 12, 31))
    first, second = make_project(fund=fund), make_project(fund=fund)
    # Several donations and several payments: a join of both would count each twice or more.
    for amount in ("100.01", "200.02", "0.03"):
        make_donation(fund=fund, amount=Decimal(amount))
    void(fund=fund, amount=Decimal("5000.00"))
    make_disbursement(project=first, amount=Decimal("50.05"))
    make_disbursement(project=first, amount=Decimal("0.01"))
    make_disbursement(project=second, amount=Decimal("123.45"))
    other = make_fund()
    make_donation(fund=other, amount=Decimal("9.99"))
    make_disbursement(project=make_project(fund=other), amount=Decimal("1.11"))

    funds = {f.pk: f for f in fund_balances()}
    row = funds[fund.pk]
    assert row.opening_balance == Decimal("1000.07")
    assert row.received == Decimal("300.06")
    assert row.disbursed == Decimal("173.51")
    assert row.balance == Decimal("1126.62")
    assert row.balance == row.opening_balance + row.received - row.disbursed
    assert (funds[other.pk].received, funds[other.pk].disbursed) == (
        Decimal("9.99"),
        Decimal("1.11"),
    )
    assert funds[other.pk].balance == Decimal("8.88")


def test_fund_without_records_has_zero_received_disbursed_and_its_opening_balance():
    fund = make_fund(opening_balance=Decimal("12.34"), opening_balance_on=date(2019, 12, 31))
    row = fund_balances().get(pk=fund.pk)
    assert (row.received, row.disbursed, row.balance) == (
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("12.34"),
    )


def test_fund_balance_totals_reconcile_with_the_rows(django_assert_num_queries):
    for opening in ("0.00", "10.00"):
        fund = make_fund(
            opening_balance=Decimal(opening),
            opening_balance_on=date(2019, 12, 31) if opening != "0.00" else None,
        )
        make_donation(fund=fund, amount=Decimal("3.33"))
        make_disbursement(project=make_project(fund=fund), amount=Decimal("1.11"))
    with django_assert_num_queries(1):
        funds = list(fund_balances())
    totals = fund_balance_totals(funds)
    assert totals == {
        "opening_balance": Decimal("10.00"),
        "received": Decimal("6.66"),
        "disbursed": Decimal("2.22"),
        "balance": Decimal("14.44"),
    }


def test_aid_projects_carry_what_was_paid_and_how_many_were_helped():
    busy, idle = make_project(), make_project()
    make_disbursement(project=busy, amount=Decimal("10.01"), beneficiaries=4)
    make_disbursement(project=busy, amount=Decimal("20.02"), beneficiaries=6)
    projects = {p.pk: p for p in aid_projects()}
    assert (projects[busy.pk].disbursed, projects[busy.pk].beneficiaries) == (Decimal("30.03"), 10)
    assert projects[busy.pk].disbursement_count == 2
    assert (projects[idle.pk].disbursed, projects[idle.pk].beneficiaries) == (Decimal("0.00"), 0)
