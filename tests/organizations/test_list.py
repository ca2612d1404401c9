import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.core.models import District
from apps.organizations.models import Organization, OrganizationKind
from apps.organizations.selectors import organizations_listed
from tests import factories as f

pytestmark = pytest.mark.django_db

KIND = OrganizationKind


@pytest.fixture
def mixed():
    """Organizations of several kinds in three districts, some groups smaller than a page."""
    for code, kinds in {
        "liangxi": [KIND.BRANCH, KIND.COMMUNITY, KIND.SCHOOL],
        "binhu": [KIND.COMMUNITY, KIND.RESCUE_TEAM],
        "jiangyin": [KIND.ENTERPRISE, KIND.VOLUNTEER_TEAM],
    }.items():
        for kind in kinds:
            for i in range(1 if kind in (KIND.BRANCH, KIND.RESCUE_TEAM) else 7):
                f.make_organization(
                    name=f"{code}{kind}{7 - i}", kind=kind, district=f.district(code)
                )
    f.make_organization(name="已撤销", district=f.district("binhu"), is_active=False)


@pytest.mark.parametrize("filters", [{}, {"kind": KIND.COMMUNITY}, {"district": "binhu"}])
def test_list_pages_follow_the_district_kind_name_order_without_sorting_the_table(mixed, filters):
    districts = list(District.objects.all())
    district = next((d for d in districts if d.code == filters.get("district")), None)
    expected = Organization.objects.active().order_by("district__sort_order", "kind", "name", "pk")
    if district:
        expected = expected.filter(district=district)
    if filters.get("kind"):
        expected = expected.filter(kind=filters["kind"])
    expected = list(expected.values_list("pk", flat=True))

    paginator = Paginator(
        organizations_listed(districts, district=district, kind=filters.get("kind", "")), 4
    )
    with CaptureQueriesContext(connection) as queries:
        shown = [o.pk for n in paginator.page_range for o in paginator.page(n).object_list]

    assert shown == expected
    assert paginator.count == len(expected)
    sql = " ".join(q["sql"] for q in queries.captured_queries).upper()
    assert "COUNT(" not in sql  # the count comes from the tally
    assert "CORE_DISTRICT" not in sql  # no sort on the district's sort order over the table
    assert len(queries.captured_queries) == paginator.num_pages  # one query a page


def test_list_page_runs_no_count_and_shows_district_names(client, mixed, django_assert_num_queries):
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("organizations:list"), {"page": 2}).content.decode()

    assert "COUNT(" not in " ".join(q["sql"] for q in queries.captured_queries).upper()
    assert "binhu" in html and "滨湖区" in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans")
def test_list_group_is_read_through_the_active_list_index(mixed):
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        query = (
            Organization.objects.active()
            .filter(kind=KIND.COMMUNITY, district__in=[f.district("liangxi").pk])
            .order_by("name", "pk")
            .values("pk")[10:20]
        )
        plan = query.explain()
        cursor.execute("RESET enable_seqscan")

    assert "organizations_active_list" in plan
    assert "Sort" not in plan
