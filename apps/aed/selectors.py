import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
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
# The database returns this many times `count` sites of a box, nearest first by a flat
# distance; those are ranked by the exact one (`nearest_available`).
NEAREST_SPARE = 2
# What a nearest site's card shows, and its readiness.
NEAREST_FIELDS = (
    "id",
    "name",
    "address",
    "latitude",
    "longitude",
    "indoor",
    "location_detail",
    "access",
    "opening_hours",
    "status",
    *NEWEST_INSPECTION_FIELDS,
)
# The usable sites of a box (in service and `not_expired`), nearest first by a flat
# distance, read whole. Written in SQL: the ORM took 1.6 ms to build this query, which
# PostgreSQL answers in under 1 ms, and it is the nearest-AED page's one query.
NEAREST_SQL = """
SELECT {columns}
  FROM {table}
 WHERE status = %(in_service)s
   AND (last_result IS NULL OR last_result IN (%(pass)s, %(minor)s))
   AND (battery_expires_on IS NULL OR battery_expires_on >= %(today)s)
   AND (pads_expire_on IS NULL OR pads_expire_on >= %(today)s)
   AND latitude BETWEEN %(min_lat)s AND %(max_lat)s
   AND longitude BETWEEN %(min_lng)s AND %(max_lng)s
 ORDER BY (latitude - %(lat)s) * (latitude - %(lat)s)
          + (longitude - %(lng)s) * (longitude - %(lng)s) * %(east_squared)s,
          id
 LIMIT %(limit)s
""".format(
    columns=", ".join(AedSite._meta.get_field(name).column for name in NEAREST_FIELDS),
    table=AedSite._meta.db_table,
)


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


def _decimal(value: float | Decimal) -> Decimal:
    """A coordinate as the database compares it with its decimal columns (and their index)."""
    return Decimal(str(value))


def nearest_available(
    lat: float,
    lng: float,
    *,
    count: int = 5,
    today: date | None = None,
    now: datetime | None = None,
) -> list[NearbyAed]:
    """The `count` nearest usable AEDs (in service, nothing expired) within 100 km.

    Only the neighbourhood is read, however many sites the city has: one query per box
    around the point (indexed on the position; a site keeps its newest inspection's
    verdict, so usability is a condition on its own row). The database orders the usable
    sites of the box by a flat-earth distance and returns the nearest few whole; their
    exact haversine distances rank them, and those within the circle the box
    circumscribes are nearer than any site outside it. While the circle holds fewer than
    `count`, the box is widened (from 250 m, four times wider each time).

    Within a city the flat distance is the haversine one to better than one part in ten
    thousand, so the `count` nearest are among the `NEAREST_SPARE` times as many that the
    database returns, which are then ranked exactly.
    """
    now = now or shanghai_now()
    today = today or now.date()
    params = {
        "in_service": DeviceStatus.IN_SERVICE,
        "pass": InspectionResult.PASS,
        "minor": InspectionResult.MINOR,
        "today": today,
        "lat": _decimal(lat),
        "lng": _decimal(lng),
        # A degree of longitude is cos(latitude) times as long as a degree of latitude.
        "east_squared": _decimal(math.cos(math.radians(lat)) ** 2),
        "limit": count * NEAREST_SPARE,
    }
    radius = NEAREST_FIRST_RADIUS_M
    while True:
        min_lat, max_lat, min_lng, max_lng = geo.box_around(lat, lng, radius)
        box = {"min_lat": min_lat, "max_lat": max_lat, "min_lng": min_lng, "max_lng": max_lng}
        in_box = AedSite.objects.raw(
            NEAREST_SQL, {**params, **{key: _decimal(value) for key, value in box.items()}}
        )
        ranked = sorted(
            (geo.haversine_m(lat, lng, float(site.latitude), float(site.longitude)), site.pk, site)
            for site in in_box
        )
        ranked = [row for row in ranked if row[0] <= radius]
        if len(ranked) >= count or radius >= NEAREST_MAX_RADIUS_M:
            break
        radius = min(radius * 4, NEAREST_MAX_RADIUS_M)
    return [
        NearbyAed(
            site=site,
            distance_m=distance,
            bearing=geo.bearing_deg(lat, lng, float(site.latitude), float(site.longitude)),
            readiness=site.readiness(today),
            open_now=hours.is_open(site.opening_hours, now),
        )
        for distance, _pk, site in ranked[:count]
    ]


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
