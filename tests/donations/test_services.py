"""The finance ledger's services: receipts numbered, voided, reissued; payments never overdraw."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from apps.donations.models import Disbursement, Donation, DonationStatus
from apps.donations.selectors import disclosure_status, fund_balances
from apps.donations.services import (
    disclosure_mark,
    donation_record,
    donation_reissue,
    donation_void,
    fund_disburse,
    receipt_number_next,
)
from tests import factories as f


def _record(**overrides):
    fields = {
        "donor": f.make_donor(),
        "kind": "money",
        "amount": Decimal("100.00"),
        "received_on": date(2024, 3, 1),
        "fund": f.make_fund(),
        "purpose": "general",
        "user": None,
    } | overrides
    return donation_record(**fields)


@pytest.mark.django_db
def test_receipt_numbers_follow_the_highest_of_the_year():
    f.make_donation(receipt_number="WXHS202400000041")
    f.make_donation(receipt_number="WXHS202300000099")
    first = _record()
    second = _record()
    other_year = _record(received_on=date(2025, 1, 2))
    assert (first.receipt_number, second.receipt_number) == (
        "WXHS202400000042",
        "WXHS202400000043",
    )
    assert other_year.receipt_number == "WXHS202500000001"
    assert receipt_number_next(year=2026) == "WXHS202600000001"


@pytest.mark.django_db
def test_record_validates_and_writes_nothing_when_invalid():
    other_project = f.make_project()
    with pytest.raises(ValidationError) as refused:
        _record(project=other_project)
    assert "project" in refused.value.message_dict
    with pytest.raises(ValidationError):
        _record(kind="goods", goods_description="")
    assert not Donation.objects.exists()


@pytest.mark.django_db
def test_record_leaves_an_audit_entry_naming_the_user(django_user_model):
    user = django_user_model.objects.create_user("clerk", password=None)
    donation = _record(user=user)
    entry = donation.history.get()
    assert entry.history_user == user
    assert entry.history_change_reason == "receipt issued"


@pytest.mark.django_db
def test_void_requires_a_reason_and_keeps_the_row():
    donation = _record()
    with pytest.raises(ValidationError):
        donation_void(donation=donation, reason="  ", user=None)
    donation_void(donation=donation, reason="金额录错", user=None)
    donation.refresh_from_db()
    assert donation.status == DonationStatus.VOIDED
    assert donation.void_reason == "金额录错"
    assert donation.history.first().history_change_reason == "voided: 金额录错"
    with pytest.raises(ValidationError):
        donation_void(donation=donation, reason="again", user=None)


@pytest.mark.django_db
def test_reissue_voids_and_records_the_correction_in_one_go():
    donation = _record()
    replacement = donation_reissue(
        donation=donation, reason="amount mistyped", user=None, amount=Decimal("1000.00")
    )
    donation.refresh_from_db()
    assert donation.status == DonationStatus.VOIDED
    assert replacement.status == DonationStatus.ISSUED
    assert replacement.amount == Decimal("1000.00")
    assert replacement.donor_id == donation.donor_id
    assert replacement.receipt_number != donation.receipt_number


@pytest.mark.django_db
def test_reissue_that_fails_validation_leaves_the_original_issued():
    donation = _record()
    with pytest.raises(ValidationError):
        donation_reissue(donation=donation, reason="wrong", user=None, amount=Decimal("-1"))
    donation.refresh_from_db()
    assert donation.status == DonationStatus.ISSUED


@pytest.mark.django_db
def test_disbursement_cannot_overdraw_fund():
    fund = f.make_fund(opening_balance=Decimal("100.00"), opening_balance_on=date(2020, 1, 1))
    project = f.make_project(fund=fund)
    _record(fund=fund, amount=Decimal("50.00"))
    voided = _record(fund=fund, amount=Decimal("1000.00"))
    donation_void(donation=voided, reason="duplicate", user=None)
    fund_disburse(
        project=project,
        amount=Decimal("120.00"),
        paid_on=date(2024, 4, 1),
        beneficiaries=2,
        voucher_number="V-1",
        description="",
        user=None,
    )
    with pytest.raises(ValidationError) as refused:
        fund_disburse(
            project=project,
            amount=Decimal("30.01"),
            paid_on=date(2024, 4, 2),
            beneficiaries=1,
            voucher_number="V-2",
            description="",
            user=None,
        )
    assert [error.code for error in refused.value.error_dict["amount"]] == ["overdraw"]
    assert fund_balances().get(pk=fund.pk).balance == Decimal("30.00")


@pytest.mark.django_db(transaction=True)
def test_concurrent_disbursements_cannot_overdraw_fund():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite has no row locks and a test database its threads cannot share")
    fund = f.make_fund(opening_balance=Decimal("100.00"), opening_balance_on=date(2020, 1, 1))
    project = f.make_project(fund=fund)
    barrier = threading.Barrier(2)
    outcomes = []

    def clerk(voucher):
        try:
            barrier.wait(timeout=10)
            fund_disburse(
                project=project,
                amount=Decimal("80.00"),
                paid_on=date(2024, 4, 1),
                beneficiaries=1,
                voucher_number=voucher,
                description="",
                user=None,
            )
            outcomes.append("paid")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=clerk, args=(f"V-{n}",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["paid", "refused"]
    assert Disbursement.objects.count() == 1
    assert fund_balances().get(pk=fund.pk).balance == Decimal("20.00")


@pytest.mark.django_db
def test_disclosure_status_counts_overdue_and_due_soon(settings):
    settings.DISCLOSURE_DAYS = {"donation": 30, "disbursement": 60}
    today = date(2024, 6, 30)
    f.make_donation(received_on=date(2024, 5, 30))  # due 06-29: overdue
    f.make_donation(received_on=date(2024, 5, 31))  # due today: due soon
    f.make_donation(received_on=date(2024, 6, 7))  # due 07-07: due soon
    f.make_donation(received_on=date(2024, 6, 8))  # due 07-08: neither
    f.make_donation(received_on=date(2024, 1, 1), disclosed_on=date(2024, 1, 20))
    f.make_donation(received_on=date(2024, 1, 1), status="voided", void_reason="dup")
    f.make_disbursement(paid_on=date(2024, 4, 1))  # due 05-31: overdue
    status = disclosure_status(today)
    assert status["donation"] == {"overdue": 1, "due_soon": 2}
    assert status["disbursement"] == {"overdue": 1, "due_soon": 0}
    assert (status["overdue"], status["due_soon"]) == (2, 2)


@pytest.mark.django_db
def test_disclosure_mark_sets_the_date_once():
    first = f.make_donation()
    f.make_donation(disclosed_on=date(2024, 1, 1))
    assert disclosure_mark(queryset=Donation.objects.all(), on=date(2024, 7, 1), user=None) == 1
    first.refresh_from_db()
    assert first.disclosed_on == date(2024, 7, 1)
