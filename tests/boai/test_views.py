from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from apps.boai.selectors import boai_home_counts, boai_homes_by_district
from tests.factories import (
    district,
    make_activity,
    make_boai_home,
    make_criterion,
    make_filtered_homes,
    make_rating,
    make_score,
    make_service,
)

pytestmark = pytest.mark.django_db


def _homes(response):
    return [home.name for home in response.context["page_obj"]]


# --- index --------------------------------------------------------------------------------


def test_homes_by_district_agree_with_the_f20_total():
    make_boai_home(district=district("liangxi"), excellent_year=2022)
    make_boai_home(district=district("liangxi"))
    make_boai_home(district=district("binhu"), excellent_year=2023)
    make_boai_home(district=district("binhu"), is_active=False, excellent_year=2023)
    rows = {d.code: d for d in boai_homes_by_district()}
    assert (rows["liangxi"].homes, rows["liangxi"].excellent) == (2, 1)
    assert (rows["binhu"].homes, rows["binhu"].excellent) == (1, 1)
    assert rows["xishan"].homes == 0
    totals = boai_home_counts()
    assert sum(d.homes for d in rows.values()) == totals["total"] == 3
    assert sum(d.excellent for d in rows.values()) == totals["excellent"] == 2


def test_list_shows_each_homes_latest_star_rating(client):
    home = make_boai_home(name="甲博爱家园")
    make_rating(home=home, year=2022, stars=2)
    make_rating(home=home, year=2023, stars=5)
    make_boai_home(name="乙博爱家园")
    response = client.get(reverse("boai:index"))
    assert response.status_code == 200
    homes = {h.name: h for h in response.context["page_obj"]}
    assert (homes["甲博爱家园"].latest_stars, homes["甲博爱家园"].latest_rating_year) == (5, 2023)
    assert homes["乙博爱家园"].latest_stars is None


def test_list_filters_by_district_latest_stars_and_excellent(client):
    make_filtered_homes()
    url = reverse("boai:index")
    assert _homes(client.get(url, {"district": "liangxi"})) == ["梁溪五星优秀", "梁溪曾经五星"]
    assert _homes(client.get(url, {"stars": "5"})) == ["梁溪五星优秀"]
    assert _homes(client.get(url, {"excellent": "yes"})) == ["梁溪五星优秀", "滨湖优秀"]
    assert _homes(client.get(url, {"excellent": "no"})) == ["梁溪曾经五星"]
    assert _homes(client.get(url, {"district": "binhu", "excellent": "yes"})) == ["滨湖优秀"]


@pytest.mark.parametrize(
    "params",
    [
        {"district": "\x00"},
        {"district": "nowhere", "stars": "9"},
        {"stars": "x", "excellent": "maybe"},
        {"page": "999999"},
        {"page": "\x00"},
    ],
)
def test_list_ignores_invalid_filters_and_pages(client, params):
    make_boai_home(name="某博爱家园")
    response = client.get(reverse("boai:index"), params)
    assert response.status_code == 200
    assert _homes(response) == ["某博爱家园"]


def test_list_paginates_and_a_page_past_the_end_is_the_last(client):
    for n in range(23):
        make_boai_home(name=f"家园{n:02d}")
    response = client.get(reverse("boai:index"), {"page": "99"})
    assert response.context["page_obj"].number == 2
    assert len(_homes(response)) == 3


def test_list_query_count_does_not_grow_with_homes(client, django_assert_max_num_queries):
    for n in range(25):
        home = make_boai_home(excellent_year=2022 if n % 2 else None)
        make_rating(home=home, year=2023, stars=1 + n % 5)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("boai:index"), {"excellent": "yes"})
    assert response.status_code == 200


# --- detail -------------------------------------------------------------------------------


def test_detail_explains_each_rating_by_its_scores(client):
    home = make_boai_home(
        name="晴山博爱家园",
        community="晴山社区",
        address="惠山区某路1号",
        opened_year=2018,
        excellent_year=2021,
    )
    home.services.add(make_service(name="应急救护"), make_service(name="助老服务"))
    facilities = make_criterion(name="阵地建设", max_score=Decimal("40.0"), sort_order=1)
    work = make_criterion(name="服务开展", max_score=Decimal("60.0"), sort_order=2)
    rating = make_rating(home=home, year=2023, stars=4, reviewed_on=date(2023, 12, 5))
    make_score(rating=rating, criterion=facilities, score=Decimal("35.5"))
    make_score(rating=rating, criterion=work, score=Decimal("50.0"))
    make_rating(home=home, year=2022, stars=3)
    response = client.get(reverse("boai:detail", args=[home.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "晴山社区",
        "惠山区某路1号",
        "2018",
        "2021",
        "应急救护",
        "助老服务",
        "阵地建设",
        "35.5",
    ]:
        assert text in html
    first = response.context["ratings"][0]
    assert first["rating"].year == 2023
    assert first["total"] == Decimal("85.5")
    assert first["maximum"] == Decimal("100.0")
    assert "85.5" in html
    assert [item["rating"].year for item in response.context["ratings"]] == [2023, 2022]


def test_detail_lists_recent_activities_with_participants_paginated(client):
    home = make_boai_home()
    for day in range(1, 13):
        make_activity(
            home=home,
            title=f"活动{day:02d}",
            held_on=date(2024, 1, day),
            volunteers=day,
            beneficiaries=100 + day,
        )
    make_activity(title="别处的活动", held_on=date(2024, 2, 1))
    url = reverse("boai:detail", args=[home.pk])
    first = client.get(url)
    titles = [a.title for a in first.context["page_obj"]]
    assert titles[0] == "活动12" and len(titles) == 10
    assert "112" in first.content.decode()
    assert "别处的活动" not in first.content.decode()
    last = client.get(url, {"page": "50"})
    assert [a.title for a in last.context["page_obj"]] == ["活动02", "活动01"]


def test_detail_query_count_does_not_grow_with_ratings(client, django_assert_max_num_queries):
    home = make_boai_home()
    criteria = [make_criterion() for _ in range(4)]
    for year in range(2015, 2024):
        rating = make_rating(home=home, year=year)
        for criterion in criteria:
            make_score(rating=rating, criterion=criterion)
        make_activity(home=home, held_on=date(year, 5, 1))
    home.services.add(*[make_service() for _ in range(5)])
    with django_assert_max_num_queries(8):
        assert client.get(reverse("boai:detail", args=[home.pk])).status_code == 200


def test_inactive_or_unknown_home_is_not_found(client):
    home = make_boai_home(is_active=False)
    assert client.get(reverse("boai:detail", args=[home.pk])).status_code == 404
    assert client.get(reverse("boai:detail", args=[home.pk + 1000])).status_code == 404
