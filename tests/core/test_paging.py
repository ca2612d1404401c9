"""The grouped pager (apps/core/paging.py) behind the AED, organization and Boai home lists."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core.models import District, DistrictKind
from apps.core.paging import GroupedList

pytestmark = pytest.mark.django_db

# The districts as a list of groups, in an order no index gives: the zone, then the cities,
# then the districts, each by name; with groups that hold nothing.
KINDS = [DistrictKind.ZONE, DistrictKind.CITY, DistrictKind.DISTRICT]
MODES = {"union": {}, "keys first": {"keys_first": True}}


def groups(*, empty=True):
    parts = [
        (District.objects.filter(kind=kind).count(), District.objects.filter(kind=kind))
        for kind in KINDS
    ]
    if empty:
        parts.insert(1, (0, District.objects.none()))
        parts.append((0, District.objects.filter(code="nowhere")))
    return parts


def expected():
    return [
        pk
        for kind in KINDS
        for pk in District.objects.filter(kind=kind)
        .order_by("name", "pk")
        .values_list("pk", flat=True)
    ]


@pytest.fixture(params=MODES, ids=list(MODES))
def listed(request):
    return GroupedList(groups(), District.objects.all(), **MODES[request.param])


def test_counts_come_from_the_groups_without_a_query(django_assert_num_queries):
    parts = groups()
    with django_assert_num_queries(0):
        listed = GroupedList(parts, District.objects.all())
        assert listed.count() == len(listed) == 8
    assert len(listed.groups) == 3  # the empty groups are left out


def test_every_slice_reads_the_rows_in_the_groups_order(listed):
    rows = expected()
    for start in range(len(rows) + 2):
        for stop in range(start, len(rows) + 3):
            assert [d.pk for d in listed[start:stop]] == rows[start:stop], (start, stop)


def test_open_and_negative_slices_mean_what_they_mean_for_a_list(listed):
    rows = expected()
    assert [d.pk for d in listed[:]] == rows
    assert [d.pk for d in listed[5:]] == rows[5:]
    assert [d.pk for d in listed[-2:]] == rows[-2:]


@pytest.mark.parametrize("per_page", [1, 2, 3, 8, 20])
def test_pages_follow_the_list_up_to_a_shorter_last_page(listed, per_page):
    paginator = Paginator(listed, per_page)
    pages = [[d.pk for d in paginator.page(n).object_list] for n in paginator.page_range]

    assert [pk for page in pages for pk in page] == expected()
    assert paginator.count == 8
    assert paginator.num_pages == -(-8 // per_page)
    assert all(len(page) == per_page for page in pages[:-1])
    assert len(pages[-1]) == 8 - per_page * (paginator.num_pages - 1)
    assert paginator.get_page(999).number == paginator.num_pages


def test_a_page_across_group_boundaries_is_one_query():
    listed = GroupedList(groups(), District.objects.all())
    with CaptureQueriesContext(connection) as queries:
        page = listed[0:4]  # the zone, both cities, the first district

    assert len(page) == 4
    [query] = queries.captured_queries
    assert query["sql"].upper().count("UNION ALL") == 2


def test_keys_first_reads_each_group_touched_then_the_rows(django_assert_num_queries):
    listed = GroupedList(groups(), District.objects.all(), keys_first=True)
    with django_assert_num_queries(3 + 1):
        assert len(listed[0:4]) == 4
    with django_assert_num_queries(1 + 1):
        assert len(listed[4:8]) == 4  # inside the last group only


def test_a_slice_past_the_end_or_an_empty_list_reads_nothing(listed, django_assert_num_queries):
    empty = GroupedList([(0, District.objects.all())], District.objects.all())
    with django_assert_num_queries(0):
        assert listed[8:20] == []
        assert listed[3:3] == []
        assert empty.count() == 0
        assert empty[0:20] == []
        assert GroupedList([], District.objects.all())[0:1] == []

    page = Paginator(empty, 20).get_page(1)
    assert page.number == 1 and list(page) == []


def test_only_slices_of_step_one(listed):
    with pytest.raises(TypeError):
        listed[0]
    with pytest.raises(TypeError):
        listed[0:8:2]


def test_attach_sees_each_row_a_slice_returns():
    seen = []
    listed = GroupedList(groups(), District.objects.all(), attach=lambda d: seen.append(d.pk))
    page = listed[2:6]

    assert seen == [d.pk for d in page] == expected()[2:6]


def test_read_takes_other_rows_such_as_dicts():
    listed = GroupedList(
        groups(), District.objects.all(), attach=lambda d: pytest.fail("attach on read()")
    )
    rows = listed.read(1, 100, District.objects.values("pk", "name"))

    assert [row["pk"] for row in rows] == expected()[1:]
    assert rows[0]["name"] == District.objects.get(pk=rows[0]["pk"]).name


def test_a_group_given_as_a_function_is_built_only_when_a_slice_falls_on_it():
    built = []

    def lazily(pair):
        n, queryset = pair

        def build():
            built.append(n)
            return queryset

        return n, build

    listed = GroupedList([lazily(pair) for pair in groups()], District.objects.all())
    assert listed.count() == 8 and built == []
    assert [d.pk for d in listed[0:1]] == expected()[0:1]  # the zone: the first group
    assert len(built) == 1
    assert [d.pk for d in listed[0:3]] == expected()[0:3]  # the zone and the cities
    assert len(built) == 3
