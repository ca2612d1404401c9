from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum
from django.db.models.functions import Coalesce

from apps.core.models import District
from apps.core.paging import GroupedList
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
    """Active homes (which keep their latest star rating: `latest_stars`,
    `latest_rating_year`), filtered.

    Given the districts, and without a star filter (the tally knows no ratings), a
    `GroupedList` paged by the tally (`tallied_homes`); otherwise a queryset that counts
    and sorts what it finds."""
    if districts is not None and stars is None:
        return tallied_homes(districts, district_code=district_code, excellent=excellent)
    homes = (
        BoaiHome.objects.active()
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


# What a map marker shows: where the home is, its name and whether it is excellent.
MAP_FIELDS = ("pk", "name", "latitude", "longitude", "excellent_year")


def boai_homes_in_bbox(
    bbox, *, district: District | None = None, stars: int | None = None, excellent=None
):
    """Active homes inside bbox (min_lng, min_lat, max_lng, max_lat) that match the list's
    filters, by pk, as tuples of MAP_FIELDS; slice it. The box is read through the index of
    active homes' positions; with a star filter (the home's own `latest_stars`), through
    the index of active homes by stars, which holds the positions too."""
    min_lng, min_lat, max_lng, max_lat = bbox
    homes = BoaiHome.objects.active().filter(
        latitude__gte=min_lat,
        latitude__lte=max_lat,
        longitude__gte=min_lng,
        longitude__lte=max_lng,
    )
    if district is not None:
        homes = homes.in_district(district)
    if excellent is True:
        homes = homes.excellent()
    elif excellent is False:
        homes = homes.filter(excellent_year__isnull=True)
    if stars is not None:
        homes = homes.filter(latest_stars=stars)
    return homes.order_by("pk").values_list(*MAP_FIELDS)


def volunteer_activities_by_year(period: Period) -> list[dict]:
    """F22 per calendar year: year, activities, beneficiaries (person-times)."""
    return sorted(
        tally_totals(ACTIVITIES, period.start, period.end, by=("year",)),
        key=lambda row: row["year"],
    )


def tallied_homes(districts, *, district_code="", excellent=None) -> GroupedList:
    """Active homes (with their latest rating, kept on the home) in the list's order
    (district sort order, name, pk), for a Paginator, without sorting or counting the table.

    The tally says how many active homes (excellent or not) each district holds; each
    district is read through the (district, name, id) index of active homes, a page in
    one query. Districts are attached from `districts`, not joined.
    """
    by_pk = {d.pk: d for d in districts}
    rows = BoaiHomeTally.objects.filter(homes__gt=0)
    if district_code:
        rows = rows.filter(district__code=district_code)
    if excellent is not None:
        rows = rows.filter(excellent=excellent)
    # district sort order -> (district ids, count): districts sharing a sort order
    # interleave by name, as they do in the list
    groups: dict[int, tuple[list[int], int]] = {}
    for row in rows.values("district", "homes"):
        key = by_pk[row["district"]].sort_order
        ids, n = groups.get(key, ([], 0))
        if row["district"] not in ids:
            ids = [*ids, row["district"]]
        groups[key] = (ids, n + row["homes"])
    homes = BoaiHome.objects.active()
    if excellent is True:
        homes = homes.excellent()
    elif excellent is False:
        homes = homes.filter(excellent_year__isnull=True)

    def attach(home):
        home.district = by_pk[home.district_id]

    return GroupedList(
        [(n, homes.filter(district__in=ids)) for _key, (ids, n) in sorted(groups.items())],
        BoaiHome.objects.all(),
        order=("name", "pk"),
        attach=attach,
    )
