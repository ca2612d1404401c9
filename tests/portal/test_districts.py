from collections import Counter
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.aed.models import INSPECTION_INTERVAL, AedSite, DeviceStatus, Readiness
from apps.core.models import District
from apps.organizations.models import OrganizationKind
from apps.portal.selectors import aed_readiness_counts
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


READINESS_TODAY = date(2024, 6, 1)
INTERVAL_DAYS = INSPECTION_INTERVAL.days
# Sites of a district as (status, inspections oldest first as (days ago, result, days
# until the battery expires, days until the pads expire)): every rule, and its edges.
READINESS_MIX = [
    (DeviceStatus.IN_SERVICE, []),
    (DeviceStatus.IN_SERVICE, [(0, "pass", 700, 400)]),
    (DeviceStatus.IN_SERVICE, [(INTERVAL_DAYS, "pass", 700, 400)]),
    (DeviceStatus.IN_SERVICE, [(INTERVAL_DAYS + 1, "pass", 700, 400)]),
    (DeviceStatus.IN_SERVICE, [(30, "minor", 0, 0)]),
    (DeviceStatus.IN_SERVICE, [(30, "pass", -1, 400)]),
    (DeviceStatus.IN_SERVICE, [(30, "pass", 700, -1)]),
    (DeviceStatus.IN_SERVICE, [(200, "pass", -1, -1)]),
    (DeviceStatus.IN_SERVICE, [(30, "fault", 700, 400)]),
    (DeviceStatus.IN_SERVICE, [(40, "fault", 700, 400), (5, "pass", 700, 400)]),
    (DeviceStatus.IN_SERVICE, [(40, "pass", 700, 400), (5, "fault", 700, 400)]),
    (DeviceStatus.IN_SERVICE, [(300, "pass", -1, -1), (200, "pass", 700, 400)]),
    (DeviceStatus.REPAIR, [(5, "pass", 700, 400)]),
    (DeviceStatus.REPAIR, []),
    (DeviceStatus.RETIRED, []),
    (DeviceStatus.RETIRED, [(5, "pass", 700, 400)]),
]


def test_aed_readiness_counts_equal_each_sites_own_readiness(django_assert_num_queries):
    today = READINESS_TODAY
    for status, inspections in READINESS_MIX:
        site = f.make_aed(status=status)
        for days_ago, result, battery, pads in inspections:
            f.make_inspection(
                site=site,
                inspected_on=today - timedelta(days=days_ago),
                result=result,
                battery_expires_on=today + timedelta(days=battery),
                pads_expire_on=today + timedelta(days=pads),
            )
    f.make_inspection(site=f.make_aed(district=f.district("xishan")), inspected_on=today)
    liangxi = f.district("liangxi")
    expected = Counter(site.readiness(today).value for site in AedSite.objects.in_district(liangxi))
    assert sum(expected.values()) == len(READINESS_MIX)
    assert set(expected) == {state.value for state in Readiness}  # each state is counted

    with CaptureQueriesContext(connection) as queries:
        counts = aed_readiness_counts(liangxi, today)

    assert counts == dict(expected)
    [sql] = [q["sql"] for q in queries]
    assert "aed_aedinspection" not in sql


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
@pytest.mark.django_db(transaction=True)  # VACUUM (the visibility map) needs a commit
def test_aed_readiness_counts_read_the_readiness_index_alone():
    if not District.objects.exists():  # emptied by an earlier test of real commits
        call_command("loaddata", settings.BASE_DIR / "fixtures" / "districts.json", verbosity=0)
    for n in range(200):
        site = f.make_aed(district=f.district("liangxi" if n % 2 else "xishan"))
        if n % 3:
            f.make_inspection(site=site, inspected_on=READINESS_TODAY - timedelta(days=n))
    liangxi = f.district("liangxi")
    with CaptureQueriesContext(connection) as queries:
        aed_readiness_counts(liangxi, READINESS_TODAY)
    [query] = queries
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE aed_aedsite")
        cursor.execute(f"EXPLAIN {query['sql']}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Only Scan using aed_site_readiness" in plan, plan
