import json
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.aed import views
from apps.aed.models import AedSite, DeviceStatus, VenueType
from tests.factories import district, make_aed, make_inspection

pytestmark = pytest.mark.django_db

NOW = datetime(2024, 7, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Monday morning
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch):
    monkeypatch.setattr(views, "shanghai_now", lambda: NOW)


def ready_aed(**fields):
    site = make_aed(**fields)
    make_inspection(site=site, inspected_on=TODAY - timedelta(days=5), inspector="王检查")
    return site


def expired_aed(**fields):
    site = make_aed(**fields)
    make_inspection(
        site=site,
        inspected_on=TODAY - timedelta(days=20),
        pads_expire_on=TODAY - timedelta(days=1),
        inspector="李巡检",
    )
    return site


# --- the finder's list ---------------------------------------------------------------------


def test_index_lists_sites_in_service_with_readiness_in_words(client):
    ready = ready_aed(name="三阳广场站")
    expired = expired_aed(name="过期商场")
    make_aed(name="维修中点位", status=DeviceStatus.REPAIR)
    make_aed(name="已退役点位", status=DeviceStatus.RETIRED)
    response = client.get(reverse("aed:index"))
    assert response.status_code == 200
    rows = {row["site"].name: row for row in response.context["rows"]}
    assert set(rows) == {"三阳广场站", "过期商场"}
    assert rows[ready.name]["readiness"] == "ready"
    assert rows[expired.name]["readiness"] == "out_of_service"
    assert "李巡检".encode() not in response.content
    assert b'id="aed-map-config"' in response.content


def test_an_expired_site_is_never_shown_as_ready(client):
    expired_aed(name="过期商场")
    html = client.get(reverse("aed:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    card = html.split("过期商场")[1].split("</li>")[0]
    assert "status-off" in card
    assert "status-ready" not in card


def test_index_filters_by_district_venue_and_open_now(client):
    wanted = ready_aed(venue_type=VenueType.GOVERNMENT, opening_hours="Mo-Fr 09:00-17:00")
    ready_aed(venue_type=VenueType.GOVERNMENT, opening_hours="Sa-Su 09:00-17:00")
    ready_aed(venue_type=VenueType.MALL)
    ready_aed(venue_type=VenueType.GOVERNMENT, district=district("yixing"))
    response = client.get(
        reverse("aed:index"), {"district": "liangxi", "venue": "government", "open_now": "on"}
    )
    assert [row["site"] for row in response.context["rows"]] == [wanted]
    assert response.context["map_config"]["filters"] == (
        "district=liangxi&venue=government&open_now=on"
    )


def test_index_filters_by_24_hours(client):
    always = ready_aed(opening_hours="24/7")
    ready_aed(opening_hours="Mo-Su 06:00-23:00")
    response = client.get(reverse("aed:index"), {"all_day": "on"})
    assert [row["site"] for row in response.context["rows"]] == [always]


def test_index_reports_a_bad_filter_and_ignores_it(client):
    ready_aed()
    response = client.get(reverse("aed:index"), {"district": "atlantis\x00", "venue": "moon"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"district", "venue"}
    assert len(response.context["rows"]) == 1


def test_index_page_past_the_end_shows_the_last_page(client):
    for _ in range(views.PER_PAGE + 1):
        make_aed()
    response = client.get(reverse("aed:index"), {"page": "999"})
    assert response.context["page_obj"].number == 2
    assert len(response.context["rows"]) == 1


def test_index_pages_district_by_district_in_the_usual_order(client, monkeypatch):
    monkeypatch.setattr(views, "PER_PAGE", 3)
    for code in ("yixing", "liangxi", "binhu"):
        for name in ("乙", "甲", "丙"):
            make_aed(name=name, district=district(code))
    make_aed(district=district("xishan"), status=DeviceStatus.REPAIR)
    expected = list(AedSite.objects.in_service().order_by("district__sort_order", "name", "pk"))
    listed = []
    for page in (1, 2, 3):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("aed:index"), {"page": page})
        listed += [row["site"] for row in response.context["rows"]]
        sql = " ".join(q["sql"] for q in queries if '"aed_aedsite"' in q["sql"]).upper()
        # Neither a count nor a sort of every site: each district's part by the index.
        assert "COUNT(" not in sql
        assert 'ORDER BY "CORE_DISTRICT"' not in sql
    assert listed == expected
    assert response.context["page_obj"].paginator.count == 9
    assert not response.context["page_obj"].has_next()


# --- nearest -------------------------------------------------------------------------------


@pytest.mark.usefixtures("english")
def test_nearest_answers_distance_direction_and_indoor_location(client):
    ready_aed(
        latitude=Decimal("31.571000"),
        longitude=Decimal("120.302000"),
        location_detail="B1层安检口",
    )
    response = client.get(
        reverse("aed:nearest"), {"lat": "31.5689", "lng": "120.2994"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    [result] = response.context["results"]
    assert 300 < result.distance_m < 350
    html = response.content.decode()
    assert f"{result.rounded_m} m north-east" in html
    assert "Indoors: B1层安检口" in html
    assert "open now" in html
    assert "王检查" not in html


@pytest.mark.parametrize(
    "params",
    [
        {"lat": "91", "lng": "120"},
        {"lat": "31.5", "lng": "181"},
        {"lat": "nan", "lng": "120"},
        {"lat": "abc", "lng": "1e400"},
        {"lat": "31.5"},
        {"lat": "\x00", "lng": "120"},
    ],
)
def test_nearest_with_bad_coordinates_shows_a_message(client, params):
    response = client.get(reverse("aed:nearest"), params)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert response.context["results"] is None
    assert b'class="errorlist"' in response.content


def test_nearest_without_a_point_shows_the_empty_form(client):
    response = client.get(reverse("aed:nearest"))
    assert response.status_code == 200
    assert not response.context["form"].is_bound


# --- detail --------------------------------------------------------------------------------


@pytest.mark.usefixtures("english")
def test_detail_shows_the_public_facts_but_no_people_or_serial(client):
    site = ready_aed(
        name="无锡站北广场",
        keeper="某某物业安保部",
        device_model="BeneHeart C1A",
        serial_number="SN-SECRET-9",
        opening_hours="Mo-Su 06:00-23:00",
    )
    response = client.get(reverse("aed:detail", args=[site.pk]), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert "无锡站北广场" in html
    assert "BeneHeart C1A" in html
    assert (TODAY - timedelta(days=5)).isoformat() in html
    assert "status-ready" in html
    assert "open now" in html
    for secret in ("王检查", "SN-SECRET-9", "某某物业安保部"):
        assert secret not in html


def test_detail_of_a_retired_site_is_not_found(client):
    site = make_aed(status=DeviceStatus.RETIRED)
    assert client.get(reverse("aed:detail", args=[site.pk])).status_code == 404


def test_detail_of_a_site_under_repair_says_out_of_service(client):
    site = make_aed(status=DeviceStatus.REPAIR)
    response = client.get(reverse("aed:detail", args=[site.pk]))
    assert response.context["readiness"] == "out_of_service"


# --- GeoJSON -------------------------------------------------------------------------------


def test_geojson_gives_in_service_sites_in_the_box_tagged_as_in_osm(client):
    site = ready_aed(
        name="三阳广场站",
        latitude=Decimal("31.568000"),
        longitude=Decimal("120.299000"),
        indoor=False,
        location_detail="2号口",
        opening_hours="Mo-Su 06:00-23:00",
    )
    ready_aed(latitude=Decimal("31.360000"), longitude=Decimal("119.820000"))  # Yixing
    make_aed(status=DeviceStatus.REPAIR)
    response = client.get(reverse("aed:geojson"), {"bbox": "120.2,31.5,120.4,31.65"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    [feature] = data["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [120.299, 31.568]}
    assert feature["properties"] | {"url": None} == {
        "emergency": "defibrillator",
        "name": "三阳广场站",
        "opening_hours": "Mo-Su 06:00-23:00",
        "defibrillator:location": "2号口",
        "access": "yes",
        "indoor": "no",
        "readiness": "ready",
        "open_now": True,
        "url": None,
    }
    assert feature["properties"]["url"] == reverse("aed:detail", args=[site.pk])


def test_geojson_writes_any_name_as_json_that_no_browser_takes_for_html(client):
    name = '"Sunny" <b>广场</b> & \\ station'
    ready_aed(name=name, latitude=Decimal("31.568000"), longitude=Decimal("120.299000"))
    response = client.get(reverse("aed:geojson"), {"bbox": "120.2,31.5,120.4,31.65"})
    assert not set(b"<>&") & set(response.content)
    [feature] = json.loads(response.content)["features"]
    assert feature["properties"]["name"] == name


def test_geojson_defaults_to_wuxi_and_marks_expired_sites(client):
    expired_aed(latitude=Decimal("31.360000"), longitude=Decimal("119.820000"))
    data = json.loads(client.get(reverse("aed:geojson")).content)
    assert [f["properties"]["readiness"] for f in data["features"]] == ["out_of_service"]


def test_geojson_is_capped_and_says_so(client, monkeypatch):
    monkeypatch.setattr(views, "MAX_FEATURES", 2)
    for _ in range(3):
        make_aed()
    data = json.loads(client.get(reverse("aed:geojson")).content)
    assert len(data["features"]) == 2
    assert data["truncated"] is True


def test_geojson_reads_only_what_the_map_shows(client):
    make_aed(serial_number="SN-NOT-SHOWN")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("aed:geojson"))
    assert response.status_code == 200
    [sql] = [q["sql"] for q in queries if "aed_aedsite" in q["sql"]]
    for column in ("serial_number", "manufacturer", "keeper", "photo", "core_district"):
        assert column not in sql
    assert f"LIMIT {views.MAX_FEATURES + 1}" in sql


def test_geojson_lists_no_more_markers_than_a_map_can_show():
    # About 350 bytes a feature: a full answer stays near 100 kB, not near the 1 MB limit.
    assert views.MAX_FEATURES <= 300


@pytest.mark.parametrize(
    "bbox", ["1,2,3", "a,b,c,d", "120,31,119,32", "0,0,200,10", "nan,1,2,3", "1,2,3,\x00"]
)
def test_geojson_refuses_a_bad_bbox_with_a_json_message(client, bbox):
    response = client.get(reverse("aed:geojson"), {"bbox": bbox})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["errors"]["bbox"]
