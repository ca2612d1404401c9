from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.aed.models import DeviceStatus
from apps.organizations.models import OrganizationKind
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_district_page_joins_what_the_district_has(client):
    today = timezone.localdate()
    f.make_organization(name="梁溪区红十字会", kind=OrganizationKind.BRANCH)
    f.make_organization(kind=OrganizationKind.SCHOOL)
    f.make_organization(kind=OrganizationKind.SCHOOL, district=f.district("xishan"))
    f.make_boai_home(name="测试社区博爱家园")
    f.make_inspection(site=f.make_aed(), inspected_on=today - timedelta(days=10))
    f.make_aed(status=DeviceStatus.REPAIR)

    response = client.get(reverse("portal:district", args=["liangxi"]))

    assert response.status_code == 200
    context = response.context
    assert context["branch"].name == "梁溪区红十字会"
    assert [(str(label), n) for label, n in context["organizations"]] == [
        (str(OrganizationKind.BRANCH.label), 1),
        (str(OrganizationKind.SCHOOL.label), 1),
    ]
    assert {state.value: n for state, n in context["aed_readiness"]} == {
        "ready": 1,
        "check_overdue": 0,
        "out_of_service": 1,
    }
    assert "测试社区博爱家园" in response.content.decode()


def test_district_page_shows_coverage_against_population(client):
    f.make_population(district=f.district("liangxi"), year=2024, registered_population=1000)
    session = f.make_session(kind="awareness", headcount=100)
    assert session.district.code == "liangxi"
    f.make_trainee(issued_on=date(2023, 6, 2))

    coverage = client.get(reverse("portal:district", args=["liangxi"])).context["coverage"]

    assert coverage["trained"] == 101
    assert coverage["population"] == 1000
    assert str(coverage["percent"]) == "10.1"


def test_unknown_district_answers_404(client):
    assert client.get("/districts/atlantis/").status_code == 404


def test_district_list_links_every_district(client):
    html = client.get(reverse("portal:districts")).content.decode()
    for code in ("liangxi", "xishan", "huishan", "binhu", "xinwu", "jiangyin", "yixing", "jingkai"):
        assert reverse("portal:district", args=[code]) in html


def test_district_page_lists_the_latest_sessions_of_both_kinds_by_the_index(client):
    start = timezone.now() - timedelta(days=30)
    sessions = [
        f.make_session(kind=kind, starts_at=start + timedelta(days=n))
        for n, kind in enumerate(["certified", "awareness"] * 4)
    ]
    f.make_session(starts_at=timezone.now() + timedelta(days=3))  # not begun
    f.make_session(district=f.district("xishan"), starts_at=timezone.now() - timedelta(days=1))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("portal:district", args=["liangxi"]))
    assert list(response.context["sessions"]) == sessions[::-1][:5]
    # Kind by kind, as the index (district, kind, starts_at) is ordered: no sort of all
    # of a district's sessions.
    reads = [q["sql"] for q in queries if 'FROM "training_trainingsession"' in q["sql"]]
    assert reads and all('"training_trainingsession"."kind" =' in sql for sql in reads)


def test_aed_readiness_counts_follow_the_newest_inspection(client):
    today = timezone.localdate()
    fault_then_fixed = f.make_aed()
    f.make_inspection(
        site=fault_then_fixed, inspected_on=today - timedelta(days=40), result="fault"
    )
    f.make_inspection(site=fault_then_fixed, inspected_on=today - timedelta(days=5))
    stale = f.make_aed()
    f.make_inspection(site=stale, inspected_on=today - timedelta(days=200))
    expired = f.make_aed()
    f.make_inspection(
        site=expired, inspected_on=today - timedelta(days=5), pads_expire_on=today - timedelta(1)
    )
    f.make_aed()  # never inspected
    response = client.get(reverse("portal:district", args=["liangxi"]))
    assert {state.value: n for state, n in response.context["aed_readiness"]} == {
        "ready": 1,
        "check_overdue": 2,
        "out_of_service": 1,
    }
