from dataclasses import dataclass
from functools import partial

from django.db.models import Sum

from apps.core.bigram import name_contains
from apps.core.paging import GroupedList
from apps.core.periods import Period
from apps.core.tallies import tally_totals

from .models import Organization, OrganizationKind, OrganizationTally
from .tallies import OPERATIONS, ORGANIZATIONS


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
    """F5: rescue operations started in the period and the people they benefited (from the
    tally)."""
    return tally_totals(OPERATIONS, period.start, period.end)


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


def rescue_team_totals(team: Organization) -> dict[str, int]:
    """A rescue team's operations and the people they benefited, all records to date."""
    return tally_totals(OPERATIONS, None, None, tally_filters={"team": team})


def rescue_teams() -> list[Organization]:
    """Active rescue teams, each with `operation_count` and `beneficiary_total` (all records
    to date, from the tally)."""
    totals = {row["team"]: row for row in tally_totals(OPERATIONS, None, None, by=("team",))}
    teams = list(
        Organization.objects.active()
        .of_kind(OrganizationKind.RESCUE_TEAM)
        .select_related("district")
        .order_by("district__sort_order", "name", "pk")
    )
    for team in teams:
        row = totals.get(team.pk, {})
        team.operation_count = row.get("operations", 0)
        team.beneficiary_total = row.get("beneficiaries", 0)
    return teams


# What the public list shows of an organization.
LIST_COLUMNS = ("id", "name", "kind", "district_id", "founded_on", "members")


def tallied_organizations(districts, *, district=None, kind=None) -> GroupedList:
    """Active organizations in the list's order (district sort order, kind, name, pk), for a
    Paginator, without sorting or counting the table.

    The tally says how many active organizations each (district sort order, kind) group
    holds; each group is read through the (district, kind, name, id) index of active
    organizations, a page in one query, touching only the rows it shows (plus the offset
    inside its first group). Districts are attached from `districts`, not joined.
    """
    by_pk = {d.pk: d for d in districts}
    wanted = {}
    if district is not None:
        wanted["district"] = district
    if kind:
        wanted["kind"] = kind
    rows = (
        OrganizationTally.objects.filter(**wanted, organizations__gt=0)
        .values("district", "kind")
        .annotate(n=Sum("organizations"))
    )
    # (district sort order, kind) -> (district ids, count): districts sharing a sort order
    # interleave by name within a kind, as they do in the list
    groups: dict[tuple[int, str], tuple[list[int], int]] = {}
    for row in rows:
        key = (by_pk[row["district"]].sort_order, row["kind"])
        ids, n = groups.get(key, ([], 0))
        groups[key] = ([*ids, row["district"]], n + row["n"])

    def attach(organization):
        organization.district = by_pk[organization.district_id]

    def members(kind, ids):
        return Organization.objects.active().filter(kind=kind, district__in=ids)

    return GroupedList(
        [
            (n, partial(members, group_kind, ids))
            for (_sort_order, group_kind), (ids, n) in sorted(groups.items())
        ],
        Organization.objects.only(*LIST_COLUMNS),
        order=("name", "pk"),
        attach=attach,
    )


def organizations_listed(districts, *, q="", district=None, kind=""):
    """The public list's active organizations in district, kind and name order: from the
    tally without a name search; a name search reads the district's and kind's index range."""
    if not q:
        return tallied_organizations(districts, district=district, kind=kind)
    # One district's part of the list index is narrower than the organizations holding a
    # common word ("志愿"): the name is matched there, the pairs index serves the rest.
    organizations = Organization.objects.active().filter(
        name_contains(["name"], q, ignore_case=True, use_index=district is None)
    )
    order = ["name", "pk"]
    if kind:
        organizations = organizations.filter(kind=kind)
    else:
        order.insert(0, "kind")
    if district is not None:
        # by id, so that the (district, kind, name, id) index also gives the order
        organizations = organizations.filter(district=district)
    else:
        order.insert(0, "district__sort_order")
    return (
        organizations.select_related("district")
        .only(*LIST_COLUMNS, "district__name", "district__name_en")
        .order_by(*order)
    )
