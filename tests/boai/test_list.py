import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.boai.models import BoaiHome, StarRating
from apps.boai.selectors import boai_home_list, boai_homes_by_district
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def homes():
    """Homes in three districts, some excellent, some rated, one closed."""
    for code, count in {"liangxi": 5, "binhu": 1, "jiangyin": 4}.items():
        for i in range(count):
            home = f.make_boai_home(
                name=f"{code}家园{count - i}",
                district=f.district(code),
                excellent_year=2022 if i % 2 else None,
            )
            if i % 3 == 0:
                f.make_rating(home=home, stars=3 + i % 2)
    f.make_boai_home(name="已关闭", district=f.district("binhu"), is_active=False)


@pytest.mark.parametrize(
    "filters", [{}, {"excellent": True}, {"excellent": False}, {"district_code": "jiangyin"}]
)
def test_home_list_pages_in_district_and_name_order_without_sorting_the_table(homes, filters):
    expected = BoaiHome.objects.active()
    if filters.get("district_code"):
        expected = expected.filter(district__code=filters["district_code"])
    if "excellent" in filters:
        expected = expected.filter(excellent_year__isnull=not filters["excellent"])
    expected = list(expected.order_by("district__sort_order", "name", "pk"))
    listed = boai_home_list(**filters, districts=list(boai_homes_by_district()))

    paginator = Paginator(listed, 3)
    with CaptureQueriesContext(connection) as queries:
        shown = [h for n in paginator.page_range for h in paginator.page(n).object_list]

    assert [h.pk for h in shown] == [h.pk for h in expected]
    assert [h.latest_stars for h in shown] == [h.latest_stars for h in expected]
    assert paginator.count == len(expected)
    sql = " ".join(q["sql"] for q in queries.captured_queries).upper()
    assert "COUNT(" not in sql  # the count comes from the tally
    assert "CORE_DISTRICT" not in sql  # no sort on the district's sort order over the table


def test_index_counts_no_homes_without_a_star_filter(client, homes):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("boai:index"), {"page": 2})

    assert response.status_code == 200
    assert not any(
        "COUNT(*)" in q["sql"].upper() and "BOAI_BOAIHOME" in q["sql"].upper()
        for q in queries.captured_queries
    )


def test_star_filter_still_counts_and_filters_by_the_latest_rating(client, homes):
    listed = boai_home_list(stars=3, districts=list(boai_homes_by_district()))

    latest = {}  # home -> stars of its latest rating, read from the ratings themselves
    for rating in StarRating.objects.order_by("year"):
        latest[rating.home_id] = rating.stars
    assert {h.name for h in listed} == {
        h.name for h in BoaiHome.objects.active() if latest.get(h.pk) == 3
    }


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans")
def test_home_list_reads_a_district_through_the_active_list_index(homes):
    with connection.cursor() as cursor:
        # A table this small would be read whole, or through any index and then sorted,
        # as the statistics left by earlier tests happen to suggest: the plan for a large
        # one is asked.
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_bitmapscan = off")
        plan = (
            BoaiHome.objects.active()
            .filter(district__in=[f.district("liangxi").pk])
            .order_by("name", "pk")
            .values("pk")[2:4]
            .explain()
        )
        cursor.execute("RESET enable_seqscan")
        cursor.execute("RESET enable_bitmapscan")

    assert "boai_home_active_list" in plan
    assert "Sort" not in plan
