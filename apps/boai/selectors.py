from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum, Value
from django.db.models.functions import Coalesce

from apps.core.models import District
from apps.core.periods import Period
from apps.core.tallies import tally_totals

from .models import (
    BoaiHome,
    BoaiHomeTally,
    CriterionScore,
    ServiceSite,
    SiteKind,
    StarRating,
)
from .tallies import ACTIVITIES, HOMES


def boai_home_counts() -> dict[str, int]:
    """F20: active Boai homes, and of them those named Jiangsu excellent Boai homes."""
    rows = tally_totals(HOMES, None, None, by=("excellent",))
    return {
        "total": sum(row["homes"] for row in rows),
        "excellent": sum(row["homes"] for row in rows if row["excellent"]),
    }


def service_site_counts() -> dict[str, int]:
    """F21: active school life-safety halls and scenic-spot first-aid stations."""
    return ServiceSite.objects.filter(is_active=True).aggregate(
        safety_halls=Count("id", filter=Q(kind=SiteKind.SAFETY_HALL)),
        scenic_stations=Count("id", filter=Q(kind=SiteKind.SCENIC_STATION)),
    )


def volunteer_activity_totals(period: Period) -> dict[str, int]:
    """F22: volunteer activities held in the period and the person-times they served."""
    return tally_totals(ACTIVITIES, period.start, period.end)


def boai_homes_by_district():
    """Active Boai homes and excellent ones per district, every district listed (one query,
    on the tally)."""
    return District.objects.annotate(
        homes=Coalesce(Sum("boai_home_tallies__homes"), 0),
        excellent=Coalesce(
            Sum("boai_home_tallies__homes", filter=Q(boai_home_tallies__excellent=True)), 0
        ),
    ).order_by("sort_order", "code")


def boai_home_list(
    *, district_code: str = "", stars: int | None = None, excellent=None, districts=None
):
    """Active homes with their latest star rating (`latest_stars`, `latest_year`), filtered.

    Given the districts, and without a star filter (the tally knows no ratings), a
    `TalliedHomeList`; otherwise a queryset that counts and sorts what it finds."""
    if districts is not None and stars is None:
        return TalliedHomeList(districts, district_code=district_code, excellent=excellent)
    homes = (
        BoaiHome.objects.active()
        .with_latest_rating()
        .select_related("district")
        .order_by("district__sort_order", "name", "pk")
    )
    if district_code:
        district = next((d for d in districts or () if d.code == district_code), None)
        if district is not None:
            # by id, so that the (district, name, id) index also gives the order
            homes = homes.filter(district=district).order_by("name", "pk")
        else:
            homes = homes.filter(district__code=district_code)
    if stars is not None:
        homes = homes.filter(latest_stars=stars)
    if excellent is True:
        homes = homes.excellent()
    elif excellent is False:
        homes = homes.filter(excellent_year__isnull=True)
    return homes


def boai_home_detail_queryset():
    """Active homes with what the detail page shows: services, ratings and their scores."""
    return (
        BoaiHome.objects.active()
        .select_related("district")
        .prefetch_related(
            "services",
            Prefetch(
                "ratings",
                queryset=StarRating.objects.order_by("-year").prefetch_related(
                    Prefetch(
                        "scores",
                        queryset=CriterionScore.objects.select_related("criterion").order_by(
                            "criterion__sort_order", "criterion__code"
                        ),
                    )
                ),
            ),
        )
    )


def boai_home_activities(home: BoaiHome):
    """The home's volunteer activities, latest first."""
    return home.activities.only(
        "title", "category", "held_on", "volunteers", "beneficiaries", "home_id"
    ).order_by("-held_on", "-pk")


def rating_breakdown(rating: StarRating) -> dict:
    """A rating with what explains it: its scores per criterion, their total and the maximum.

    Uses the prefetched `scores` (see `boai_home_detail_queryset`): no query of its own.
    """
    scores = list(rating.scores.all())
    return {
        "rating": rating,
        "scores": scores,
        "total": sum((s.score for s in scores), Decimal(0)),
        "maximum": sum((s.criterion.max_score for s in scores), Decimal(0)),
    }


def boai_home_points(homes, limit: int) -> list[dict]:
    """Where the first `limit` homes of a `boai_home_list` are, for the map (one query)."""
    fields = ("pk", "name", "latitude", "longitude", "excellent_year")
    if isinstance(homes, TalliedHomeList):
        rows = homes.read(0, min(limit, homes.count()), *fields)
    else:
        rows = homes.values(*fields)[:limit]
    return [
        {
            "pk": row["pk"],
            "name": row["name"],
            "lat": float(row["latitude"]),
            "lng": float(row["longitude"]),
            "excellent": row["excellent_year"] is not None,
        }
        for row in rows
    ]


def volunteer_activities_by_year(period: Period) -> list[dict]:
    """F22 per calendar year: year, activities, beneficiaries (person-times)."""
    return sorted(
        tally_totals(ACTIVITIES, period.start, period.end, by=("year",)),
        key=lambda row: row["year"],
    )


class TalliedHomeList:
    """Active homes with their latest rating in the list's order (district sort order,
    name, pk), for a Paginator and the map, without sorting or counting the table.

    The tally says how many active homes (excellent or not) each district holds, so a
    slice falls on known districts at known offsets; each district is read through the
    (district, name, id) index of active homes, in one query for the slice.
    """

    def __init__(self, districts, *, district_code="", excellent=None):
        self.districts = {d.pk: d for d in districts}
        rows = BoaiHomeTally.objects.filter(homes__gt=0)
        if district_code:
            rows = rows.filter(district__code=district_code)
        if excellent is not None:
            rows = rows.filter(excellent=excellent)
        counts: dict[int, int] = {}
        for row in rows.values("district", "homes"):
            counts[row["district"]] = counts.get(row["district"], 0) + row["homes"]
        self.excellent = excellent
        groups: dict[int, list] = {}
        for pk, n in counts.items():
            ids, total = groups.setdefault(self.districts[pk].sort_order, [[], 0])
            ids.append(pk)
            groups[self.districts[pk].sort_order][1] = total + n
        # districts sharing a sort order interleave by name, as they do in the list
        self.groups = [(ids, n) for _key, (ids, n) in sorted(groups.items())]

    def count(self) -> int:
        return sum(n for _ids, n in self.groups)

    def __len__(self):
        return self.count()

    def _homes(self):
        homes = BoaiHome.objects.active()
        if self.excellent is True:
            homes = homes.excellent()
        elif self.excellent is False:
            homes = homes.filter(excellent_year__isnull=True)
        return homes

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("Only slices of one step are supported.")
        homes = self.read(*index.indices(self.count())[:2])
        for home in homes:
            home.district = self.districts[home.district_id]
        return homes

    def read(self, start, stop, *fields):
        """The homes start..stop in the list's order: with their latest rating, or as
        dicts of `fields`."""
        parts = []
        before = 0
        for number, (ids, n) in enumerate(self.groups):
            low, high = max(start - before, 0), min(stop - before, n)
            if low < high:
                rows = (self._homes().filter(district__in=ids).order_by("name", "pk").values("pk"))[
                    low:high
                ]
                part = BoaiHome.objects.filter(pk__in=rows)
                part = part.values(*fields) if fields else part.with_latest_rating()
                parts.append(part.annotate(group=Value(number)).order_by())
            before += n
            if before >= stop:
                break
        if not parts:
            return []
        page = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        return list(page.order_by("group", "name", "pk"))
