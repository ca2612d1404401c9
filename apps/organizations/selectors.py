from dataclasses import dataclass

from django.db.models import Sum, Value

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


class TalliedOrganizationList:
    """Active organizations in the list's order (district sort order, kind, name, pk), for a
    Paginator, without sorting or counting the table.

    The tally says how many active organizations each (district sort order, kind) group
    holds, so a page's slice is known to fall on given groups at given offsets; each group
    is read through the (district, kind, name, id) index of active organizations, and a
    page touches only the rows it shows (plus the offset inside its first group).
    """

    COLUMNS = ("id", "name", "kind", "district_id", "founded_on", "members")

    def __init__(self, districts, *, district=None, kind=None):
        self.districts = {d.pk: d for d in districts}
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
        groups: dict[tuple[int, str], list] = {}
        for row in rows:
            sort_order = self.districts[row["district"]].sort_order
            ids, n = groups.setdefault((sort_order, row["kind"]), [[], 0])
            ids.append(row["district"])
            groups[sort_order, row["kind"]][1] = n + row["n"]
        # (kind, district ids, count) in the list's order; districts sharing a sort order
        # interleave by name within a kind, as they do in the list
        self.groups = [(key[1], ids, n) for key, (ids, n) in sorted(groups.items())]

    def count(self) -> int:
        return sum(n for _kind, _ids, n in self.groups)

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("Only slices of one step are supported.")
        start, stop, _ = index.indices(self.count())
        parts = []
        before = 0
        for number, (kind, ids, n) in enumerate(self.groups):
            low, high = max(start - before, 0), min(stop - before, n)
            if low < high:
                rows = (
                    Organization.objects.active()
                    .filter(kind=kind, district__in=ids)
                    .order_by("name", "pk")
                    .values("pk")[low:high]
                )
                parts.append(
                    Organization.objects.filter(pk__in=rows)
                    .only(*self.COLUMNS)
                    .annotate(group=Value(number))
                    .order_by()
                )
            before += n
            if before >= stop:
                break
        if not parts:
            return []
        page = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        organizations = list(page.order_by("group", "name", "pk"))
        for organization in organizations:
            organization.district = self.districts[organization.district_id]
        return organizations


def organizations_listed(districts, *, q="", district=None, kind=""):
    """The public list's active organizations in district, kind and name order: from the
    tally without a name search; a name search reads the district's and kind's index range."""
    if not q:
        return TalliedOrganizationList(districts, district=district, kind=kind)
    organizations = Organization.objects.active().filter(name__icontains=q)
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
    return organizations.select_related("district").order_by(*order)
