from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, ExpressionWrapper, F, Max, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear

from apps.core.fields import MoneyField
from apps.core.periods import Period
from apps.core.tallies import tally_totals

from .models import (
    PAIRED_REGIONS,
    AllianceMember,
    Disbursement,
    DisbursementTally,
    Donation,
    DonationKind,
    DonationStatus,
    DonationTally,
    Fund,
    FundKind,
    LifeDonationKind,
    OverseasBatch,
    Project,
    ProjectKind,
    Purpose,
)
from .tallies import DISBURSEMENTS, DONATIONS, LIFE_DONATIONS

ZERO = Decimal("0.00")


def fundraising_totals(period: Period) -> dict[str, Decimal]:
    """F13, F14: money and goods (at assessed value) received in the period; voided receipts excluded."""
    rows = tally_totals(DONATIONS, period.start, period.end, by=("purpose",))
    return {
        "raised": sum((row["amount"] for row in rows), ZERO),
        "epidemic": sum(
            (row["amount"] for row in rows if row["purpose"] == Purpose.EPIDEMIC), ZERO
        ),
        "donations": sum(row["donations"] for row in rows),
        "epidemic_donations": sum(
            row["donations"] for row in rows if row["purpose"] == Purpose.EPIDEMIC
        ),
    }


def overseas_batches(period: Period):
    """F15: overseas donation batches that arrived in the period."""
    return OverseasBatch.objects.filter(arrived_on__gte=period.start, arrived_on__lte=period.end)


def alliance_totals() -> dict:
    """F16: charity-alliance members, named funds, and what the named funds have received."""
    return {
        "members": AllianceMember.objects.count(),
        "named_funds": Fund.objects.filter(kind=FundKind.NAMED).count(),
        "named_fund_total": tally_totals(
            DONATIONS,
            None,
            None,
            filters={"fund__kind": FundKind.NAMED},
            tally_filters={"fund__kind": FundKind.NAMED},
        )["amount"]
        or ZERO,
    }


def targeted_aid_totals(period: Period) -> dict:
    """F17, F18, F19: targeted aid paid in the period, the part sent to the paired regions, people helped."""
    targeted = {"project__kind": ProjectKind.TARGETED_AID}
    rows = tally_totals(
        DISBURSEMENTS,
        period.start,
        period.end,
        by=("project__region",),
        filters=targeted,
        tally_filters=targeted,
    )
    return {
        "paid": sum((row["amount"] for row in rows), ZERO),
        "paired_regions": sum(
            (row["amount"] for row in rows if row["project__region"] in PAIRED_REGIONS), ZERO
        ),
        "beneficiaries": sum(row["beneficiaries"] for row in rows),
        "disbursements": sum(row["disbursements"] for row in rows),
    }


def life_donation_totals() -> dict[str, int]:
    """F11, F12: life donations to date: stem-cell cases; people given new life or sight."""
    found = {row["kind"]: row for row in tally_totals(LIFE_DONATIONS, None, None, by=("kind",))}
    return {
        "stem_cell_cases": found.get(LifeDonationKind.STEM_CELL, {}).get("cases", 0),
        "organ_recipients": found.get(LifeDonationKind.ORGAN, {}).get("recipients", 0),
        "cornea_recipients": found.get(LifeDonationKind.CORNEA, {}).get("recipients", 0),
    }


# --- disclosure (信息公开): series and balances behind the donations pages ------------------


def _money(expression) -> Coalesce:
    """A sum in fen that reads back as Decimal yuan, 0.00 where there is nothing to sum."""
    return Coalesce(expression, Value(ZERO, output_field=MoneyField()), output_field=MoneyField())


def donations_received(period: Period | None = None):
    """Valid donations, optionally those received in the period; the base of every series."""
    donations = Donation.objects.valid()
    if period is not None:
        donations = donations.received_between(period.start, period.end)
    return donations


def _received(period: Period | None, by: tuple[str, ...]) -> list[dict]:
    start, end = (period.start, period.end) if period else (None, None)
    return [
        {**row, "total": row["amount"] or ZERO}
        for row in tally_totals(DONATIONS, start, end, by=by)
    ]


def received_by_year(period: Period | None = None) -> list[dict]:
    """Money and goods received per calendar year: year, total, donations."""
    return [
        {"year": row["year"], "total": row["total"], "donations": row["donations"]}
        for row in sorted(_received(period, ("year",)), key=lambda row: row["year"])
    ]


def received_by_fund(period: Period | None = None) -> list[dict]:
    """Money and goods received per fund, largest first: code, name, total, donations."""
    rows = _received(period, ("fund",))
    funds = Fund.objects.in_bulk([row["fund"] for row in rows])
    return sorted(
        (
            {
                "code": funds[row["fund"]].code,
                "name": funds[row["fund"]].name,
                "total": row["total"],
                "donations": row["donations"],
            }
            for row in rows
        ),
        key=lambda row: (-row["total"], row["code"]),
    )


def received_by_kind(period: Period | None = None) -> list[dict]:
    """Money and goods received per kind (money, goods): kind, label, total, donations."""
    found = {row["kind"]: row for row in _received(period, ("kind",))}
    return [
        {
            "kind": kind.value,
            "label": kind.label,
            "total": found.get(kind.value, {}).get("total") or ZERO,
            "donations": found.get(kind.value, {}).get("donations", 0),
        }
        for kind in DonationKind
    ]


def life_donations_by_kind() -> list[dict]:
    """Life donations to date per kind: kind, label, cases, recipients (people helped)."""
    found = {row["kind"]: row for row in tally_totals(LIFE_DONATIONS, None, None, by=("kind",))}
    return [
        {
            "kind": kind.value,
            "label": kind.label,
            "cases": found.get(kind.value, {}).get("cases", 0),
            "recipients": found.get(kind.value, {}).get("recipients") or 0,
        }
        for kind in LifeDonationKind
    ]


def fund_balances():
    """Funds with opening balance, received (valid donations), disbursed and balance, in one query.

    Donations and disbursements are summed from their tallies in separate subqueries:
    joining both to the fund at once would repeat each row once per row of the other.
    """
    received = (
        DonationTally.objects.filter(fund=OuterRef("pk"))
        .order_by()
        .values("fund")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    disbursed = (
        DisbursementTally.objects.filter(project__fund=OuterRef("pk"))
        .order_by()
        .values("project__fund")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Fund.objects.annotate(
        received=_money(Subquery(received)),
        disbursed=_money(Subquery(disbursed)),
    ).annotate(
        balance=ExpressionWrapper(
            F("opening_balance") + F("received") - F("disbursed"), output_field=MoneyField()
        )
    )


def fund_balance_totals(funds) -> dict[str, Decimal]:
    """The column totals of fund_balances(), added up from the rows already read."""
    totals = {"opening_balance": ZERO, "received": ZERO, "disbursed": ZERO, "balance": ZERO}
    for fund in funds:
        for key in totals:
            totals[key] += getattr(fund, key)
    return totals


def aid_projects():
    """Aid projects with their fund, what has been paid to them and how many people it helped."""
    return Project.objects.select_related("fund").annotate(
        disbursed=_money(Sum("tallies__amount")),
        beneficiaries=Coalesce(Sum("tallies__beneficiaries"), 0),
        disbursement_count=Coalesce(Sum("tallies__disbursements"), 0),
    )


# --- disclosure clock and reconciliation (staff pages) -------------------------------------

DUE_SOON_DAYS = 7


def disclosure_windows(today: date, kind: str) -> dict[str, date]:
    """The record dates that make a record of `kind` overdue or due soon on `today`.

    A record dated on or before `overdue_before` was due before today; one dated up to
    `due_soon_until` falls due within DUE_SOON_DAYS days.
    """
    days = settings.DISCLOSURE_DAYS[kind]
    return {
        "overdue_before": today - timedelta(days=days + 1),
        "due_soon_until": today - timedelta(days=days) + timedelta(days=DUE_SOON_DAYS),
    }


def disclosure_status(today: date) -> dict:
    """Receipts and payments not yet published: how many are overdue and how many due soon.

    Voided receipts are not published, so they are never due.
    """
    result = {"overdue": 0, "due_soon": 0}
    for kind, records, field in (
        ("donation", Donation.objects.valid(), "received_on"),
        ("disbursement", Disbursement.objects.all(), "paid_on"),
    ):
        window = disclosure_windows(today, kind)
        counts = records.filter(disclosed_on__isnull=True).aggregate(
            overdue=Count("id", filter=Q(**{f"{field}__lte": window["overdue_before"]})),
            due_soon=Count(
                "id",
                filter=Q(
                    **{
                        f"{field}__gt": window["overdue_before"],
                        f"{field}__lte": window["due_soon_until"],
                    }
                ),
            ),
        )
        result[kind] = counts
        result["overdue"] += counts["overdue"]
        result["due_soon"] += counts["due_soon"]
    return result


def last_disclosed_on() -> date | None:
    """The latest day on which a receipt or payment was published (each MAX reads an index)."""
    days = [
        records.aggregate(day=Max("disclosed_on"))["day"]
        for records in (Donation.objects.all(), Disbursement.objects.all())
    ]
    return max((day for day in days if day), default=None)


def reconciliation() -> dict:
    """The auditors' check that received - disbursed = balance, per fund and per year.

    Funds and totals come from fund_balances(), the definitions the public funds page
    uses; the yearly rows add up to them, with each year's balance carried forward
    from the opening balance.
    """
    funds = list(fund_balances().order_by("kind", "code"))
    received = (
        Donation.objects.valid()
        .annotate(year=ExtractYear("received_on"))
        .order_by()
        .values("fund", "year")
        .annotate(total=Sum("amount"))
    )
    disbursed = (
        Disbursement.objects.annotate(year=ExtractYear("paid_on"))
        .order_by()
        .values("year", fund=F("project__fund"))
        .annotate(total=Sum("amount"))
    )
    per_year: dict[int, dict[int, dict[str, Decimal]]] = {}
    for key, rows in (("received", received), ("disbursed", disbursed)):
        for row in rows:
            cell = per_year.setdefault(row["fund"], {}).setdefault(
                row["year"], {"received": ZERO, "disbursed": ZERO}
            )
            cell[key] = row["total"]
    for fund in funds:
        balance = fund.opening_balance
        fund.years = []
        for year, cell in sorted(per_year.get(fund.pk, {}).items()):
            balance += cell["received"] - cell["disbursed"]
            fund.years.append({"year": year, **cell, "balance": balance})
    return {
        "funds": funds,
        "totals": fund_balance_totals(funds),
        "negative_funds": [fund for fund in funds if fund.balance < 0],
        "mismatched_donations": list(
            Donation.objects.filter(project__isnull=False)
            .exclude(project__fund=F("fund"))
            .select_related("fund", "project__fund")
            .order_by("received_on", "receipt_number")
        ),
        "voids_without_reason": list(
            Donation.objects.filter(status=DonationStatus.VOIDED, void_reason__regex=r"^\s*$")
            .select_related("fund")
            .order_by("received_on", "receipt_number")
        ),
    }
