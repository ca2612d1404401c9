"""The finance ledger in the admin: receipts, voiding, payments, disclosure, reconciliation."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.admin import helpers
from django.urls import reverse
from django.utils import timezone

from apps.donations.models import Disbursement, Donation, DonationStatus
from apps.donations.numerals import amount_in_capitals
from apps.donations.selectors import fund_balance_totals, fund_balances, reconciliation
from tests import factories as f

EDITORS = "内容编辑"
FINANCE = "财务人员"
AUDITORS = "审计人员"

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:donations_donation_changelist"
RECONCILIATION = "donations-reconciliation"


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("100.00", "壹佰元整"),
        ("0.00", "零元整"),
        ("10", "壹拾元整"),
        ("1010", "壹仟零壹拾元整"),
        ("100.05", "壹佰元零伍分"),
        ("1005.50", "壹仟零伍元伍角"),
        ("0.05", "伍分"),
        ("20001", "贰万零壹元整"),
        ("10010000", "壹仟零壹万元整"),
        ("1000001", "壹佰万零壹元整"),
        ("100000010", "壹亿零壹拾元整"),
        ("12345678.91", "壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角壹分"),
    ],
)
def test_amount_in_capitals(amount, words):
    assert amount_in_capitals(Decimal(amount)) == words


def test_amount_in_capitals_refuses_a_negative_amount():
    with pytest.raises(ValueError):
        amount_in_capitals(Decimal("-1"))


def test_issued_donation_money_fields_are_read_only(client, login_staff):
    login_staff(FINANCE)
    donation = f.make_donation(amount=Decimal("100.00"))
    url = reverse("admin:donations_donation_change", args=[donation.pk])
    response = client.get(url)
    form = response.context["adminform"].form
    assert "amount" not in form.fields
    assert "fund" not in form.fields
    assert "disclosed_on" in form.fields
    client.post(url, {"amount": "1.00", "disclosed_on": "2024-05-01"})
    donation.refresh_from_db()
    assert donation.amount == Decimal("100.00")
    assert donation.disclosed_on == date(2024, 5, 1)


def test_void_action_asks_for_the_reason_then_voids(client, login_staff):
    login_staff(FINANCE)
    donation = f.make_donation()
    selection = {"action": "void_with_reason", helpers.ACTION_CHECKBOX_NAME: [donation.pk]}
    asked = client.post(reverse(CHANGELIST), selection)
    assert asked.status_code == 200
    assert donation.receipt_number in asked.content.decode()
    blank = client.post(reverse(CHANGELIST), selection | {"apply": "1", "reason": "  "})
    assert blank.status_code == 200
    assert blank.context["form"].errors
    done = client.post(reverse(CHANGELIST), selection | {"apply": "1", "reason": "重复录入"})
    assert done.status_code == 302
    donation.refresh_from_db()
    assert (donation.status, donation.void_reason) == (DonationStatus.VOIDED, "重复录入")


def test_disbursement_refused_by_the_fund_is_a_form_error(client, login_staff):
    login_staff(FINANCE)
    fund = f.make_fund(opening_balance=Decimal("10.00"), opening_balance_on=date(2020, 1, 1))
    project = f.make_project(fund=fund)
    data = {
        "project": project.pk,
        "paid_on": "2024-04-01",
        "amount": "10.01",
        "beneficiaries": "1",
        "voucher_number": "V-ADMIN-1",
        "description": "",
    }
    url = reverse("admin:donations_disbursement_add")
    refused = client.post(url, data)
    assert refused.status_code == 200
    errors = refused.context["adminform"].form.errors.as_data()["amount"]
    assert [error.code for error in errors] == ["overdraw"]
    assert not Disbursement.objects.exists()
    paid = client.post(url, data | {"amount": "10.00"})
    assert paid.status_code == 302
    assert Disbursement.objects.get().amount == Decimal("10.00")


def test_receipt_page_shows_the_amount_in_capitals_and_void(client, login_staff):
    login_staff(AUDITORS)
    donation = f.make_donation(amount=Decimal("100.00"), donor=f.make_donor(name="张三丰"))
    url = reverse("admin:donations_donation_receipt", args=[donation.pk])
    page = client.get(url).content.decode()
    assert "壹佰元整" in page
    assert "张三丰" in page
    assert donation.receipt_number in page
    assert "receipt-void-mark" not in page
    Donation.objects.filter(pk=donation.pk).update(status="voided", void_reason="录错")
    assert "receipt-void-mark" in client.get(url).content.decode()
    missing = reverse("admin:donations_donation_receipt", args=["nope"])
    assert client.get(missing).status_code == 404


def test_editors_cannot_open_a_receipt(client, login_staff):
    login_staff(EDITORS)
    donation = f.make_donation()
    url = reverse("admin:donations_donation_receipt", args=[donation.pk])
    assert client.get(url).status_code == 403


def test_disclosure_filter_and_mark_disclosed_today(client, login_staff, settings):
    settings.DISCLOSURE_DAYS = {"donation": 30, "disbursement": 60}
    login_staff(FINANCE)
    today = timezone.localdate()
    overdue = f.make_donation(received_on=today - timedelta(days=40))
    due_soon = f.make_donation(received_on=today - timedelta(days=27))
    url = reverse(CHANGELIST)
    listed = client.get(url, {"disclosure": "overdue"}).context["cl"].result_list
    assert list(listed) == [overdue]
    listed = client.get(url, {"disclosure": "due_soon"}).context["cl"].result_list
    assert list(listed) == [due_soon]
    client.post(url, {"action": "mark_disclosed_today", helpers.ACTION_CHECKBOX_NAME: [overdue.pk]})
    overdue.refresh_from_db()
    assert overdue.disclosed_on == today
    listed = client.get(url, {"disclosure": "disclosed"}).context["cl"].result_list
    assert list(listed) == [overdue]


@pytest.mark.parametrize(("group", "status"), [(AUDITORS, 200), (FINANCE, 200), (EDITORS, 403)])
def test_reconciliation_opens_for_auditors_and_finance_only(client, login_staff, group, status):
    login_staff(group)
    assert client.get(reverse(RECONCILIATION)).status_code == status


def test_reconciliation_totals_equal_the_public_funds_page():
    fund = f.make_fund(opening_balance=Decimal("500.00"), opening_balance_on=date(2019, 12, 31))
    project = f.make_project(fund=fund)
    f.make_donation(fund=fund, amount=Decimal("100.10"), received_on=date(2023, 2, 1))
    f.make_donation(fund=fund, amount=Decimal("200.00"), received_on=date(2024, 2, 1))
    f.make_donation(fund=fund, amount=Decimal("999.00"), status="voided", void_reason="dup")
    f.make_disbursement(project=project, amount=Decimal("50.05"), paid_on=date(2024, 3, 1))
    f.make_donation(amount=Decimal("7.00"))
    result = reconciliation()
    assert result["totals"] == fund_balance_totals(fund_balances())
    row = next(row for row in result["funds"] if row.pk == fund.pk)
    assert [(y["year"], y["balance"]) for y in row.years] == [
        (2023, Decimal("600.10")),
        (2024, Decimal("750.05")),
    ]
    assert row.years[-1]["balance"] == row.balance


def test_reconciliation_page_lists_what_does_not_add_up(client, login_staff):
    login_staff(AUDITORS)
    other_fund_project = f.make_project()
    mismatched = f.make_donation(project=other_fund_project)
    overdrawn = f.make_fund()
    f.make_disbursement(project=f.make_project(fund=overdrawn), amount=Decimal("1.00"))
    page = client.get(reverse(RECONCILIATION)).content.decode()
    assert mismatched.receipt_number in page
    assert other_fund_project.name in page
    assert f"{overdrawn.name}: -1.00" in page
    totals = fund_balance_totals(fund_balances())
    assert str(totals["balance"]) in page


def test_public_index_says_when_disclosure_was_last_brought_up_to_date(client, english):
    f.make_donation(disclosed_on=date(2024, 5, 1))
    f.make_disbursement(disclosed_on=date(2024, 6, 2))
    page = client.get(reverse("donations:index")).content.decode()
    assert "2024-06-02" in page
