from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from apps.donations.models import DonationKind, DonationStatus, DonorKind, LifeDonationKind
from apps.donations.views import DISBURSEMENTS_PER_PAGE, DONATIONS_PER_PAGE
from tests.factories import (
    make_disbursement,
    make_donation,
    make_donor,
    make_fund,
    make_life_donation,
    make_project,
)

pytestmark = pytest.mark.django_db


def url(name, *args, language="zh-hans"):
    """The page's URL in a language (a request leaves its language active in the test)."""
    with translation.override(language):
        return reverse(f"donations:{name}", args=args)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def person():
    return make_donor(
        kind=DonorKind.PERSON, name="张三丰", phone="13812345678", address="无锡市梁溪区某路1号"
    )


def void(**overrides):
    return make_donation(status=DonationStatus.VOIDED, void_reason="开票信息有误", **overrides)


# --- overview --------------------------------------------------------------------------------


def test_index_shows_the_figures_and_the_tables_computed_from_records(client):
    fund = make_fund(name="疫情防控专项基金")
    make_donation(fund=fund, amount=Decimal("1234.56"), received_on=date(2021, 3, 1))
    void(fund=fund, amount=Decimal("777.77"), received_on=date(2021, 3, 2))
    make_life_donation(kind=LifeDonationKind.STEM_CELL)
    response = client.get(url("index", language="en"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-figure="F13"' in html
    assert "1,234.56" in html
    assert "777.77" not in html
    assert "疫情防控专项基金" in html
    for table in ("by-year", "by-fund", "by-kind", "life-by-kind"):
        assert f'id="{table}"' in html
    for name in ("list", "funds", "aid", "receipt"):
        assert url(name, language="en") in html


def test_index_answers_with_no_records(client):
    assert client.get(url("index")).status_code == 200


# --- donations received ------------------------------------------------------------------------


def test_list_shows_valid_donations_newest_first_and_never_voided_ones(client):
    fund = make_fund()
    old = make_donation(fund=fund, received_on=date(2021, 1, 1), receipt_number="R-OLD")
    new = make_donation(fund=fund, received_on=date(2023, 1, 1), receipt_number="R-NEW")
    void(fund=fund, receipt_number="R-VOID")
    response = client.get(url("list"))
    assert [d.pk for d in response.context["page_obj"]] == [new.pk, old.pk]
    assert "R-VOID" not in response.content.decode()


def test_list_shows_donors_as_the_public_sees_them_and_no_personal_data(client, person):
    make_donation(donor=person)
    make_donation(donor=make_donor(kind=DonorKind.PERSON, name="李四"), is_anonymous=True)
    make_donation(donor=make_donor(kind=DonorKind.COMPANY, name="无锡某某科技有限公司"))
    html = client.get(url("list")).content.decode()
    assert "张**" in html
    assert "张三丰" not in html
    assert "李" not in html
    assert "无锡某某科技有限公司" in html
    assert "13812345678" not in html
    assert "某路1号" not in html


def test_list_shows_goods_with_description_quantity_fund_and_project(client):
    fund = make_fund(name="防疫基金")
    project = make_project(fund=fund, name="社区防疫")
    make_donation(
        fund=fund,
        project=project,
        kind=DonationKind.GOODS,
        goods_description="医用口罩",
        goods_quantity=12000,
        goods_unit="只",
        amount=Decimal("6000.50"),
    )
    html = client.get(url("list", language="en")).content.decode()
    for text in ("医用口罩", "12,000只", "6,000.50", "防疫基金", "社区防疫"):
        assert text in html


def test_list_filters_by_year_fund_and_kind(client):
    fund, other = make_fund(), make_fund()
    wanted = make_donation(fund=fund, received_on=date(2022, 5, 1))
    make_donation(fund=fund, received_on=date(2021, 5, 1))
    make_donation(fund=other, received_on=date(2022, 5, 1))
    make_donation(
        fund=fund, received_on=date(2022, 6, 1), kind=DonationKind.GOODS, goods_description="米"
    )
    response = client.get(url("list"), {"year": "2022", "fund": fund.code, "kind": "money"})
    assert [d.pk for d in response.context["page_obj"]] == [wanted.pk]


@pytest.mark.parametrize(
    "params",
    [
        {"year": "二〇二三"},
        {"year": "1800"},
        {"fund": "no-such-fund"},
        {"fund": "\x00"},
        {"kind": "cash"},
        {"page": "abc"},
        {"page": "-1"},
    ],
)
def test_list_reports_bad_filters_and_still_lists(client, params):
    make_donation()
    response = client.get(url("list"), params)
    assert response.status_code == 200
    assert len(response.context["page_obj"]) == 1


def test_list_page_past_the_end_shows_the_last_page(client):
    fund, donor = make_fund(), make_donor()
    for _ in range(DONATIONS_PER_PAGE + 1):
        make_donation(fund=fund, donor=donor)
    response = client.get(url("list"), {"page": "99"})
    assert response.context["page_obj"].number == 2
    assert len(response.context["page_obj"]) == 1


def test_list_runs_the_same_queries_however_many_donations(client, django_assert_num_queries):
    fund = make_fund()
    make_donation(fund=fund, project=make_project(fund=fund))
    with django_assert_num_queries(4):
        client.get(url("list"))
    for _ in range(20):
        make_donation(fund=make_fund(), project=make_project())
    with django_assert_num_queries(4):
        client.get(url("list"))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
@pytest.mark.parametrize(
    ("filters", "index"),
    [
        ({"year": "2021", "fund": "FUND"}, "donations_fund_newest_first"),
        ({"year": "2021", "kind": "goods"}, "donations_kind_newest_first"),
    ],
)
def test_filtered_list_reads_its_page_in_order_from_an_index(client, filters, index):
    fund, donor = make_fund(), make_donor()
    for day in range(1, 21):
        make_donation(
            fund=fund,
            donor=donor,
            received_on=date(2021, 3, day),
            kind="goods",
            goods_description="口罩",
        )
    with connection.cursor() as cursor:
        # Plan as for the large table: no sort of a fund's or a kind's donations of a year.
        for setting in ("enable_sort", "enable_bitmapscan", "enable_seqscan"):
            cursor.execute(f"SET LOCAL {setting} = off")
    params = {k: fund.code if v == "FUND" else v for k, v in filters.items()}
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("list"), params)
    assert len(response.context["page_obj"]) == 20
    listing = next(
        q["sql"] for q in queries if "LIMIT" in q["sql"] and 'FROM "donations_donation"' in q["sql"]
    )
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + listing)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan
    assert "Sort" not in plan.replace("Incremental Sort", "")


# --- funds -------------------------------------------------------------------------------------


def test_funds_page_shows_each_fund_reconciled_and_the_totals(client, django_assert_num_queries):
    fund = make_fund(
        name="人道救助综合基金",
        opening_balance=Decimal("1000.00"),
        opening_balance_on=date(2019, 12, 31),
    )
    make_donation(fund=fund, amount=Decimal("250.25"))
    make_donation(fund=fund, amount=Decimal("0.01"))
    void(fund=fund, amount=Decimal("400.00"))
    project = make_project(fund=fund)
    make_disbursement(project=project, amount=Decimal("100.10"))
    make_disbursement(project=project, amount=Decimal("50.05"))
    with django_assert_num_queries(1):
        response = client.get(url("funds", language="en"))
    row = response.context["funds"][0]
    assert (row.received, row.disbursed, row.balance) == (
        Decimal("250.26"),
        Decimal("150.15"),
        Decimal("1100.11"),
    )
    html = response.content.decode()
    assert "人道救助综合基金" in html
    assert "1,100.11" in html
    assert response.context["totals"]["balance"] == Decimal("1100.11")


# --- aid ---------------------------------------------------------------------------------------


def test_aid_lists_projects_with_totals_and_filters_by_kind_and_region(client):
    yanan = make_project(name="延安医疗救助", region="yanan", kind="targeted")
    make_project(name="社区防疫", region="local", kind="epidemic")
    make_disbursement(project=yanan, amount=Decimal("300.00"), beneficiaries=12)
    make_disbursement(project=yanan, amount=Decimal("0.30"), beneficiaries=1)
    response = client.get(url("aid"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "延安医疗救助" in html and "社区防疫" in html
    assert "300.30" in html

    response = client.get(url("aid"), {"region": "yanan", "kind": "targeted"})
    projects = list(response.context["page_obj"])
    assert [p.name for p in projects] == ["延安医疗救助"]
    assert (projects[0].disbursed, projects[0].beneficiaries) == (Decimal("300.30"), 13)


def test_aid_ignores_unknown_filters(client):
    make_project()
    response = client.get(url("aid"), {"region": "\x00", "kind": "x" * 500})
    assert response.status_code == 200
    assert len(response.context["page_obj"]) == 1


def test_project_page_lists_its_payments_paginated(client, django_assert_num_queries):
    project = make_project(name="困难家庭帮扶")
    for i in range(DISBURSEMENTS_PER_PAGE + 2):
        make_disbursement(
            project=project,
            paid_on=date(2022, 1, 1),
            amount=Decimal("10.00"),
            beneficiaries=2,
            description=f"第{i}批",
        )
    make_disbursement(project=make_project(), description="其他项目")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("project", project.pk), {"page": "2"})
    assert len(queries) == 2
    # The number of payments comes from the tally: no COUNT over a project's payments.
    assert not any("COUNT(" in q["sql"] for q in queries)
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == DISBURSEMENTS_PER_PAGE + 2
    assert len(response.context["page_obj"]) == 2
    assert response.context["project"].disbursed == Decimal("520.00")
    assert response.context["project"].beneficiaries == 104
    assert "其他项目" not in response.content.decode()


def test_unknown_project_is_not_found(client):
    assert client.get(url("project", 999999)).status_code == 404


# --- receipt lookup ------------------------------------------------------------------------------


def test_receipt_lookup_shows_the_donation_as_published(client, person):
    fund = make_fund(name="博爱基金")
    project = make_project(fund=fund, name="助学项目")
    make_donation(
        receipt_number="WXHS2023000001",
        donor=person,
        fund=fund,
        project=project,
        amount=Decimal("88.80"),
        received_on=date(2023, 4, 5),
    )
    response = client.get(url("receipt"), {"number": " WXHS2023000001 "})
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("2023-04-05", "88.80", "张**", "博爱基金", "助学项目"):
        assert text in html
    for secret in ("张三丰", "13812345678", "某路1号"):
        assert secret not in html
    assert "voided" not in html


def test_receipt_lookup_says_when_a_receipt_was_voided(client):
    void(receipt_number="WXHS2023000002", donor=make_donor(name="王五"), is_anonymous=True)
    response = client.get(url("receipt"), {"number": "WXHS2023000002"})
    html = response.content.decode()
    assert response.context["donation"].status == DonationStatus.VOIDED
    assert "badge status-off" in html
    assert "开票信息有误" not in html
    assert "王" not in html


def test_unknown_receipt_is_not_found(client):
    make_donation(receipt_number="WXHS2023000003")
    response = client.get(url("receipt", language="en"), {"number": "WXHS2023000004"})
    assert response.status_code == 200
    assert response.context["donation"] is None
    assert "No receipt with this number was found" in response.content.decode()


@pytest.mark.parametrize("number", ["", "\x00", "x" * 31])
def test_receipt_lookup_refuses_bad_numbers_without_querying(client, number):
    response = client.get(url("receipt"), {"number": number})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert response.context["donation"] is None


def test_empty_receipt_form_runs_no_lookup(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(url("receipt"))
    assert response.status_code == 200
    assert not response.context["form"].is_bound


def test_receipt_lookups_are_throttled_per_client(client, frozen_rate_window):
    page, url_en = url("receipt"), url("receipt", language="en")
    for i in range(20):
        assert client.get(page, {"number": f"R-{i}"}).status_code == 200
    response = client.get(page, {"number": "R-21"})
    assert response.status_code == 429
    assert "Too many attempts" in client.get(url_en, {"number": "R-22"}).content.decode()
    # Another client is not held back, nor is the empty form.
    assert client.get(page, {"number": "R-1"}, REMOTE_ADDR="10.0.0.9").status_code == 200
    assert client.get(page).status_code == 200
