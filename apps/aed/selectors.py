from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, Sum
from django.utils import timezone

from apps.core.models import District
from apps.core.paging import GroupedList
from apps.core.periods import Period
from apps.core.tallies import tally_totals

from . import geo, hours
from .models import (
    NEWEST_INSPECTION_FIELDS,
    AedSite,
    AedStatusTally,
    DeviceStatus,
    InspectionResult,
    Readiness,
)
from .tallies import AEDS

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Wuxi and its two county-level cities, with a margin: (min_lng, min_lat, max_lng, max_lat).
WUXI_BBOX = (119.3, 31.0, 120.9, 32.2)
# Nearest-AED search: first box radius, and how far to look before saying there is none.
NEAREST_FIRST_RADIUS_M = 250
NEAREST_MAX_RADIUS_M = 100_000


def aeds_placed(period: Period):
    """F6: AED units installed in public places during the period, whatever their state now."""
    return AedSite.objects.installed_between(period.start, period.end)


def aeds_placed_count(period: Period) -> int:
    """F6 counted: `aeds_placed(period).count()`, from the tally."""
    return tally_totals(AEDS, period.start, period.end)["placed"]


def shanghai_now() -> datetime:
    """The wall-clock time in Wuxi, against which opening hours are read."""
    return timezone.now().astimezone(SHANGHAI)


def public_sites():
    """Sites the public may see (not retired); each carries what its readiness needs."""
    return AedSite.objects.exclude(status=DeviceStatus.RETIRED).select_related("district")


def sites_in_service():
    return public_sites().filter(status=DeviceStatus.IN_SERVICE)


def not_expired(qs, today: date):
    """Drop devices whose last check found a fault or whose battery or pads have expired.

    Written with explicit NULL branches: a site never inspected is not out of service,
    only overdue, and NOT IN on a NULL would silently drop it.
    """
    return qs.filter(
        Q(last_result__isnull=True)
        | Q(last_result__in=[InspectionResult.PASS, InspectionResult.MINOR]),
        Q(battery_expires_on__isnull=True) | Q(battery_expires_on__gte=today),
        Q(pads_expire_on__isnull=True) | Q(pads_expire_on__gte=today),
    )


def hours_where(qs, predicate) -> list[str]:
    """The distinct opening_hours strings of `qs` for which predicate(text) holds.

    Opening hours are read in Python, but there are few distinct strings; filtering by
    them keeps the list in SQL, paginated, however many sites there are.
    """
    texts = qs.order_by().values_list("opening_hours", flat=True).distinct()
    return [text for text in texts if predicate(text)]


def filter_sites(
    qs,
    *,
    district: str = "",
    venue: str = "",
    open_now: bool = False,
    all_day: bool = False,
    now: datetime | None = None,
):
    """The finder's filters, shared by the list and the map's GeoJSON."""
    if district:
        qs = qs.filter(district__code=district)
    if venue:
        qs = qs.filter(venue_type=venue)
    if open_now or all_day:
        now = now or shanghai_now()

        def wanted(text):
            if all_day and not hours.is_always_open(text):
                return False
            return not open_now or hours.is_open(text, now) is True

        qs = qs.filter(opening_hours__in=hours_where(qs, wanted))
    return qs


def sites_in_service_by_district(
    sites, *, district: str = "", venue: str = "", open_now: bool = False, all_day: bool = False
) -> dict:
    """{district pk: how many of `sites` (`filter_sites(sites_in_service(), ...)` with these
    filters) are there}: from the status tally, or counted when a filter on opening hours
    is on (the tally knows no hours)."""
    if open_now or all_day:
        rows = sites.order_by().values("district").annotate(n=Count("pk"))
        return {row["district"]: row["n"] for row in rows}
    rows = AedStatusTally.objects.filter(status=DeviceStatus.IN_SERVICE)
    if district:
        rows = rows.filter(district__code=district)
    if venue:
        rows = rows.filter(venue_type=venue)
    rows = rows.order_by().values("district").annotate(n=Sum("sites"))
    return {row["district"]: row["n"] for row in rows if row["n"]}


def sites_by_district(sites, counts: dict) -> GroupedList:
    """The finder's list, in the districts' order then by name, paged without sorting
    every site: each district's part is read on its own, in the order of the index
    (status, district, name, id), and `counts` (`sites_in_service_by_district`) says
    where a page starts. Keys first (the index alone), then the rows with their
    inspections."""
    order = District.objects.order_by("sort_order", "code").values_list("pk", flat=True)
    groups = [(counts[pk], sites.filter(district_id=pk)) for pk in order if counts.get(pk)]
    return GroupedList(groups, sites, order=("name", "pk"), keys_first=True)


@dataclass(frozen=True)
class NearbyAed:
    site: AedSite
    distance_m: float
    bearing: float
    readiness: Readiness
    open_now: bool | None

    @property
    def direction(self):
        return geo.compass_point(self.bearing)

    @property
    def rounded_m(self) -> int:
        """Metres to the nearest ten: walking distances are not known better than that."""
        return int(round(self.distance_m / 10) * 10)

    @property
    def distance_km(self) -> str:
        return f"{self.distance_m / 1000:.1f}"


def nearest_available(
    lat: float,
    lng: float,
    *,
    count: int = 5,
    today: date | None = None,
    now: datetime | None = None,
) -> list[NearbyAed]:
    """The `count` nearest usable AEDs (in service, nothing expired) within 100 km.

    Only the neighbourhood is read, however many sites the city has. First the positions
    alone (pk, latitude, longitude) of the usable sites in a box around the point
    (indexed; a site keeps its newest inspection's verdict, so usability is a condition on
    the site's own row); exact haversine distances rank those within the circle the box
    circumscribes, so no site outside it can be nearer than one inside. While the circle
    holds fewer than `count`, the box is widened (from 250 m, four times wider each time).
    Then the `count` nearest are read whole, in one query.
    """
    now = now or shanghai_now()
    today = today or now.date()
    positions = (
        not_expired(AedSite.objects.in_service(), today)
        .order_by()
        .values_list("pk", "latitude", "longitude")
    )
    radius = NEAREST_FIRST_RADIUS_M
    while True:
        min_lat, max_lat, min_lng, max_lng = geo.box_around(lat, lng, radius)
        in_box = positions.filter(
            latitude__gte=min_lat,
            latitude__lte=max_lat,
            longitude__gte=min_lng,
            longitude__lte=max_lng,
        )
        ranked = sorted(
            (geo.haversine_m(lat, lng, float(la), float(ln)), pk) for pk, la, ln in in_box
        )
        ranked = [pair for pair in ranked if pair[0] <= radius]
        if len(ranked) >= count or radius >= NEAREST_MAX_RADIUS_M:
            break
        radius = min(radius * 4, NEAREST_MAX_RADIUS_M)
    nearest = ranked[:count]
    # By primary key alone: these are usable, bar a change since their positions were read.
    sites = (
        AedSite.objects.select_related("district")
        .order_by()
        .only(
            "pk",
            "name",
            "address",
            "district__name",
            "district__name_en",
            "latitude",
            "longitude",
            "indoor",
            "location_detail",
            "access",
            "opening_hours",
            "status",
            *NEWEST_INSPECTION_FIELDS,
        )
        .in_bulk([pk for _distance, pk in nearest])
    )
    results = []
    for distance, pk in nearest:
        site = sites.get(pk)
        readiness = site.readiness(today) if site else Readiness.OUT_OF_SERVICE
        if readiness == Readiness.OUT_OF_SERVICE:  # deleted or changed meanwhile
            continue
        la, ln = float(site.latitude), float(site.longitude)
        results.append(
            NearbyAed(
                site=site,
                distance_m=distance,
                bearing=geo.bearing_deg(lat, lng, la, ln),
                readiness=readiness,
                open_now=hours.is_open(site.opening_hours, now),
            )
        )
    return results


def sites_in_bbox(qs, bbox: Iterable[float]):
    min_lng, min_lat, max_lng, max_lat = bbox
    return qs.filter(
        latitude__gte=min_lat,
        latitude__lte=max_lat,
        longitude__gte=min_lng,
        longitude__lte=max_lng,
    )


def aeds_placed_by_year(period: Period) -> list[dict]:
    """F6 per calendar year of installation: year, placed."""
    return sorted(
        tally_totals(AEDS, period.start, period.end, by=("year",)), key=lambda row: row["year"]
    )
