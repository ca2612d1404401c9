from decimal import Decimal

from django.db.models import Count, Q, Sum

from apps.core.periods import Period

from .models import (
    PAIRED_REGIONS,
    AllianceMember,
    Disbursement,
    Donation,
    Fund,
    FundKind,
    LifeDonation,
    LifeDonationKind,
    OverseasBatch,
    ProjectKind,
    Purpose,
)

ZERO = Decimal("0.00")


def fundraising_totals(period: Period) -> dict[str, Decimal]:
    """F13, F14: money and goods (at assessed value) received in the period; voided receipts excluded."""
    totals = (
        Donation.objects.valid()
        .received_between(period.start, period.end)
        .aggregate(
            raised=Sum("amount"),
            epidemic=Sum("amount", filter=Q(purpose=Purpose.EPIDEMIC)),
            donations=Count("id"),
        )
    )
    return {
        "raised": totals["raised"] or ZERO,
        "epidemic": totals["epidemic"] or ZERO,
        "donations": totals["donations"],
    }


def overseas_batches(period: Period):
    """F15: overseas donation batches that arrived in the period."""
    return OverseasBatch.objects.filter(arrived_on__gte=period.start, arrived_on__lte=period.end)


def alliance_totals() -> dict:
    """F16: charity-alliance members, named funds, and what the named funds have received."""
    return {
        "members": AllianceMember.objects.count(),
        "named_funds": Fund.objects.filter(kind=FundKind.NAMED).count(),
        "named_fund_total": Donation.objects.valid()
        .filter(fund__kind=FundKind.NAMED)
        .aggregate(total=Sum("amount"))["total"]
        or ZERO,
    }


def targeted_aid_totals(period: Period) -> dict:
    """F17, F18, F19: targeted aid paid in the period, the part sent to the paired regions, people helped."""
    totals = (
        Disbursement.objects.paid_between(period.start, period.end)
        .filter(project__kind=ProjectKind.TARGETED_AID)
        .aggregate(
            paid=Sum("amount"),
            paired_regions=Sum("amount", filter=Q(project__region__in=PAIRED_REGIONS)),
            beneficiaries=Sum("beneficiaries"),
        )
    )
    return {
        "paid": totals["paid"] or ZERO,
        "paired_regions": totals["paired_regions"] or ZERO,
        "beneficiaries": totals["beneficiaries"] or 0,
    }


def life_donation_totals() -> dict[str, int]:
    """F11, F12: life donations to date: stem-cell cases; people given new life or sight."""
    totals = LifeDonation.objects.aggregate(
        stem_cell_cases=Count("id", filter=Q(kind=LifeDonationKind.STEM_CELL)),
        organ_recipients=Sum("recipients", filter=Q(kind=LifeDonationKind.ORGAN)),
        cornea_recipients=Sum("recipients", filter=Q(kind=LifeDonationKind.CORNEA)),
    )
    return {key: value or 0 for key, value in totals.items()}
