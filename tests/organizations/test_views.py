from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from apps.core.periods import reporting_period
from apps.organizations.models import OrganizationKind
from apps.organizations.selectors import organization_counts, organizations_by_district_and_kind
from tests import factories as f

pytestmark = pytest.mark.django_db

KIND = OrganizationKind


def en(name, *args):
    """The English URL of a page: assertions on wording do not depend on the catalogue."""
    with translation.override("en"):
        return reverse(name, args=args)


def main_part(html):
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def figure_text(html, key):
    start = html.index(f'data-figure="{key}"')
    value_start = html.index(">", html.index('class="figure-value"', start)) + 1
    return html[value_start : html.index("</span>", value_start)].strip()


@pytest.fixture
def organizations():
    liangxi, binhu = f.district("liangxi"), f.district("binhu")
    return {
        "community": f.make_organization(name="崇安寺社区红十字会", district=liangxi),
        "school": f.make_organization(
            name="滨湖实验小学红十字会", kind=KIND.SCHOOL, district=binhu, is_model_school=True
        ),
        "team": f.make_organization(
            name="梁溪区红十字志愿服务队", kind=KIND.VOLUNTEER_TEAM, district=liangxi
        ),
        "base": f.make_organization(
            name="滨湖区红十字志愿服务基地", kind=KIND.VOLUNTEER_BASE, district=binhu
        ),
        "rescue": f.make_organization(
            name="无锡市红十字救援队", kind=KIND.RESCUE_TEAM, district=liangxi
        ),
        "dissolved": f.make_organization(
            name="已撤销企业红十字会", kind=KIND.ENTERPRISE, district=binhu, is_active=False
        ),
    }


def test_count_table_counts_active_organizations_in_one_query(
    organizations, django_assert_num_queries
):
    with django_assert_num_queries(1):
        table = organizations_by_district_and_kind()

    assert [d["code"] for d in table.districts] == ["liangxi", "binhu"]
    cells = {row.kind: dict(row.cells) for row in table.rows}
    assert cells[KIND.COMMUNITY] == {"liangxi": 1, "binhu": 0}
    assert cells[KIND.SCHOOL] == {"liangxi": 0, "binhu": 1}
    assert KIND.ENTERPRISE not in cells  # only a dissolved one
    assert table.district_totals == [3, 2]
    assert table.total == organization_counts()["total"] == 5


def test_index_shows_the_table_and_figures_computed_from_records(client, organizations):
    period = reporting_period()
    inside = date(period.start.year + 1, 5, 1)
    f.make_operation(
        team=organizations["rescue"], started_on=inside, ended_on=inside, beneficiaries=70
    )
    f.make_operation(
        team=organizations["rescue"], started_on=inside, ended_on=inside, beneficiaries=30
    )
    before = date(period.start.year - 1, 5, 1)
    f.make_operation(team=organizations["rescue"], started_on=before, ended_on=before)

    response = client.get(en("organizations:index"))

    html = response.content.decode()
    assert response.status_code == 200
    assert figure_text(html, "F3") == "5"
    assert figure_text(html, "F4") == "1"
    assert figure_text(html, "F5.operations") == "2"
    assert figure_text(html, "F5.beneficiaries") == "100"
    assert figure_text(html, "F23.teams") == "1"
    assert figure_text(html, "F23.bases") == "1"
    assert figure_text(html, "F23.schools") == "1"
    assert '<td class="num" data-total>5</td>' in html
    assert '<th scope="col" class="num">Liangxi</th>' in html
    assert f'href="{en("organizations:list")}?district=binhu&amp;kind=school">1</a>' in html


def test_volunteer_teams_and_bases_are_reachable_through_the_kind_filter(client, organizations):
    index = client.get(en("organizations:index")).content.decode()
    for kind, shown, hidden in [
        (KIND.VOLUNTEER_TEAM, "梁溪区红十字志愿服务队", "滨湖区红十字志愿服务基地"),
        (KIND.VOLUNTEER_BASE, "滨湖区红十字志愿服务基地", "梁溪区红十字志愿服务队"),
    ]:
        link = f"{en('organizations:list')}?kind={kind}"
        assert f'href="{link}"' in index
        html = client.get(link).content.decode()
        assert shown in html
        assert hidden not in html


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        (
            {},
            {
                "崇安寺社区红十字会",
                "滨湖实验小学红十字会",
                "梁溪区红十字志愿服务队",
                "滨湖区红十字志愿服务基地",
                "无锡市红十字救援队",
            },
        ),
        ({"q": "志愿"}, {"梁溪区红十字志愿服务队", "滨湖区红十字志愿服务基地"}),
        ({"district": "binhu"}, {"滨湖实验小学红十字会", "滨湖区红十字志愿服务基地"}),
        ({"kind": "school"}, {"滨湖实验小学红十字会"}),
        (
            {"q": "志愿", "district": "liangxi", "kind": "volunteer_team"},
            {"梁溪区红十字志愿服务队"},
        ),
        ({"q": "企业"}, set()),
    ],
)
def test_list_searches_by_name_and_filters_by_district_and_kind(
    client, organizations, query, shown
):
    response = client.get(reverse("organizations:list"), query)

    assert response.status_code == 200
    html = main_part(response.content.decode())
    for org in organizations.values():
        assert (org.name in html) == (org.name in shown), org.name


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"district": "\x00"}, "Choose a district from the list."),
        ({"kind": "' OR 1=1 --"}, "Choose a kind from the list."),
        ({"q": "志" * 51}, "Ensure this value has at most 50 characters"),
        ({"q": "a\x00b"}, "Null characters are not allowed."),
    ],
)
def test_list_reports_invalid_filters_instead_of_failing(client, organizations, query, message):
    response = client.get(en("organizations:list"), query)

    assert response.status_code == 400
    html = main_part(response.content.decode())
    assert message in html
    assert "崇安寺社区红十字会" in html  # the invalid field filters nothing


def test_list_is_paginated_in_a_constant_number_of_queries(client, django_assert_num_queries):
    for _ in range(3):
        f.make_organization()
    with django_assert_num_queries(3):
        client.get(reverse("organizations:list"))
    for _ in range(60):
        f.make_organization()
    with django_assert_num_queries(3):
        first = client.get(reverse("organizations:list")).content.decode()
    second = client.get(reverse("organizations:list"), {"page": 2}).content.decode()

    assert first.count("测试组织") == 50
    assert second.count("测试组织") == 13


def test_detail_shows_the_organization_without_its_contact(client):
    branch = f.make_organization(name="梁溪区红十字会", kind=KIND.BRANCH)
    school = f.make_organization(
        name="梁溪实验小学红十字会",
        kind=KIND.SCHOOL,
        parent=branch,
        founded_on=date(2012, 9, 1),
        members=321,
        description="开展校园急救教育。",
        address="无锡市梁溪区某路1号",
        contact_name="张老师",
        contact_phone="13912345678",
        is_model_school=True,
    )

    response = client.get(en("organizations:detail", school.pk))

    html = response.content.decode()
    assert response.status_code == 200
    for shown in ("school", "Liangxi", "2012-09-01", "321", "开展校园急救教育。"):
        assert shown in html
    assert f'<a href="{en("organizations:detail", branch.pk)}">梁溪区红十字会</a>' in html
    assert "Jiangsu Red Cross model school" in html
    for secret in ("张老师", "13912345678"):
        assert secret not in html


def test_detail_lists_the_published_honors_of_the_organization(client):
    team = f.make_organization(kind=KIND.RESCUE_TEAM)
    shown = f.make_honor(title="优秀志愿服务组织", recipient_kind="team", organization=team)
    f.make_honor(title="未公开的表彰", recipient_kind="team", organization=team, is_published=False)
    f.make_honor(title="本会的荣誉")

    html = client.get(reverse("organizations:detail", args=[team.pk])).content.decode()

    assert f'href="{reverse("honors:detail", args=[shown.pk])}">优秀志愿服务组织</a>' in html
    assert "未公开的表彰" not in html
    assert "本会的荣誉" not in html


def test_inactive_organization_answers_404(client):
    dissolved = f.make_organization(is_active=False)
    assert client.get(reverse("organizations:detail", args=[dissolved.pk])).status_code == 404
    assert (
        client.get(reverse("organizations:detail", args=[dissolved.pk + 1000])).status_code == 404
    )


def test_rescue_page_counts_operations_and_beneficiaries_without_n_plus_1(
    client, django_assert_num_queries
):
    busy = f.make_organization(name="忙碌的救援队", kind=KIND.RESCUE_TEAM)
    quiet = f.make_organization(name="新成立的救援队", kind=KIND.RESCUE_TEAM)
    f.make_organization(name="已解散的救援队", kind=KIND.RESCUE_TEAM, is_active=False)
    for people in (1200, 34):
        f.make_operation(team=busy, beneficiaries=people)

    with django_assert_num_queries(3) as queries:  # the teams, and two reads of the tally
        response = client.get(en("organizations:rescue"))
    for _ in range(5):
        f.make_operation(team=f.make_organization(kind=KIND.RESCUE_TEAM))
    with django_assert_num_queries(3):
        client.get(en("organizations:rescue"))
    # the operations are summed from their tally, never from the operations table
    assert not any("organizations_rescueoperation" in q["sql"] for q in queries.captured_queries)

    html = main_part(response.content.decode())
    row = html[html.index("忙碌的救援队") :]
    assert row.index(">2<") < row.index(">1,234<") < row.index("</tr>")
    quiet_row = html[html.index("新成立的救援队") :]
    assert quiet_row.index(">0<") < quiet_row.index("</tr>")
    assert "已解散的救援队" not in html
    assert f'href="{en("organizations:detail", quiet.pk)}"' in html


def test_rescue_team_detail_pages_its_recent_operations(client):
    team = f.make_organization(kind=KIND.RESCUE_TEAM)
    for day in range(1, 26):
        f.make_operation(
            team=team,
            title=f"行动{day:02d}",
            started_on=date(2023, 5, day),
            ended_on=date(2023, 5, day),
            beneficiaries=10,
        )

    first = client.get(en("organizations:detail", team.pk)).content.decode()
    second = client.get(en("organizations:detail", team.pk), {"page": 2}).content.decode()

    assert "25 operations, 250 people benefited." in first
    with CaptureQueriesContext(connection) as queries:
        client.get(en("organizations:detail", team.pk))
    # only the page of operations is read: the totals and the page count come from the tally
    reads = [
        q["sql"] for q in queries.captured_queries if "organizations_rescueoperation" in q["sql"]
    ]
    assert len(reads) == 1
    assert "COUNT(" not in reads[0].upper() and "SUM(" not in reads[0].upper()
    assert first.index("行动25") < first.index("行动06")
    assert "行动05" not in first
    assert "行动05" in second
    assert "行动06" not in second


def test_other_organizations_show_no_operations(client):
    school = f.make_organization(kind=KIND.SCHOOL)
    html = client.get(en("organizations:detail", school.pk)).content.decode()
    assert "Rescue operations" not in main_part(html)
