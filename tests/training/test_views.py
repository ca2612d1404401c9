import re
from datetime import date, datetime, timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from apps.core.periods import Period
from apps.training.models import ModelRating, SessionKind
from apps.training.selectors import (
    trainees_by_year,
    training_coverage,
    training_coverage_by_district,
)
from tests.factories import (
    SHANGHAI,
    district,
    make_population,
    make_session,
    make_trainee,
    make_training_base,
    make_training_baseline,
)

pytestmark = pytest.mark.django_db

PERIOD = Period(date(2020, 1, 1), date(2024, 10, 31))


@pytest.fixture(autouse=True)
def _period(settings):
    settings.PORTAL_PERIOD_START = PERIOD.start
    settings.PORTAL_PERIOD_END = PERIOD.end


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def _training_in_two_districts():
    liangxi, binhu = district("liangxi"), district("binhu")
    make_population(district=liangxi, year=2023, registered_population=1000)
    make_population(district=binhu, year=2022, registered_population=3000)
    make_population(district=binhu, year=2030, registered_population=9999)  # after the period
    make_training_baseline(district=liangxi, people_trained=100)
    session = make_session(district=liangxi, starts_at=datetime(2021, 5, 1, 9, tzinfo=SHANGHAI))
    for _ in range(3):
        make_trainee(session=session, issued_on=date(2021, 5, 3), expires_on=date(2024, 5, 2))
    other = make_session(district=binhu, starts_at=datetime(2023, 5, 1, 9, tzinfo=SHANGHAI))
    make_trainee(session=other, issued_on=date(2023, 5, 3), expires_on=date(2026, 5, 2))
    # Starts on 1 January 2022 in Wuxi, still 2021 in UTC: counts for 2022.
    make_session(
        kind=SessionKind.AWARENESS,
        district=binhu,
        headcount=50,
        starts_at=datetime(2022, 1, 1, 0, 30, tzinfo=SHANGHAI),
    )
    make_session(
        kind=SessionKind.AWARENESS,
        district=liangxi,
        headcount=7,
        starts_at=datetime(2024, 3, 1, 14, tzinfo=SHANGHAI),
    )
    # Outside the period: counted nowhere.
    make_session(
        kind=SessionKind.AWARENESS,
        district=liangxi,
        headcount=1000,
        starts_at=datetime(2019, 3, 1, 14, tzinfo=SHANGHAI),
    )


# --- selectors ----------------------------------------------------------------------------


def test_trainees_by_year_groups_certificates_and_local_session_years():
    _training_in_two_districts()
    assert trainees_by_year(PERIOD) == [
        {"year": 2021, "certified": 3, "awareness": 0},
        {"year": 2022, "certified": 0, "awareness": 50},
        {"year": 2023, "certified": 1, "awareness": 0},
        {"year": 2024, "certified": 0, "awareness": 7},
    ]


def test_coverage_by_district_adds_up_to_the_total():
    _training_in_two_districts()
    rows = training_coverage_by_district(PERIOD)
    total = training_coverage(PERIOD)
    for key in ("baseline", "certified", "awareness", "trained", "population"):
        assert sum(row[key] for row in rows) == total[key], key
    by_code = {row["district"].code: row for row in rows}
    assert by_code["liangxi"]["trained"] == 100 + 3 + 7
    assert str(by_code["liangxi"]["percent"]) == "11.0"
    assert by_code["binhu"]["population"] == 3000
    assert str(by_code["binhu"]["percent"]) == "1.7"
    assert by_code["xishan"]["percent"] is None


# --- index --------------------------------------------------------------------------------


def test_index_adds_coverage_up_from_the_district_rows(client, django_assert_num_queries):
    _training_in_two_districts()
    # Read once for the districts' table, not again for the total: the tallies, the
    # baselines and the population.
    with django_assert_num_queries(10):
        response = client.get(reverse("training:index"))
    assert response.context["coverage"] == training_coverage(PERIOD)


def test_index_shows_figures_tables_bases_and_upcoming_public_sessions(client):
    _training_in_two_districts()
    base = make_training_base(
        name="滨湖实训基地",
        district=district("binhu"),
        model_rating=ModelRating.NATIONAL,
        rated_on=date(2022, 1, 1),
    )
    soon = timezone.now() + timedelta(days=3)
    make_session(title="公开报名救护员培训", is_open_to_public=True, starts_at=soon, base=base)
    make_session(title="内部培训", is_open_to_public=False, starts_at=soon)
    make_session(
        title="已结束的公开培训",
        is_open_to_public=True,
        starts_at=timezone.now() - timedelta(days=3),
    )
    response = client.get(reverse("training:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "滨湖实训基地" in html
    assert "公开报名救护员培训" in html
    assert "内部培训" not in html
    assert "已结束的公开培训" not in html
    assert [row["year"] for row in response.context["by_year"]] == [2021, 2022, 2023, 2024]
    assert response.context["coverage"]["certified"] == 4


def test_index_never_lists_trainees_or_instructors(client):
    session = make_session(
        instructor="李讲师", is_open_to_public=True, starts_at=timezone.now() + timedelta(days=1)
    )
    make_trainee(
        session=session,
        name="王小明",
        phone="13800000000",
        issued_on=date(2023, 1, 1),
        expires_on=date(2026, 1, 1),
    )
    html = client.get(reverse("training:index")).content.decode()
    assert "王小明" not in html
    assert "13800000000" not in html
    assert "李讲师" not in html


def test_index_query_count_does_not_grow_with_data(client, django_assert_max_num_queries):
    for n in range(5):
        make_training_base(name=f"基地{n}", district=district("xishan"))
        make_session(
            is_open_to_public=True,
            starts_at=timezone.now() + timedelta(days=n + 1),
            base=make_training_base(name=f"公开基地{n}"),
        )
    with django_assert_max_num_queries(10):
        assert client.get(reverse("training:index")).status_code == 200


# --- certificate check --------------------------------------------------------------------


def _result(response):
    return re.search(r'<div class="result".*?</div>', response.content.decode(), re.S).group()


def _check(client, number, name, **extra):
    return client.post(
        reverse("training:certificate"), {"certificate_number": number, "name": name}, **extra
    )


def test_certificate_check_answers_valid_with_expiry_date(client):
    make_trainee(
        certificate_number="WX202300000001",
        name="张三",
        phone="13800000000",
        issued_on=date(2023, 6, 2),
        expires_on=timezone.localdate() + timedelta(days=30),
    )
    response = _check(client, "  WX202300000001 ", " 张三 ")
    assert response.status_code == 200
    assert response.context["status"] == "valid"
    html = response.content.decode()
    assert (timezone.localdate() + timedelta(days=30)).isoformat() in html
    assert "13800000000" not in html


def test_certificate_check_answers_expired_with_expiry_date(client):
    make_trainee(
        certificate_number="WX202000000001",
        name="李四",
        issued_on=date(2020, 1, 2),
        expires_on=date(2023, 1, 1),
    )
    response = _check(client, "WX202000000001", "李四")
    assert response.context["status"] == "expired"
    assert "2023-01-01" in response.content.decode()


def test_wrong_name_and_unknown_number_give_the_same_not_found_answer(client):
    make_trainee(
        certificate_number="WX202300000002",
        name="张三",
        expires_on=date(2023, 1, 1),
        issued_on=date(2020, 1, 1),
    )
    wrong_name = _check(client, "WX202300000002", "张三丰")
    unknown = _check(client, "WX209900000000", "张三丰")
    assert wrong_name.context["status"] == unknown.context["status"] == "not_found"
    assert _result(wrong_name) == _result(unknown)
    assert "2023-01-01" not in wrong_name.content.decode()


def test_certificate_name_match_is_exact_apart_from_surrounding_spaces(client):
    make_trainee(certificate_number="WX202300000003", name="张三", expires_on=date(2099, 1, 1))
    assert _check(client, "WX202300000003", "张 三").context["status"] == "not_found"
    assert _check(client, "wx202300000003", "张三").context["status"] == "not_found"


def test_certificate_check_refuses_nul_and_overlong_input(client):
    response = _check(client, "WX\x00", "x" * 500)
    assert response.status_code == 200
    assert response.context["status"] is None
    assert response.context["form"].errors.keys() == {"certificate_number", "name"}


def test_certificate_page_shows_an_empty_form_on_get(client):
    response = client.get(reverse("training:certificate"), {"certificate_number": "x"})
    assert response.status_code == 200
    assert response.context["status"] is None
    assert 'method="post"' in response.content.decode()


def test_certificate_check_is_throttled_per_client(client, frozen_rate_window):
    make_trainee(certificate_number="WX202300000004", name="张三", expires_on=date(2099, 1, 1))
    for n in range(20):
        assert _check(client, f"WX2023{n:08d}", "张三").status_code == 200
    response = _check(client, "WX202300000004", "张三")
    assert response.status_code == 429
    html = response.content.decode()
    assert "2099" not in html
    assert response.context["limited"] is True
    # Another client is not held back.
    other = _check(client, "WX202300000004", "张三", REMOTE_ADDR="10.0.0.2")
    assert other.status_code == 200
    assert other.context["status"] == "valid"


def test_certificate_check_requires_csrf_token():
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        reverse("training:certificate"), {"certificate_number": "x", "name": "y"}
    )
    assert response.status_code == 403
