from datetime import date
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import translation

from apps.core.periods import reporting_period
from apps.honors.models import HonorCategory, HonorLevel, RecipientKind
from apps.honors.selectors import honors_counted
from apps.organizations.models import OrganizationKind
from tests import factories as f

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def en(name, *args):
    """The English URL of a page: assertions on wording do not depend on the catalogue."""
    with translation.override("en"):
        return reverse(name, args=args)


def main_part(html):
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def figure_text(html, key):
    """The text shown for one figure on the page."""
    start = html.index(f'data-figure="{key}"')
    value_start = html.index(">", html.index('class="figure-value"', start)) + 1
    return html[value_start : html.index("</span>", value_start)].strip()


def test_timeline_lists_published_honors_newest_first(client):
    f.make_honor(title="较早的荣誉", conferred_on=date(2021, 3, 1))
    f.make_honor(title="最新的荣誉", conferred_on=date(2024, 6, 1))
    f.make_honor(title="未公开的荣誉", conferred_on=date(2024, 7, 1), is_published=False)

    response = client.get(reverse("honors:index"))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("最新的荣誉") < html.index("较早的荣誉")
    assert "未公开的荣誉" not in html


def test_timeline_entry_shows_level_date_bodies_and_recipient(client):
    school = f.make_organization(name="测试实验小学红十字会", kind=OrganizationKind.SCHOOL)
    honor = f.make_honor(
        title="急救教育试点",
        level=HonorLevel.NATIONAL,
        conferred_on=date(2023, 9, 1),
        recipient_kind=RecipientKind.SCHOOL,
        organization=school,
    )
    honor.conferred_by.set(
        [f.make_authority(name="中国红十字会总会"), f.make_authority(name="教育部")]
    )

    html = client.get(en("honors:index")).content.decode()

    assert "2023-09-01" in html
    assert '<span class="badge">national</span>' in html
    assert "中国红十字会总会, 教育部" in html
    assert f'href="{reverse("organizations:detail", args=[school.pk])}"' in html
    assert f'href="{reverse("honors:detail", args=[honor.pk])}"' in html


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({"level": "national"}, {"国家级荣誉"}),
        ({"year": "2022"}, {"省级荣誉"}),
        ({"recipient": "person"}, {"个人荣誉"}),
        ({"level": "provincial", "year": "2023"}, set()),
        ({}, {"国家级荣誉", "省级荣誉", "个人荣誉"}),
    ],
)
def test_timeline_filters_by_level_year_and_recipient_kind(client, query, shown):
    f.make_honor(title="国家级荣誉", level=HonorLevel.NATIONAL, conferred_on=date(2024, 1, 5))
    f.make_honor(title="省级荣誉", level=HonorLevel.PROVINCIAL, conferred_on=date(2022, 4, 1))
    f.make_honor(
        title="个人荣誉",
        level=HonorLevel.MUNICIPAL,
        conferred_on=date(2023, 4, 1),
        recipient_kind=RecipientKind.PERSON,
        recipient_name="王芳",
    )

    response = client.get(reverse("honors:index"), query)

    assert response.status_code == 200
    html = response.content.decode()
    for title in ("国家级荣誉", "省级荣誉", "个人荣誉"):
        assert (title in html) == (title in shown), title


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"level": "x" * 5000}, "Choose a level from the list."),
        ({"year": "二〇二三"}, "Choose a year from the list."),
        ({"year": "1900"}, "Choose a year from the list."),
        ({"recipient": "<script>alert(1)</script>"}, "Choose a recipient kind from the list."),
    ],
)
def test_invalid_filter_is_reported_not_a_server_error(client, query, message):
    f.make_honor(title="仍然列出的荣誉", conferred_on=date(2023, 1, 1))

    response = client.get(en("honors:index"), query)

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "<script>alert(1)</script>" not in html
    assert "x" * 5000 not in main_part(html)
    assert "仍然列出的荣誉" in html  # the invalid field filters nothing


def test_figures_f1_and_f24_are_computed_from_records(client):
    period = reporting_period()
    inside = date(period.start.year + 1, 6, 1)
    for level in (HonorLevel.NATIONAL, HonorLevel.PROVINCIAL, HonorLevel.MUNICIPAL):
        f.make_honor(level=level, conferred_on=inside)
    f.make_honor(level=HonorLevel.DISTRICT, conferred_on=inside)
    f.make_honor(level=HonorLevel.NATIONAL, conferred_on=date(period.start.year - 1, 6, 1))
    f.make_honor(level=HonorLevel.NATIONAL, conferred_on=inside, is_published=False)
    for _ in range(2):
        f.make_honor(
            level=HonorLevel.NATIONAL,
            conferred_on=inside,
            category=HonorCategory.DESIGNATION,
            recipient_kind=RecipientKind.SCHOOL,
            organization=f.make_organization(kind=OrganizationKind.SCHOOL),
        )

    html = client.get(reverse("honors:index")).content.decode()

    assert honors_counted(period).count() == 5
    assert figure_text(html, "F1") == "5"
    assert figure_text(html, "F24") == "2"
    assert f"{period.start:%Y-%m-%d}" in html
    assert f"{period.end:%Y-%m-%d}" in html


def test_timeline_is_paginated_in_a_constant_number_of_queries(client, django_assert_num_queries):
    team = f.make_organization(kind=OrganizationKind.RESCUE_TEAM)
    body = f.make_authority()

    def add(n):
        for i in range(n):
            honor = f.make_honor(
                title=f"分页荣誉{i:02d}",
                conferred_on=date(2020 + i % 5, 1 + i % 12, 1),
                recipient_kind=RecipientKind.TEAM,
                organization=team,
            )
            honor.conferred_by.set([body, f.make_authority()])

    add(3)
    with django_assert_num_queries(6):
        client.get(reverse("honors:index"))
    add(40)
    with django_assert_num_queries(6):
        first = client.get(reverse("honors:index")).content.decode()
    last = client.get(reverse("honors:index"), {"page": 3}).content.decode()

    assert first.count('class="honor-title"') == 20
    assert last.count('class="honor-title"') == 3
    assert 'rel="next"' in first


def test_detail_shows_the_evidence(client, settings):
    settings.MEDIA_URL = "/media/"
    team = f.make_organization(name="无锡市红十字救援队", kind=OrganizationKind.RESCUE_TEAM)
    honor = f.make_honor(
        title="优秀志愿服务组织",
        level=HonorLevel.PROVINCIAL,
        conferred_on=date(2022, 12, 5),
        document_number="苏文明委〔2022〕12号",
        recipient_kind=RecipientKind.TEAM,
        organization=team,
        scan="honors/2022/certificate.jpg",
    )
    honor.conferred_by.set([f.make_authority(name="江苏省精神文明建设指导委员会")])

    response = client.get(en("honors:detail", honor.pk))

    html = response.content.decode()
    assert response.status_code == 200
    assert "江苏省精神文明建设指导委员会" in html
    assert "苏文明委〔2022〕12号" in html
    assert "2022-12-05" in html
    assert f'href="{en("organizations:detail", team.pk)}">无锡市红十字救援队</a>' in html
    assert (
        '<img src="/media/honors/2022/certificate.jpg" alt="Certificate of 优秀志愿服务组织"'
        in html
    )


def test_detail_without_scan_or_organization_says_so(client):
    honor = f.make_honor(
        title="个人表彰", recipient_kind=RecipientKind.PERSON, recipient_name="王芳"
    )
    html = main_part(client.get(en("honors:detail", honor.pk)).content.decode())
    assert "王芳" in html
    assert "<img" not in html
    assert "No certificate scan has been published for this honor." in html


def test_recipient_links_only_to_an_active_organization(client):
    dissolved = f.make_organization(name="已撤销的红十字会", is_active=False)
    honor = f.make_honor(recipient_kind=RecipientKind.BRANCH, organization=dissolved)

    html = client.get(reverse("honors:detail", args=[honor.pk])).content.decode()

    assert "已撤销的红十字会" in html
    assert reverse("organizations:detail", args=[dissolved.pk]) not in html


def test_unpublished_honor_answers_404(client):
    honor = f.make_honor(is_published=False)
    assert client.get(reverse("honors:detail", args=[honor.pk])).status_code == 404
    assert client.get(reverse("honors:detail", args=[honor.pk + 1000])).status_code == 404


def test_feed_is_atom_with_the_latest_published_honors(client):
    older = f.make_honor(title="较早的荣誉", conferred_on=date(2021, 3, 1))
    newer = f.make_honor(title="最新的荣誉 <b>", conferred_on=date(2024, 6, 1))
    newer.conferred_by.set([f.make_authority(name="江苏省红十字会")])
    f.make_honor(title="未公开的荣誉", conferred_on=date(2024, 7, 1), is_published=False)

    response = client.get(reverse("honors:feed"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["最新的荣誉 <b>", "较早的荣誉"]
    assert (
        entries[0]
        .find(f"{ATOM}link")
        .get("href")
        .endswith(reverse("honors:detail", args=[newer.pk]))
    )
    assert (
        entries[1]
        .find(f"{ATOM}link")
        .get("href")
        .endswith(reverse("honors:detail", args=[older.pk]))
    )
    assert "江苏省红十字会" in entries[0].findtext(f"{ATOM}summary")
    assert entries[0].findtext(f"{ATOM}published").startswith("2024-06-01")


def test_feed_summary_is_escaped_html_built_without_a_template_per_entry(client):
    honor = f.make_honor(conferred_on=date(2024, 6, 1), level="provincial")
    honor.conferred_by.set([f.make_authority(name="省红会 <i>"), f.make_authority(name="省卫健委")])

    with translation.override("en"):
        response = client.get(reverse("honors:feed"))

    # Rendering a template per entry ran every context processor twenty times a view.
    assert response.templates == []
    summary = ElementTree.fromstring(response.content).find(f"{ATOM}entry/{ATOM}summary")
    assert summary.get("type") == "html"
    assert summary.text.startswith("provincial · 2024-06-01 · Conferred by: ")
    assert "省红会 &lt;i&gt;" in summary.text
    assert summary.text.endswith(" · Recipient: Wuxi Red Cross Society")


def test_feed_is_linked_from_the_timeline(client):
    html = client.get(reverse("honors:index")).content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert f'href="{reverse("honors:feed")}"' in html


def test_recipient_links_to_an_active_boai_home(client):
    home = f.make_boai_home(name="晴山蓝城博爱家园")
    closed = f.make_boai_home(name="已关闭的博爱家园", is_active=False)
    f.make_honor(recipient_kind=RecipientKind.BOAI_HOME, boai_home=home)
    f.make_honor(recipient_kind=RecipientKind.BOAI_HOME, boai_home=closed)

    html = main_part(client.get(reverse("honors:index")).content.decode())

    assert f'<a href="{reverse("boai:detail", args=[home.pk])}">晴山蓝城博爱家园</a>' in html
    assert "已关闭的博爱家园" in html
    assert reverse("boai:detail", args=[closed.pk]) not in html


def test_person_is_shown_with_the_unit_they_belong_to(client):
    team = f.make_organization(name="无锡市红十字救援队", kind=OrganizationKind.RESCUE_TEAM)
    f.make_honor(recipient_kind=RecipientKind.PERSON, recipient_name="王芳", organization=team)

    html = main_part(client.get(reverse("honors:index")).content.decode())

    link = reverse("organizations:detail", args=[team.pk])
    assert f'王芳 (<a href="{link}">无锡市红十字救援队</a>)' in html
