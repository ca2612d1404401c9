from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.aed.models import (
    INSPECTION_INTERVAL,
    AedInspection,
    AedSite,
    DeviceStatus,
    InspectionResult,
    Readiness,
    assess_readiness,
)
from tests.factories import district, make_aed, make_inspection

pytestmark = pytest.mark.django_db

TODAY = date(2024, 6, 1)
DAY = timedelta(days=1)
FAR = TODAY + timedelta(days=365)


# --- constraints -------------------------------------------------------------------------


def test_serial_number_is_unique():
    make_aed(serial_number="MR-2022-0001")
    with pytest.raises(IntegrityError, match="serial_number"), transaction.atomic():
        make_aed(serial_number="MR-2022-0001")


def test_serial_number_cannot_be_blank():
    with pytest.raises(IntegrityError, match="aed_site_serial_required"), transaction.atomic():
        make_aed(serial_number="")


@pytest.mark.parametrize(
    ("field", "value", "constraint"),
    [
        ("latitude", Decimal("90.5"), "aed_site_latitude_range"),
        ("latitude", Decimal("-90.5"), "aed_site_latitude_range"),
        ("longitude", Decimal("180.5"), "aed_site_longitude_range"),
        ("longitude", Decimal("-180.5"), "aed_site_longitude_range"),
    ],
)
def test_coordinates_outside_wgs84_ranges_are_rejected(field, value, constraint):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        make_aed(**{field: value})


def test_coordinates_at_the_range_ends_are_accepted():
    assert make_aed(latitude=Decimal("-90"), longitude=Decimal("180")).pk
    assert make_aed(latitude=Decimal("90"), longitude=Decimal("-180")).pk


def test_site_is_inspected_at_most_once_a_day():
    site = make_aed()
    make_inspection(site=site, inspected_on=TODAY)
    assert make_inspection(site=make_aed(), inspected_on=TODAY).pk

    with pytest.raises(IntegrityError, match=r"site_id.*inspected_on"), transaction.atomic():
        make_inspection(site=site, inspected_on=TODAY)


@pytest.mark.parametrize("result", [InspectionResult.PASS, InspectionResult.MINOR])
@pytest.mark.parametrize(
    ("battery", "pads"),
    [(TODAY - DAY, FAR), (FAR, TODAY - DAY)],
    ids=["battery-expired", "pads-expired"],
)
def test_passed_inspection_with_expired_battery_or_pads_is_rejected(result, battery, pads):
    site = make_aed()
    with (
        pytest.raises(IntegrityError, match="aed_inspection_passed_not_expired"),
        transaction.atomic(),
    ):
        make_inspection(
            site=site,
            inspected_on=TODAY,
            result=result,
            battery_expires_on=battery,
            pads_expire_on=pads,
        )


def test_passed_inspection_on_the_day_battery_and_pads_expire_is_accepted():
    """The last day of a battery's life still counts, as readiness counts it."""
    inspection = make_inspection(inspected_on=TODAY, battery_expires_on=TODAY, pads_expire_on=TODAY)
    assert inspection.pk


def test_fault_inspection_may_record_expired_battery_and_pads():
    inspection = make_inspection(
        inspected_on=TODAY,
        result=InspectionResult.FAULT,
        battery_expires_on=TODAY - DAY,
        pads_expire_on=TODAY - DAY,
    )
    assert inspection.pk


# --- readiness -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "inspected_on", "result", "battery", "pads", "expected"),
    [
        (DeviceStatus.IN_SERVICE, TODAY, "pass", FAR, FAR, Readiness.READY),
        (DeviceStatus.IN_SERVICE, TODAY - DAY, "minor", FAR, FAR, Readiness.READY),
        (
            DeviceStatus.IN_SERVICE,
            TODAY - INSPECTION_INTERVAL,
            "pass",
            FAR,
            FAR,
            Readiness.READY,
        ),
        (DeviceStatus.IN_SERVICE, TODAY, "pass", TODAY, TODAY, Readiness.READY),
        (
            DeviceStatus.IN_SERVICE,
            TODAY - INSPECTION_INTERVAL - DAY,
            "pass",
            FAR,
            FAR,
            Readiness.CHECK_OVERDUE,
        ),
        (DeviceStatus.IN_SERVICE, None, None, None, None, Readiness.CHECK_OVERDUE),
        (DeviceStatus.REPAIR, TODAY, "pass", FAR, FAR, Readiness.OUT_OF_SERVICE),
        (DeviceStatus.RETIRED, TODAY, "pass", FAR, FAR, Readiness.OUT_OF_SERVICE),
        (DeviceStatus.REPAIR, None, None, None, None, Readiness.OUT_OF_SERVICE),
        (DeviceStatus.IN_SERVICE, TODAY, "fault", FAR, FAR, Readiness.OUT_OF_SERVICE),
        (
            DeviceStatus.IN_SERVICE,
            TODAY - DAY * 10,
            "pass",
            TODAY - DAY,
            FAR,
            Readiness.OUT_OF_SERVICE,
        ),
        (
            DeviceStatus.IN_SERVICE,
            TODAY - DAY * 10,
            "pass",
            FAR,
            TODAY - DAY,
            Readiness.OUT_OF_SERVICE,
        ),
        (
            DeviceStatus.IN_SERVICE,
            TODAY - INSPECTION_INTERVAL - DAY,
            "pass",
            TODAY - DAY,
            FAR,
            Readiness.OUT_OF_SERVICE,
        ),
    ],
    ids=[
        "checked-today",
        "passed-with-remarks",
        "checked-exactly-one-interval-ago",
        "battery-and-pads-expire-today",
        "checked-one-day-too-long-ago",
        "never-checked",
        "under-repair",
        "retired",
        "under-repair-never-checked",
        "last-check-found-fault",
        "battery-expired",
        "pads-expired",
        "expired-beats-overdue",
    ],
)
def test_assess_readiness(status, inspected_on, result, battery, pads, expected):
    assert assess_readiness(status, inspected_on, result, battery, pads, today=TODAY) == expected


def site_with(status=DeviceStatus.IN_SERVICE, inspections=()):
    """An AED site with inspections given as (days ago, result, battery expiry, pads expiry)."""
    site = make_aed(status=status)
    for days_ago, result, battery, pads in inspections:
        make_inspection(
            site=site,
            inspected_on=TODAY - timedelta(days=days_ago),
            result=result,
            battery_expires_on=battery,
            pads_expire_on=pads,
        )
    return site


OVERDUE_DAYS = INSPECTION_INTERVAL.days + 1
SITES = {
    "ready": (DeviceStatus.IN_SERVICE, [(3, "pass", FAR, FAR)], Readiness.READY),
    "never-checked": (DeviceStatus.IN_SERVICE, [], Readiness.CHECK_OVERDUE),
    "checked-too-long-ago": (
        DeviceStatus.IN_SERVICE,
        [(OVERDUE_DAYS, "pass", FAR, FAR)],
        Readiness.CHECK_OVERDUE,
    ),
    "under-repair": (DeviceStatus.REPAIR, [(3, "pass", FAR, FAR)], Readiness.OUT_OF_SERVICE),
    "retired": (DeviceStatus.RETIRED, [], Readiness.OUT_OF_SERVICE),
    "last-check-fault": (
        DeviceStatus.IN_SERVICE,
        [(40, "pass", FAR, FAR), (3, "fault", FAR, FAR)],
        Readiness.OUT_OF_SERVICE,
    ),
    "fault-since-repaired": (
        DeviceStatus.IN_SERVICE,
        [(40, "fault", FAR, FAR), (3, "pass", FAR, FAR)],
        Readiness.READY,
    ),
    "battery-expired": (
        DeviceStatus.IN_SERVICE,
        [(30, "pass", TODAY - DAY, FAR)],
        Readiness.OUT_OF_SERVICE,
    ),
    "pads-expired": (
        DeviceStatus.IN_SERVICE,
        [(30, "minor", FAR, TODAY - DAY)],
        Readiness.OUT_OF_SERVICE,
    ),
    "old-expiry-replaced": (
        DeviceStatus.IN_SERVICE,
        [(200, "pass", TODAY - DAY, TODAY - DAY), (3, "pass", FAR, FAR)],
        Readiness.READY,
    ),
}


@pytest.mark.parametrize("case", SITES)
def test_site_readiness_from_its_newest_inspection(case):
    status, inspections, expected = SITES[case]
    site = site_with(status, inspections)

    assert AedSite.objects.get(pk=site.pk).readiness(today=TODAY) == expected


def test_a_list_of_sites_knows_each_readiness_in_one_query(django_assert_num_queries):
    sites = {
        case: site_with(status, inspections) for case, (status, inspections, _) in SITES.items()
    }

    with django_assert_num_queries(1):
        listed = {s.pk: s.readiness(today=TODAY) for s in AedSite.objects.all()}

    assert listed == {sites[case].pk: SITES[case][2] for case in SITES}


def test_site_keeps_its_newest_inspections_facts():
    site = make_aed()
    make_inspection(site=site, inspected_on=date(2024, 1, 10), result=InspectionResult.FAULT)
    newest = make_inspection(
        site=site,
        inspected_on=date(2024, 4, 10),
        result=InspectionResult.MINOR,
        battery_expires_on=date(2026, 1, 1),
        pads_expire_on=date(2025, 2, 1),
    )
    make_inspection(inspected_on=date(2024, 5, 1))  # another site's, later

    site.refresh_from_db()

    assert site.last_inspected_on == newest.inspected_on
    assert site.last_result == InspectionResult.MINOR
    assert site.battery_expires_on == date(2026, 1, 1)
    assert site.pads_expire_on == date(2025, 2, 1)


def test_readiness_defaults_to_the_local_date():
    site = make_aed()
    make_inspection(site=site, inspected_on=timezone.localdate())
    site.refresh_from_db()
    assert site.readiness() == Readiness.READY


# --- querysets and properties --------------------------------------------------------------


def test_in_service_selects_devices_in_service():
    working = make_aed()
    make_aed(status=DeviceStatus.REPAIR)
    make_aed(status=DeviceStatus.RETIRED)
    assert list(AedSite.objects.in_service()) == [working]


def test_in_district_selects_that_district():
    jiangyin = make_aed(district=district("jiangyin"))
    make_aed(district=district("liangxi"))
    assert list(AedSite.objects.in_district(district("jiangyin"))) == [jiangyin]


def test_installed_between_includes_both_ends():
    days = [date(2019, 12, 31), date(2020, 1, 1), date(2024, 12, 31), date(2025, 1, 1)]
    for day in days:
        make_aed(installed_on=day)
    selected = AedSite.objects.installed_between(date(2020, 1, 1), date(2024, 12, 31))
    assert sorted(selected.values_list("installed_on", flat=True)) == days[1:3]


@pytest.mark.parametrize(
    ("hours", "expected"),
    [("24/7", True), (" 24/7 ", True), ("Mo-Su 08:00-22:00", False)],
)
def test_is_24h_reads_the_opening_hours(hours, expected):
    assert make_aed(opening_hours=hours).is_24h is expected


def test_str_contains_the_place_and_inspection_date():
    site = make_aed(name="无锡火车站北广场")
    assert str(site) == "无锡火车站北广场"
    text = str(make_inspection(site=site, inspected_on=date(2024, 6, 1)))
    assert "无锡火车站北广场" in text
    assert "2024-06-01" in text
    assert AedInspection.objects.count() == 1
