from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext

from apps.donations.models import (
    Disbursement,
    Donation,
    DonationKind,
    DonationStatus,
    DonorKind,
    mask_person_name,
)
from tests.factories import (
    make_alliance_member,
    make_disbursement,
    make_donation,
    make_donor,
    make_fund,
    make_life_donation,
    make_overseas_batch,
    make_project,
)

pytestmark = pytest.mark.django_db


# --- constraints -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "field", "value"),
    [
        (make_alliance_member, "name", "无锡某某集团"),
        (make_fund, "code", "xihong-edu"),
        (make_fund, "name", "锡红助学基金"),
        (make_project, "name", "延安医疗救助"),
        (make_overseas_batch, "reference", "OS-2020-001"),
        (make_donation, "receipt_number", "R-2023-000001"),
        (make_disbursement, "voucher_number", "V-2023-000001"),
        (make_life_donation, "case_number", "SC-2023-001"),
    ],
    ids=lambda v: v.__name__ if callable(v) else None,
)
def test_business_key_is_unique(make, field, value):
    make(**{field: value})
    with pytest.raises(IntegrityError, match=field), transaction.atomic():
        make(**{field: value})


def test_fund_opening_balance_cannot_be_negative():
    with (
        pytest.raises(IntegrityError, match="donations_fund_opening_not_negative"),
        transaction.atomic(),
    ):
        make_fund(opening_balance=Decimal("-0.01"), opening_balance_on=date(2019, 12, 31))


def test_fund_opening_balance_needs_its_date():
    with (
        pytest.raises(IntegrityError, match="donations_fund_opening_has_date"),
        transaction.atomic(),
    ):
        make_fund(opening_balance=Decimal("1000.00"), opening_balance_on=None)


def test_fund_without_opening_balance_needs_no_date_and_one_with_a_date_is_accepted():
    assert make_fund(opening_balance=Decimal(0), opening_balance_on=None).pk
    assert make_fund(opening_balance=Decimal("1000.00"), opening_balance_on=date(2019, 12, 31)).pk


@pytest.fixture
def fund():
    return make_fund()


@pytest.fixture
def donor():
    return make_donor()


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-0.01")])
def test_donation_amount_must_be_positive(fund, donor, amount):
    with pytest.raises(IntegrityError, match="donations_amount_positive"), transaction.atomic():
        make_donation(fund=fund, donor=donor, amount=amount)


def test_donation_of_one_fen_is_accepted(fund, donor):
    donation = make_donation(fund=fund, donor=donor, amount=Decimal("0.01"))
    donation.refresh_from_db()
    assert donation.amount == Decimal("0.01")


def test_goods_without_description_are_rejected(fund, donor):
    with pytest.raises(IntegrityError, match="donations_goods_described"), transaction.atomic():
        make_donation(fund=fund, donor=donor, kind=DonationKind.GOODS, goods_description="")


def test_goods_with_description_are_accepted(fund, donor):
    donation = make_donation(
        fund=fund,
        donor=donor,
        kind=DonationKind.GOODS,
        goods_description="医用口罩",
        goods_quantity=10_000,
        goods_unit="只",
    )
    assert donation.pk


def test_voided_donation_without_reason_is_rejected(fund, donor):
    with pytest.raises(IntegrityError, match="donations_void_has_reason"), transaction.atomic():
        make_donation(fund=fund, donor=donor, status=DonationStatus.VOIDED, void_reason="")


def test_donation_cannot_be_voided_by_update_without_reason(fund, donor):
    donation = make_donation(fund=fund, donor=donor)
    with pytest.raises(IntegrityError, match="donations_void_has_reason"), transaction.atomic():
        Donation.objects.filter(pk=donation.pk).update(status=DonationStatus.VOIDED)
    Donation.objects.filter(pk=donation.pk).update(
        status=DonationStatus.VOIDED, void_reason="重复录入"
    )
    donation.refresh_from_db()
    assert donation.status == DonationStatus.VOIDED


def test_receipt_number_cannot_be_blank(fund, donor):
    with (
        pytest.raises(IntegrityError, match="donations_receipt_number_required"),
        transaction.atomic(),
    ):
        make_donation(fund=fund, donor=donor, receipt_number="")


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-100.00")])
def test_disbursement_amount_must_be_positive(amount):
    project = make_project()
    with (
        pytest.raises(IntegrityError, match="donations_disbursement_positive"),
        transaction.atomic(),
    ):
        make_disbursement(project=project, amount=amount)


# --- clean() -------------------------------------------------------------------------------


def test_clean_rejects_a_project_paid_from_another_fund(fund, donor):
    project = make_project()  # its own fund
    donation = Donation(
        receipt_number="R-1",
        kind=DonationKind.MONEY,
        donor=donor,
        received_on=date(2023, 3, 1),
        amount=Decimal("100.00"),
        fund=fund,
        project=project,
    )
    with pytest.raises(ValidationError) as excinfo:
        donation.clean()
    assert list(excinfo.value.message_dict) == ["project"]

    donation.project = make_project(fund=fund)
    donation.clean()


def test_clean_rejects_goods_without_description(fund, donor):
    donation = Donation(
        receipt_number="R-2",
        kind=DonationKind.GOODS,
        donor=donor,
        received_on=date(2023, 3, 1),
        amount=Decimal("5000.00"),
        fund=fund,
    )
    with pytest.raises(ValidationError) as excinfo:
        donation.clean()
    assert list(excinfo.value.message_dict) == ["goods_description"]

    donation.goods_description = "消毒液"
    donation.clean()


# --- the donor as the public sees it ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三丰", "张**"),
        ("李四", "李**"),
        ("王", "王**"),
        ("欧阳娜娜", "欧**"),
        ("  赵六 ", "赵**"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_mask_person_name_keeps_the_first_character_and_hides_the_length(name, masked):
    assert mask_person_name(name) == masked


@pytest.mark.parametrize(
    "kind", [DonorKind.PERSON, DonorKind.COMPANY, DonorKind.ORGANIZATION, DonorKind.OVERSEAS]
)
def test_anonymous_donor_is_published_as_anonymous(fund, kind):
    donation = make_donation(
        fund=fund, donor=make_donor(kind=kind, name="张三丰"), is_anonymous=True
    )
    with translation.override("en"):
        assert donation.public_donor_name == "Anonymous"
    with translation.override("zh-hans"):
        assert donation.public_donor_name == gettext("Anonymous")
        assert "张" not in donation.public_donor_name


def test_person_is_published_as_family_name_and_stars(fund):
    donation = make_donation(fund=fund, donor=make_donor(kind=DonorKind.PERSON, name="张三丰"))
    assert donation.public_donor_name == "张**"


@pytest.mark.parametrize("kind", [DonorKind.COMPANY, DonorKind.ORGANIZATION, DonorKind.OVERSEAS])
def test_company_or_organization_is_published_by_name(fund, kind):
    donation = make_donation(fund=fund, donor=make_donor(kind=kind, name="无锡某某科技有限公司"))
    assert donation.public_donor_name == "无锡某某科技有限公司"


# --- querysets -------------------------------------------------------------------------------


def test_valid_selects_donations_with_an_issued_receipt(fund, donor):
    issued = make_donation(fund=fund, donor=donor)
    make_donation(fund=fund, donor=donor, status=DonationStatus.VOIDED, void_reason="退款")
    assert list(Donation.objects.valid()) == [issued]


def test_received_between_includes_both_ends(fund, donor):
    days = [date(2019, 12, 31), date(2020, 1, 1), date(2024, 12, 31), date(2025, 1, 1)]
    for day in days:
        make_donation(fund=fund, donor=donor, received_on=day)
    selected = Donation.objects.received_between(date(2020, 1, 1), date(2024, 12, 31))
    assert sorted(selected.values_list("received_on", flat=True)) == days[1:3]


def test_for_year_selects_that_calendar_year(fund, donor):
    days = [date(2022, 12, 31), date(2023, 1, 1), date(2023, 12, 31), date(2024, 1, 1)]
    for day in days:
        make_donation(fund=fund, donor=donor, received_on=day)
    selected = Donation.objects.for_year(2023)
    assert sorted(selected.values_list("received_on", flat=True)) == days[1:3]


def test_paid_between_includes_both_ends():
    project = make_project()
    days = [date(2019, 12, 31), date(2020, 1, 1), date(2024, 12, 31), date(2025, 1, 1)]
    for day in days:
        make_disbursement(project=project, paid_on=day)
    selected = Disbursement.objects.paid_between(date(2020, 1, 1), date(2024, 12, 31))
    assert sorted(selected.values_list("paid_on", flat=True)) == days[1:3]


# --- __str__ ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "field", "value"),
    [
        (make_alliance_member, "name", "无锡某某集团"),
        (make_fund, "name", "锡红助学基金"),
        (make_project, "name", "延安医疗救助"),
        (make_overseas_batch, "reference", "OS-2020-001"),
        (make_donor, "name", "张三丰"),
        (make_donation, "receipt_number", "R-2023-000001"),
        (make_disbursement, "voucher_number", "V-2023-000001"),
        (make_life_donation, "case_number", "SC-2023-001"),
    ],
    ids=lambda v: v.__name__ if callable(v) else None,
)
def test_str_is_the_key_field(make, field, value):
    assert str(make(**{field: value})) == value
