import math
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.aed import geo
from apps.aed.models import DeviceStatus, InspectionResult, Readiness, VenueType
from apps.aed.selectors import NEAREST_SPARE, filter_sites, nearest_available, sites_in_service
from tests.factories import district, make_aed, make_inspection

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2024, 7, 1, 10, 0, tzinfo=SHANGHAI)  # a Monday morning
TODAY = NOW.date()
HERE = (31.5689, 120.2994)  # Wuxi, near Sanyang Square
M_PER_DEG = math.pi * 6_371_008.8 / 180


def law_of_cosines_m(lat1, lng1, lat2, lng2, radius=6_371_008.8):
    """Great-circle distance by the spherical law of cosines: a second, independent formula."""
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lng2 - lng1)
    c = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return radius * math.acos(max(-1.0, min(1.0, c)))


def site_at(dlat_m=0.0, dlng_m=0.0, **fields):
    """A ready site `dlat_m` metres north and `dlng_m` metres east of HERE."""
    lat = HERE[0] + dlat_m / M_PER_DEG
    lng = HERE[1] + dlng_m / (M_PER_DEG * math.cos(math.radians(HERE[0])))
    site = make_aed(latitude=Decimal(f"{lat:.6f}"), longitude=Decimal(f"{lng:.6f}"), **fields)
    make_inspection(site=site, inspected_on=TODAY - timedelta(days=10))
    return site


# --- distances and directions -------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (HERE, (31.2990, 120.5853)),  # Wuxi to Suzhou, about 40 km
        (HERE, (31.5699, 120.3004)),  # about 145 m
        ((31.84, 120.28), (31.36, 119.82)),  # Jiangyin to Yixing
        ((0.0, 0.0), (0.0, 90.0)),
    ],
)
def test_haversine_agrees_with_the_law_of_cosines(a, b):
    assert geo.haversine_m(*a, *b) == pytest.approx(law_of_cosines_m(*a, *b), rel=1e-6, abs=0.01)


def test_haversine_gives_known_distances():
    # One degree along a meridian is pi*R/180; a quarter of the equator is pi*R/2.
    assert geo.haversine_m(31.0, 120.0, 32.0, 120.0) == pytest.approx(111_195.08, abs=0.05)
    assert geo.haversine_m(0, 0, 0, 90) == pytest.approx(10_007_557.2, abs=1)
    assert geo.haversine_m(*HERE, *HERE) == 0


@pytest.mark.parametrize(
    ("dlat", "dlng", "word"),
    [
        (1, 0, "north"),
        (1, 1, "north-east"),
        (0, 1, "east"),
        (-1, -1, "south-west"),
        (0, -1, "west"),
    ],
)
@pytest.mark.usefixtures("english")
def test_compass_point_names_the_direction_to_walk(dlat, dlng, word):
    bearing = geo.bearing_deg(*HERE, HERE[0] + dlat * 0.001, HERE[1] + dlng * 0.001 / 0.852)
    assert str(geo.compass_point(bearing)) == word


# --- nearest AEDs --------------------------------------------------------------------------


@pytest.mark.usefixtures("english")
def test_nearest_are_ordered_by_distance_with_direction():
    far = site_at(dlat_m=600)
    near = site_at(dlat_m=230, dlng_m=230)
    results = nearest_available(*HERE, count=5, now=NOW)
    assert [r.site for r in results] == [near, far]
    assert results[0].distance_m == pytest.approx(325, abs=2)
    assert results[0].rounded_m == 330
    assert str(results[0].direction) == "north-east"
    assert results[0].readiness == Readiness.READY
    assert results[0].open_now is True  # 24/7 by default


def test_nearest_skips_sites_that_cannot_be_used():
    usable = site_at(dlat_m=900)
    site_at(dlat_m=100, status=DeviceStatus.REPAIR)
    site_at(dlat_m=110, status=DeviceStatus.RETIRED)
    faulty = make_aed(latitude=Decimal("31.5700"), longitude=Decimal("120.2994"))
    make_inspection(
        site=faulty, inspected_on=TODAY - timedelta(days=3), result=InspectionResult.FAULT
    )
    expired = make_aed(latitude=Decimal("31.5695"), longitude=Decimal("120.2994"))
    make_inspection(
        site=expired,
        inspected_on=date(2024, 1, 5),
        pads_expire_on=TODAY - timedelta(days=1),
    )
    assert [r.site for r in nearest_available(*HERE, now=NOW)] == [usable]


def test_a_site_never_checked_is_offered_as_overdue_not_hidden():
    site = make_aed(latitude=Decimal("31.5700"), longitude=Decimal("120.2994"))
    [result] = nearest_available(*HERE, now=NOW)
    assert result.site == site
    assert result.readiness == Readiness.CHECK_OVERDUE


def test_nearest_is_exact_beyond_the_first_box_corner():
    # In the first 1 km box's corner, 1.34 km away; just outside it due north, 1.1 km away.
    corner = site_at(dlat_m=950, dlng_m=950)
    north = site_at(dlat_m=1_100)
    assert [r.site for r in nearest_available(*HERE, count=1, now=NOW)] == [north]
    assert [r.site for r in nearest_available(*HERE, count=2, now=NOW)] == [north, corner]


def test_nearest_widens_the_search_and_stops_at_100_km():
    distant = site_at(dlat_m=40_000)
    site_at(dlat_m=150_000)
    results = nearest_available(*HERE, count=3, now=NOW)
    assert [r.site for r in results] == [distant]
    assert results[0].distance_km == "40.0"
    assert nearest_available(0.0, 0.0, now=NOW) == []


def test_nearest_query_count_does_not_grow_with_the_sites(django_assert_max_num_queries):
    for n in range(30):
        site_at(dlat_m=50 * n, dlng_m=-20 * n)
    with django_assert_max_num_queries(1):
        results = nearest_available(*HERE, count=5, now=NOW)
    assert len(results) == 5


def test_nearest_reads_no_inspection_and_only_the_nearest_few_whole():
    # A dense neighbourhood: the box holds 40 sites. One query reads their usability from
    # their own columns, and only the nearest ten (twice the five asked for) whole.
    for n in range(40):
        site_at(dlat_m=4 * n, dlng_m=-3 * n)
    with CaptureQueriesContext(connection) as queries:
        results = nearest_available(*HERE, count=5, now=NOW)
    assert [r.distance_m for r in results] == pytest.approx([5 * n for n in range(5)], abs=0.5)
    [query] = [q["sql"] for q in queries]
    assert "aed_aedinspection" not in query
    assert query.split()[-2:] == ["LIMIT", str(5 * NEAREST_SPARE)]


def test_nearest_weighs_a_degree_of_longitude_by_the_latitude():
    # At Wuxi's latitude a degree of longitude is 0.85 of one of latitude: the site 290 m
    # east lies more degrees away than the one 300 m north, and is still the nearer.
    north = site_at(dlat_m=300)
    east = site_at(dlng_m=290)
    farther_east = site_at(dlng_m=310)
    assert [r.site for r in nearest_available(*HERE, count=3, now=NOW)] == [
        east,
        north,
        farther_east,
    ]


def test_nearest_skips_a_nearer_site_once_its_newest_check_finds_a_fault():
    far = site_at(dlat_m=600)
    near = site_at(dlat_m=100)
    assert [r.site for r in nearest_available(*HERE, now=NOW)] == [near, far]
    make_inspection(site=near, inspected_on=TODAY - timedelta(days=1), result="fault")
    assert [r.site for r in nearest_available(*HERE, now=NOW)] == [far]


# --- filters -------------------------------------------------------------------------------


def test_open_now_and_24_hours_filters_read_the_opening_hours():
    always = make_aed(opening_hours="24/7")
    office = make_aed(opening_hours="Mo-Fr 09:00-17:00; Sa 09:00-12:00")
    evening = make_aed(opening_hours="Mo-Su 18:00-23:00")
    odd = make_aed(opening_hours="PH off")

    def names(**filters):
        return set(filter_sites(sites_in_service(), now=NOW, **filters))

    assert names(open_now=True) == {always, office}
    assert names(all_day=True) == {always}
    assert names(open_now=True, all_day=True) == {always}
    assert names() == {always, office, evening, odd}


def test_district_and_venue_filters():
    mall = make_aed(venue_type=VenueType.MALL)
    make_aed(venue_type=VenueType.SCHOOL)
    make_aed(venue_type=VenueType.MALL, district=district("yixing"))
    found = filter_sites(sites_in_service(), district="liangxi", venue=VenueType.MALL)
    assert list(found) == [mall]


# --- indexes -------------------------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
def test_finder_queries_are_answered_from_their_indexes():
    for n in range(200):
        make_aed(venue_type=VenueType.MALL if n % 2 else VenueType.SCHOOL)
    filtered = filter_sites(sites_in_service(), district="liangxi", venue=VenueType.MALL)
    listed = sites_in_service().filter(district=district("liangxi")).order_by("name", "pk")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE aed_aedsite")
        cursor.execute("SET LOCAL enable_seqscan = off")  # few rows here; many in service
        hours_plan = filtered.order_by().values("opening_hours").distinct().explain()
        list_plan = listed.values_list("pk", flat=True)[40:60].explain()
    assert "aed_site_filters" in hours_plan
    assert "aed_site_list_order" in list_plan
    assert "Sort" not in list_plan
