"""The Boai homes map: the page names the endpoint, the endpoint answers the view's box
(apps/boai/views.py: geojson), like the AED finder's map."""

import json
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.boai import views
from apps.boai.selectors import boai_homes_in_bbox
from tests.factories import (
    district,
    make_activity,
    make_boai_home,
    make_filtered_homes,
    make_rating,
)

pytestmark = pytest.mark.django_db

BOX = "120.2,31.5,120.4,31.65"  # the city centre
INSIDE = {"latitude": Decimal("31.568000"), "longitude": Decimal("120.299000")}
YIXING = {"latitude": Decimal("31.360000"), "longitude": Decimal("119.820000")}


def _geojson(client, **params):
    response = client.get(reverse("boai:geojson"), {"bbox": BOX} | params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    return json.loads(response.content)


def _names(data):
    return sorted(feature["properties"]["name"] for feature in data["features"])


# --- the endpoint ---------------------------------------------------------------------------


def test_geojson_writes_any_name_as_json_that_no_browser_takes_for_html(client):
    name = '"Sunny" <b>博爱</b> & \\ home'
    home = make_boai_home(name=name, **INSIDE)
    response = client.get(reverse("boai:geojson"), {"bbox": BOX})
    assert not set(b"<>&") & set(response.content)
    [feature] = json.loads(response.content)["features"]
    assert feature["properties"]["name"] == name
    assert feature["properties"]["url"] == reverse("boai:detail", args=[home.pk])


def test_geojson_gives_active_homes_in_the_box_with_what_the_popup_shows(client):
    home = make_boai_home(name="三阳博爱家园", excellent_year=2022, **INSIDE)
    make_boai_home(name="普通博爱家园", latitude=Decimal("31.6"), longitude=Decimal("120.25"))
    make_boai_home(name="宜兴博爱家园", **YIXING)
    make_boai_home(name="停用博爱家园", is_active=False, **INSIDE)

    data = _geojson(client)

    assert data["type"] == "FeatureCollection"
    assert data["truncated"] is False
    assert _names(data) == ["三阳博爱家园", "普通博爱家园"]
    [feature] = [f for f in data["features"] if f["id"] == home.pk]
    assert feature == {
        "type": "Feature",
        "id": home.pk,
        "geometry": {"type": "Point", "coordinates": [120.299, 31.568]},
        "properties": {
            "name": "三阳博爱家园",
            "url": reverse("boai:detail", args=[home.pk]),
            "excellent": True,
        },
    }
    others = [f["properties"]["excellent"] for f in data["features"] if f["id"] != home.pk]
    assert others == [False]


def test_geojson_keeps_markup_in_a_name_as_text(client):
    make_boai_home(name="</script><b>家园&", **INSIDE)
    response = client.get(reverse("boai:geojson"), {"bbox": BOX})
    assert b"<" not in response.content and b"&" not in response.content
    assert _names(json.loads(response.content)) == ["</script><b>家园&"]


def test_geojson_box_edges_belong_to_the_box(client):
    make_boai_home(name="西南角", latitude=Decimal("31.5"), longitude=Decimal("120.2"))
    make_boai_home(name="东北角", latitude=Decimal("31.65"), longitude=Decimal("120.4"))
    make_boai_home(name="北边外", latitude=Decimal("31.650001"), longitude=Decimal("120.3"))
    assert _names(_geojson(client)) == ["东北角", "西南角"]


def test_geojson_links_in_the_language_it_is_asked_in(client, english):
    home = make_boai_home(**INSIDE)
    url = reverse("boai:geojson")
    assert url.startswith("/en/")
    [feature] = json.loads(client.get(url, {"bbox": BOX}).content)["features"]
    assert feature["properties"]["url"] == f"/en/boai/{home.pk}/"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["梁溪五星优秀", "梁溪曾经五星", "滨湖优秀"]),
        ({"district": "liangxi"}, ["梁溪五星优秀", "梁溪曾经五星"]),
        ({"stars": "5"}, ["梁溪五星优秀"]),
        ({"stars": "3"}, ["梁溪曾经五星"]),
        ({"excellent": "yes"}, ["梁溪五星优秀", "滨湖优秀"]),
        ({"excellent": "no"}, ["梁溪曾经五星"]),
        ({"district": "binhu", "excellent": "yes"}, ["滨湖优秀"]),
        ({"district": "binhu", "stars": "5"}, []),
        (
            {"district": "", "stars": "", "excellent": ""},
            ["梁溪五星优秀", "梁溪曾经五星", "滨湖优秀"],
        ),
    ],
)
def test_geojson_applies_the_filters_of_the_list(client, params, expected):
    make_filtered_homes()
    make_boai_home(name="宜兴优秀", district=district("yixing"), excellent_year=2022, **YIXING)

    assert _names(_geojson(client, **params)) == sorted(expected)


def test_geojson_is_capped_and_says_so(client, monkeypatch):
    monkeypatch.setattr(views, "MAX_FEATURES", 2)
    homes = [make_boai_home(**INSIDE) for _ in range(3)]
    data = _geojson(client)
    assert [f["id"] for f in data["features"]] == [h.pk for h in homes[:2]]
    assert data["truncated"] is True

    homes[2].delete()
    data = _geojson(client)
    assert len(data["features"]) == 2
    assert data["truncated"] is False


def test_geojson_lists_no_more_markers_than_a_map_can_show(client):
    assert views.MAX_FEATURES <= 300
    # The longest name a home may have: even then a full answer stays well under 1 MB.
    make_boai_home(name="博" * 120, **INSIDE)
    body = client.get(reverse("boai:geojson"), {"bbox": BOX}).content
    assert len(body) * views.MAX_FEATURES < 500_000


def test_geojson_shows_nothing_but_the_markers_columns(client):
    home = make_boai_home(
        name="晴山博爱家园",
        community="保密社区名",
        address="某路某号101室",
        excellent_year=2021,
        **INSIDE,
    )
    make_rating(home=home, stars=5, reviewed_by="王评审")
    make_activity(home=home, title="志愿者张某某家访")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("boai:geojson"), {"bbox": BOX, "stars": "5"})
    body = response.content.decode()
    assert "晴山博爱家园" in body
    for secret in ("保密社区名", "某路某号101室", "王评审", "张某某", "2021"):
        assert secret not in body
    [sql] = [q["sql"] for q in queries if "boai_boaihome" in q["sql"]]
    for column in ("address", "community", "photo", "opened_year", "reviewed_by", "core_district"):
        assert column not in sql
    assert f"LIMIT {views.MAX_FEATURES + 1}" in sql


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"bbox": ""},
        {"bbox": "1,2,3"},
        {"bbox": "a,b,c,d"},
        {"bbox": "120,31,119,32"},
        {"bbox": "0,0,200,10"},
        {"bbox": "nan,1,2,3"},
        {"bbox": "1,2,3,\x00"},
        {"bbox": "1," * 300},
    ],
)
def test_geojson_refuses_a_missing_or_bad_bbox_with_a_json_message(client, english, params):
    response = client.get(reverse("boai:geojson"), params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["error"] == "Invalid bounding box."
    assert data["errors"]["bbox"][0]["message"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"district": "nowhere"}, "district"),
        ({"district": "\x00"}, "district"),
        ({"stars": "9"}, "stars"),
        ({"stars": "x"}, "stars"),
        ({"excellent": "maybe"}, "excellent"),
        ({"district": "<script>alert(1)</script>"}, "district"),
    ],
)
def test_geojson_refuses_invalid_filters_with_a_json_message(client, english, params, field):
    response = client.get(reverse("boai:geojson"), {"bbox": BOX} | params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["error"] == "Invalid filters."
    assert list(data["errors"]) == [field]
    # What was sent may be quoted back, but never as markup.
    assert b"<script>" not in response.content


def test_geojson_query_count_does_not_grow_with_homes(client, django_assert_num_queries):
    for _ in range(3):
        make_rating(home=make_boai_home(**INSIDE), stars=4)
    with django_assert_num_queries(2):  # the districts, the homes
        few = _geojson(client, district="liangxi", stars="4", excellent="no")
    for _ in range(30):
        make_rating(home=make_boai_home(**INSIDE), stars=4)
    with django_assert_num_queries(2):
        many = _geojson(client, district="liangxi", stars="4", excellent="no")
    assert (len(few["features"]), len(many["features"])) == (3, 33)


def test_geojson_reads_the_box_through_the_index_of_active_positions():
    for n in range(20):
        make_boai_home(latitude=Decimal("31.5") + Decimal(n) / 100, longitude=Decimal("120.3"))
    homes = boai_homes_in_bbox((120.2, 31.5, 120.4, 31.65))[: views.MAX_FEATURES + 1]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # A table this small would be read whole; the plan for a large one is asked.
            cursor.execute("SET LOCAL enable_seqscan = off")
            plan = homes.explain()
    else:
        plan = homes.explain()
    assert "boai_home_active_position" in plan


def test_geojson_is_served_from_the_page_cache(client, settings, django_assert_num_queries):
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    try:
        make_boai_home(**INSIDE)
        url = f"{reverse('boai:geojson')}?bbox={BOX}"
        first = client.get(url)
        with django_assert_num_queries(0):
            again = client.get(url)
        assert again.content == first.content
        assert again["Content-Type"] == "application/geo+json"
        # A refusal is not kept.
        assert client.get(reverse("boai:geojson")).status_code == 400
        with django_assert_num_queries(1):  # the districts, asked again
            assert client.get(reverse("boai:geojson")).status_code == 400
    finally:
        cache.clear()


# --- the index page -------------------------------------------------------------------------


def test_index_map_asks_the_endpoint_with_the_valid_filters(client):
    make_boai_home(name="某博爱家园")
    response = client.get(
        reverse("boai:index"), {"district": "liangxi", "stars": "4", "excellent": "no", "page": "2"}
    )
    config = response.context["map_config"]
    assert config["geojson"] == reverse("boai:geojson")
    assert config["filters"] == "district=liangxi&stars=4&excellent=no"
    assert "homes" not in config
    assert set(config["labels"]) == {"excellent", "details", "zoom_in"}

    # Invalid filters are ignored by the list: the map leaves them out as well.
    response = client.get(reverse("boai:index"), {"district": "nowhere", "excellent": "yes"})
    assert response.context["map_config"]["filters"] == "excellent=yes"
    assert client.get(reverse("boai:index")).context["map_config"]["filters"] == ""


def test_index_map_asks_in_the_language_of_the_page(client, english):
    config = client.get(reverse("boai:index")).context["map_config"]
    assert config["geojson"] == "/en/boai/homes.geojson"


def test_index_page_does_not_grow_with_the_number_of_homes(client):
    def page():
        return client.get(reverse("boai:index")).content.decode()

    for n in range(21):
        make_boai_home(name=f"A{n:04d}博爱家园", **INSIDE)
    few = page()
    for n in range(21, 400):
        make_boai_home(name=f"B{n:04d}博爱家园", **INSIDE)
    many = page()
    # The same first page of the list; only counts and page links differ (21 → 400 homes).
    assert abs(len(many.encode()) - len(few.encode())) < 500
    assert "A0020博爱家园" not in few  # on page 2 of the list, and on no map in the page
    assert "B0" not in many
