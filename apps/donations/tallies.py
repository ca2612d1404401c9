from django.db.models import Count, F, Sum
from django.db.models.functions import ExtractYear, TruncMonth

from apps.core.tallies import Tally

from .models import (
    Disbursement,
    DisbursementTally,
    Donation,
    DonationTally,
    LifeDonation,
    LifeDonationTally,
    Project,
)

DONATIONS = Tally(
    model=DonationTally,
    records=lambda: Donation.objects.valid(),
    month=TruncMonth("received_on"),
    day_between=lambda qs, start, end: qs.received_between(start, end),
    day_year=ExtractYear("received_on"),
    dims={"fund": F("fund"), "kind": F("kind"), "purpose": F("purpose")},
    sums={"donations": Count("id"), "amount": Sum("amount")},
)

DISBURSEMENTS = Tally(
    model=DisbursementTally,
    records=lambda: Disbursement.objects.all(),
    month=TruncMonth("paid_on"),
    day_between=lambda qs, start, end: qs.paid_between(start, end),
    day_year=ExtractYear("paid_on"),
    dims={"project": F("project")},
    sums={
        "disbursements": Count("id"),
        "amount": Sum("amount"),
        "beneficiaries": Sum("beneficiaries"),
    },
    follows={Project: "project"},
)

LIFE_DONATIONS = Tally(
    model=LifeDonationTally,
    records=lambda: LifeDonation.objects.all(),
    dims={"kind": F("kind")},
    sums={"cases": Count("id"), "recipients": Sum("recipients")},
)
