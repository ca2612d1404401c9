"""The finance ledger's state changes: receipts issued, voided and reissued; payments made.

Every function here validates, writes inside one transaction and leaves an audit
entry in the record's history (who, and why).
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Length
from django.utils.translation import gettext as _

from .models import (
    Disbursement,
    Donation,
    DonationStatus,
    Donor,
    Fund,
    OverseasBatch,
    Project,
    Purpose,
)
from .selectors import fund_balances

RECEIPT_PREFIX = "WXHS"
RECEIPT_SERIAL_DIGITS = 8
# Attempts at a receipt number before giving up: each failure means another clerk took
# the number between our read and our write, so a few are plenty.
RECEIPT_ATTEMPTS = 5

# What a reissue may change; anything else stays as on the voided receipt.
REISSUE_FIELDS = (
    "donor",
    "kind",
    "amount",
    "received_on",
    "fund",
    "project",
    "purpose",
    "goods_description",
    "goods_quantity",
    "goods_unit",
    "is_anonymous",
    "overseas_batch",
)


def _save_audited(instance: models.Model, *, user, reason: str) -> None:
    """Save with the history entry naming the user and the reason."""
    instance._history_user = user
    instance._change_reason = reason[:100]
    instance.save()


def receipt_number_next(*, year: int) -> str:
    """The number after the highest issued in `year`: WXHS2024 00000001, 00000002, ..."""
    prefix = f"{RECEIPT_PREFIX}{year}"
    last = (
        Donation.objects.annotate(number_length=Length("receipt_number"))
        .filter(
            receipt_number__startswith=prefix,
            number_length=len(prefix) + RECEIPT_SERIAL_DIGITS,
        )
        .order_by("-receipt_number")
        .values_list("receipt_number", flat=True)
        .first()
    )
    serial = int(last[len(prefix) :]) + 1 if last and last[len(prefix) :].isdigit() else 1
    return f"{prefix}{serial:0{RECEIPT_SERIAL_DIGITS}d}"


def _issue(donation: Donation, *, user, reason: str) -> Donation:
    """Give the new donation the next receipt number and save it; retries a number taken meanwhile."""
    donation.receipt_number = receipt_number_next(year=donation.received_on.year)
    # Validate everything but the number's uniqueness, which only the insert can settle.
    donation.full_clean(validate_unique=False)
    for attempt in range(RECEIPT_ATTEMPTS):
        try:
            with transaction.atomic():
                _save_audited(donation, user=user, reason=reason)
            return donation
        except IntegrityError:
            if attempt == RECEIPT_ATTEMPTS - 1:
                raise
            donation.pk = None
            donation.receipt_number = receipt_number_next(year=donation.received_on.year)
    raise AssertionError("unreachable")


def donation_record(
    *,
    donor: Donor,
    kind: str,
    amount: Decimal,
    received_on: datetime.date,
    fund: Fund,
    project: Project | None = None,
    purpose: str = Purpose.GENERAL,
    goods_description: str = "",
    goods_quantity: int | None = None,
    goods_unit: str = "",
    overseas_batch: OverseasBatch | None = None,
    is_anonymous: bool = False,
    disclosed_on: datetime.date | None = None,
    user=None,
) -> Donation:
    """Record a donation and issue its receipt, numbered by the system, never typed."""
    donation = Donation(
        donor=donor,
        kind=kind,
        amount=amount,
        received_on=received_on,
        fund=fund,
        project=project,
        purpose=purpose,
        goods_description=goods_description,
        goods_quantity=goods_quantity,
        goods_unit=goods_unit,
        overseas_batch=overseas_batch,
        is_anonymous=is_anonymous,
        disclosed_on=disclosed_on,
        status=DonationStatus.ISSUED,
    )
    with transaction.atomic():
        return _issue(donation, user=user, reason="receipt issued")


def _void(donation: Donation, *, reason: str, user) -> Donation:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"void_reason": _("Give the reason for voiding the receipt.")})
    max_length = Donation._meta.get_field("void_reason").max_length
    if len(reason) > max_length:
        raise ValidationError(
            {"void_reason": _("Keep the reason within %(max)d characters.") % {"max": max_length}}
        )
    locked = Donation.objects.select_for_update().get(pk=donation.pk)
    if locked.status != DonationStatus.ISSUED:
        raise ValidationError(
            _("Receipt %(number)s is already voided.") % {"number": locked.receipt_number}
        )
    locked.status = DonationStatus.VOIDED
    locked.void_reason = reason
    _save_audited(locked, user=user, reason=f"voided: {reason}")
    donation.status, donation.void_reason = locked.status, locked.void_reason
    return locked


def donation_void(*, donation: Donation, reason: str, user) -> Donation:
    """Void an issued receipt. The row stays, with the reason, for the auditors."""
    with transaction.atomic():
        return _void(donation, reason=reason, user=user)


def donation_reissue(*, donation: Donation, reason: str, user, **changes) -> Donation:
    """Void a receipt issued in error and issue its corrected replacement, both or neither."""
    unknown = set(changes) - set(REISSUE_FIELDS)
    if unknown:
        raise TypeError(f"donation_reissue() cannot change {', '.join(sorted(unknown))}")
    with transaction.atomic():
        voided = _void(donation, reason=reason, user=user)
        fields = {name: getattr(voided, name) for name in REISSUE_FIELDS} | changes
        replacement = Donation(**fields, status=DonationStatus.ISSUED)
        return _issue(
            replacement, user=user, reason=f"reissued for {voided.receipt_number}: {reason}"
        )


def disclosure_due(*, kind: str, on: datetime.date) -> datetime.date:
    """The day by which a receipt (kind "donation") or payment ("disbursement") must be published."""
    return on + datetime.timedelta(days=settings.DISCLOSURE_DAYS[kind])


def disclosure_mark(*, queryset: models.QuerySet, on: datetime.date, user) -> int:
    """Mark the not yet disclosed records of `queryset` as published on `on`; returns how many."""
    count = 0
    with transaction.atomic():
        for record in queryset.select_for_update().filter(disclosed_on__isnull=True):
            record.disclosed_on = on
            _save_audited(record, user=user, reason="disclosed")
            count += 1
    return count


def fund_disburse(
    *,
    project: Project,
    amount: Decimal,
    paid_on: datetime.date,
    beneficiaries: int,
    voucher_number: str,
    description: str = "",
    disclosed_on: datetime.date | None = None,
    user=None,
) -> Disbursement:
    """Pay `amount` to a project out of its fund, never beyond the fund's balance.

    The fund's row is locked first, so two clerks paying from one fund at the same
    moment take turns, and the second sees the first's payment.
    """
    disbursement = Disbursement(
        project=project,
        amount=amount,
        paid_on=paid_on,
        beneficiaries=beneficiaries,
        voucher_number=voucher_number,
        description=description,
        disclosed_on=disclosed_on,
    )
    disbursement.full_clean()
    with transaction.atomic():
        Fund.objects.select_for_update().filter(pk=project.fund_id).get()
        fund = fund_balances().get(pk=project.fund_id)
        if fund.balance - amount < 0:
            refusal = ValidationError(
                _(
                    "Fund %(fund)s has a balance of ¥%(balance)s: a payment of "
                    "¥%(amount)s would overdraw it."
                ),
                code="overdraw",
                params={"fund": fund.name, "balance": fund.balance, "amount": amount},
            )
            raise ValidationError({"amount": refusal})
        _save_audited(disbursement, user=user, reason="paid")
    return disbursement
