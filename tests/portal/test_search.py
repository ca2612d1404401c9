import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.aed.models import DeviceStatus
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_search_finds_published_records_across_areas(client):
    f.make_honor(title="红十字博爱奖")
    f.make_honor(title="博爱未公开", is_published=False)
    f.make_organization(name="博爱中学红十字会")
    f.make_boai_home(name="梁溪区博爱家园示范点")
    f.make_aed(name="博爱广场")
    f.make_aed(name="博爱大厦", status=DeviceStatus.RETIRED)

    response = client.get(reverse("portal:search"), {"q": "博爱"})

    found = {
        area: [str(item) for item in items] for area, _title, items in response.context["results"]
    }
    assert found["honors"] == ["2023 红十字博爱奖"]
    assert found["organizations"] == ["博爱中学红十字会"]
    assert found["boai"] == ["梁溪区博爱家园示范点"]
    assert found["aed"] == ["博爱广场"]


def test_search_says_when_nothing_is_found(client):
    response = client.get(reverse("portal:search"), {"q": "不存在的名字"})
    assert response.status_code == 200
    assert response.context["found"] is False


@pytest.mark.parametrize("query", ["", "博", " x ", "x" * 500, "\x00"])
def test_search_rejects_bad_queries_without_searching(client, query):
    response = client.get(reverse("portal:search"), {"q": query})
    assert response.status_code == 200
    assert response.context["results"] is None


def test_search_asks_for_two_characters_at_least(client):
    response = client.get(reverse("portal:search"), {"q": "博"})
    assert response.context["form"].errors["q"]
    assert "2" in response.context["form"].errors["q"][0]


def test_search_matches_a_caseless_query_without_upper_casing_every_name(client):
    f.make_organization(name="博爱中学红十字会")
    for n in range(12):
        f.make_boai_home(name=f"博爱家园{n:02d}")

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("portal:search"), {"q": "博爱"})

    searches = [q["sql"] for q in queries.captured_queries if "LIKE" in q["sql"].upper()]
    assert len(searches) == 4
    assert not any("UPPER(" in sql.upper() for sql in searches)
    # a common word stops at the tenth match, in the order of the homes' name index
    boai = next(sql for sql in searches if "boai_boaihome" in sql)
    assert "core_district" not in boai.split("ORDER BY")[-1]
    found = {area: items for area, _title, items in response.context["results"]}
    assert [home.name for home in found["boai"]] == [f"博爱家园{n:02d}" for n in range(10)]


def test_search_still_ignores_case_for_latin_letters(client):
    f.make_aed(name="AED 博爱广场")

    response = client.get(reverse("portal:search"), {"q": "aed"})

    found = {area: items for area, _title, items in response.context["results"]}
    assert [site.name for site in found["aed"]] == ["AED 博爱广场"]
