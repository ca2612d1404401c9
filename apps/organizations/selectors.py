from dataclasses import dataclass

from django.db.models import Count, Sum

from apps.core.periods import Period
from apps.core.tallies import tally_totals

from .models import Organization, OrganizationKind, OrganizationTally, RescueOperation
from .tallies import ORGANIZATIONS


def organization_counts() -> dict[str, int]:
    """F3, F4, F23: active grassroots organizations in all, and of the kinds the article names."""
    rows = tally_totals(ORGANIZATIONS, None, None, by=("kind", "is_model_school"))

    def total(kind=None, model_school=None):
        return sum(
            row["organizations"]
            for row in rows
            if kind in (None, row["kind"]) and model_school in (None, row["is_model_school"])
        )

    return {
        "total": total(),
        "rescue_teams": total(OrganizationKind.RESCUE_TEAM),
        "volunteer_teams": total(OrganizationKind.VOLUNTEER_TEAM),
        "volunteer_bases": total(OrganizationKind.VOLUNTEER_BASE),
        "model_schools": total(OrganizationKind.SCHOOL, True),
    }


def rescue_operation_totals(period: Period) -> dict[str, int]:
    """F5: rescue operations started in the period and the people they benefited."""
    totals = RescueOperation.objects.started_between(period.start, period.end).aggregate(
        operations=Count("id"), beneficiaries=Sum("beneficiaries")
    )
    totals["beneficiaries"] = totals["beneficiaries"] or 0
    return totals


@dataclass(frozen=True)
class KindRow:
    kind: str
    label: str
    cells: list[tuple[str, int]]  # (district code, count) for each district of the table
    total: int


@dataclass(frozen=True)
class CountTable:
    """Active organizations per kind (rows) and district (columns), with totals."""

    districts: list[dict]  # code, name, name_en of each district that has any
    rows: list[KindRow]
    district_totals: list[int]
    total: int


def organizations_by_district_and_kind() -> CountTable:
    """Active organizations counted by district and kind (one query, on the tally); the total is F3."""
    groups = (
        OrganizationTally.objects.values(
            "district__code",
            "district__name",
            "district__name_en",
            "district__sort_order",
            "kind",
        )
        .annotate(count=Sum("organizations"))
        .order_by("district__sort_order", "district__code")
    )
    districts: dict[str, dict] = {}
    counts: dict[tuple[str, str], int] = {}
    for group in groups:
        code = group["district__code"]
        districts.setdefault(
            code,
            {"code": code, "name": group["district__name"], "name_en": group["district__name_en"]},
        )
        counts[code, group["kind"]] = group["count"]
    rows = []
    for kind, label in OrganizationKind.choices:
        cells = [(code, counts.get((code, kind), 0)) for code in districts]
        total = sum(count for _, count in cells)
        if total:
            rows.append(KindRow(kind, label, cells, total))
    district_totals = [
        sum(count for (where, _), count in counts.items() if where == code) for code in districts
    ]
    return CountTable(list(districts.values()), rows, district_totals, sum(district_totals))


def rescue_teams():
    """Active rescue teams with their number of operations and the people those benefited."""
    return (
        Organization.objects.active()
        .of_kind(OrganizationKind.RESCUE_TEAM)
        .select_related("district")
        .annotate(
            operation_count=Count("operations"),
            beneficiary_total=Sum("operations__beneficiaries", default=0),
        )
        .order_by("district__sort_order", "name", "pk")
    )
