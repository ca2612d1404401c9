"""Names found by a few characters (apps/core/bigram.py): what `__contains` finds, through
the pairs index on PostgreSQL."""

import pytest
from django.db import connection

from apps.aed.models import AedSite
from apps.core.bigram import name_contains
from apps.honors.models import Honor
from apps.organizations.models import Organization
from tests.factories import index_definitions, make_aed, make_organization

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="PostgreSQL's index and planner"
)


def _names(text, **options):
    found = Organization.objects.filter(name_contains(["name"], text, **options))
    return sorted(found.values_list("name", flat=True))


def test_finds_what_contains_finds_by_two_characters_or_more():
    for name in ["梁溪区博爱中学", "博爱家园志愿服务队", "锡山区红十字会", "爱博爱小组"]:
        make_organization(name=name)
    assert _names("博爱") == ["博爱家园志愿服务队", "梁溪区博爱中学", "爱博爱小组"]
    assert _names("博爱中学") == ["梁溪区博爱中学"]
    assert _names("红十字会") == ["锡山区红十字会"]
    assert _names("博") == ["博爱家园志愿服务队", "梁溪区博爱中学", "爱博爱小组"]
    # every pair of "博爱博" is in "爱博爱小组" (爱博, 博爱), but not the text itself
    assert _names("博爱博") == []
    assert _names("不存在") == []


def test_ignores_case_only_when_asked():
    make_organization(name="AED 志愿者服务队")
    assert _names("AED") == ["AED 志愿者服务队"]
    if connection.vendor == "postgresql":  # SQLite's LIKE ignores the case of ASCII letters
        assert _names("aed") == []
    assert _names("aed", ignore_case=True) == ["AED 志愿者服务队"]
    assert _names("Aed 志愿", ignore_case=True) == ["AED 志愿者服务队"]


def test_any_of_several_fields_may_hold_the_text():
    make_aed(name="三阳广场站", address="人民中路139号")
    make_aed(name="人民医院站", address="清扬路299号")
    found = AedSite.objects.filter(name_contains(["name", "address"], "人民"))
    assert sorted(found.values_list("name", flat=True)) == ["三阳广场站", "人民医院站"]


@postgresql_only
def test_the_pairs_of_a_text_are_its_distinct_lower_case_neighbours():
    with connection.cursor() as cursor:
        cursor.execute("SELECT wuxi_bigrams(%s), wuxi_bigrams(%s)", ["博爱博爱AB", "x"])
        pairs, none = cursor.fetchone()
    assert sorted(pairs) == sorted(["博爱", "爱博", "爱a", "ab"])
    assert none == []


@postgresql_only
@pytest.mark.parametrize(
    ("queryset", "fields", "indexes"),
    [
        (Organization.objects.all, ["name"], ["organization_name_bigrams"]),
        (
            AedSite.objects.all,
            ["name", "address"],
            ["aed_site_name_bigrams", "aed_site_address_bigrams"],
        ),
        (Honor.objects.all, ["title"], ["honor_title_bigrams"]),
    ],
)
def test_a_search_of_two_characters_reads_the_pairs_index(queryset, fields, indexes):
    plan_of = queryset().filter(name_contains(fields, "博爱"))
    with connection.cursor() as cursor:
        # A table this small would be read whole; the plan for a large one is asked.
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = plan_of.explain()
    for index in indexes:
        assert index in plan
        assert "gin (wuxi_bigrams(" in index_definitions(index)[index]


def test_a_text_without_cased_letters_is_matched_as_it_is_even_ignoring_case():
    chinese = str(
        Organization.objects.filter(name_contains(["name"], "志愿", ignore_case=True)).query
    )
    latin = str(Organization.objects.filter(name_contains(["name"], "aed", ignore_case=True)).query)
    assert "UPPER(" not in chinese.upper() and "LIKE" in chinese.upper()
    if connection.vendor == "postgresql":  # SQLite's LIKE ignores ASCII case in both
        assert "UPPER(" in latin.upper()
