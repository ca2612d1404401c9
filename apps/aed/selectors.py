from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db.models import Q, Sum
from django.utils import timezone

from apps.core.periods import Period
from apps.core.tallies import tally_totals

from . import geo, hours
from .models import AedSite, AedStatusTally, DeviceStatus, InspectionResult, Readiness
from .tallies import AEDS

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Wuxi and its two county-level cities, with a margin: (min_lng, min_lat, max_lng, max_lat).
WUXI_BBOX = (119.3, 31.0, 120.9, 32.2)
# Nearest-AED search: first box radius, and how far to look before saying there is none.
NEAREST_FIRST_RADIUS_M = 1_000
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
    """Sites the public may see (not retired), with what readiness needs, cheapest to list."""
    return (
        AedSite.objects.exclude(status=DeviceStatus.RETIRED)
        .with_last_inspection()
        .select_related("district")
    )


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


def count_sites_in_service(*, district: str = "", venue: str = "", **hours_filters) -> int | None:
    """How many sites `filter_sites(sites_in_service(), ...)` lists, from the status tally;
    None when a filter on opening hours is on (the tally knows no hours)."""
    if any(hours_filters.values()):
        return None
    rows = AedStatusTally.objects.filter(status=DeviceStatus.IN_SERVICE)
    if district:
        rows = rows.filter(district__code=district)
    if venue:
        rows = rows.filter(venue_type=venue)
    return rows.aggregate(n=Sum("sites"))["n"] or 0


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

    A latitude/longitude box (indexed) is widened until it holds `count` candidates;
    exact haversine distances then rank them. The box circumscribes a circle, so a
    candidate farther than the box's inner radius could be beaten by a site just
    outside it: one last box as wide as the count-th distance settles that.
    """
    now = now or shanghai_now()
    today = today or now.date()
    usable = not_expired(sites_in_service(), today).only(
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
    )

    def within(radius_m):
        min_lat, max_lat, min_lng, max_lng = geo.box_around(lat, lng, radius_m)
        found = []
        for site in usable.filter(
            latitude__gte=min_lat,
            latitude__lte=max_lat,
            longitude__gte=min_lng,
            longitude__lte=max_lng,
        ):
            la, ln = float(site.latitude), float(site.longitude)
            found.append((geo.haversine_m(lat, lng, la, ln), site))
        found.sort(key=lambda pair: (pair[0], pair[1].pk))
        return found

    radius = NEAREST_FIRST_RADIUS_M
    while True:
        found = within(radius)
        if len(found) >= count or radius >= NEAREST_MAX_RADIUS_M:
            break
        radius = min(radius * 4, NEAREST_MAX_RADIUS_M)
    if len(found) >= count and found[count - 1][0] > radius:
        radius = min(found[count - 1][0], NEAREST_MAX_RADIUS_M)
        found = within(radius)
    found = [(d, site) for d, site in found if d <= radius]

    results = []
    for distance, site in found:
        readiness = site.readiness(today)
        if readiness == Readiness.OUT_OF_SERVICE:
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
        if len(results) == count:
            break
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
