from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from apps.core.periods import reporting_period
from tests import factories as f

pytestmark = pytest.mark.django_db


def figure_text(response, key):
    """The text shown for one figure on the page."""
    html = response.content.decode()
    start = html.index(f'data-figure="{key}"')
    value_start = html.index(">", html.index('class="figure-value"', start)) + 1
    return html[value_start : html.index("</span>", value_start)].strip()


def test_home_shows_figures_computed_from_records(client):
    period = reporting_period()
    inside = period.start.replace(year=period.start.year + 1)
    before = period.start.replace(year=period.start.year - 1)
    for _ in range(3):
        f.make_aed(installed_on=inside)
    f.make_aed(installed_on=before)

    response = client.get(reverse("portal:home"))

    assert response.status_code == 200
    assert figure_text(response, "F6") == "3"


def test_home_figure_follows_a_staff_edit(client):
    fund = f.make_fund()
    donation = f.make_donation(
        fund=fund, amount=Decimal("123456789.00"), received_on=date(2022, 5, 1)
    )
    assert figure_text(client.get("/"), "F13") == "¥1.23亿"

    donation.amount = Decimal("98765.43")
    donation.save()

    assert figure_text(client.get("/"), "F13") == "¥9.88万"


def test_home_shows_large_numbers_in_english_units(client):
    for _ in range(2):
        f.make_life_donation()
    response = client.get("/en/")
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    assert figure_text(response, "F11") == "2"
    assert "stem-cell donations" in response.content.decode()


def test_home_page_reads_in_chinese_by_default(client):
    response = client.get("/")
    assert response["Content-Language"] == "zh-hans"
    assert '<html lang="zh-Hans">' in response.content.decode()


def test_home_lists_latest_published_honors_only(client):
    f.make_honor(title="已公开的荣誉", conferred_on=date(2024, 5, 1))
    f.make_honor(title="未公开的荣誉", conferred_on=date(2024, 6, 1), is_published=False)
    html = client.get("/").content.decode()
    assert "已公开的荣誉" in html
    assert "未公开的荣誉" not in html


def test_home_never_shows_personal_data(client):
    trainee = f.make_trainee(
        name="王小明", phone="13912345678", id_number_masked="3202**********1234"
    )
    donor = f.make_donor(name="李大伟", phone="13800001111", address="无锡市梁溪区某路1号")
    f.make_donation(donor=donor, is_anonymous=True)
    html = client.get("/").content.decode()
    for secret in (trainee.name, trainee.phone, donor.name, donor.phone, donor.address):
        assert secret not in html


def test_home_charts_show_each_year_from_the_records(client):
    f.make_donation(received_on=date(2021, 3, 1), amount=Decimal("1000.00"))
    f.make_donation(received_on=date(2021, 9, 1), amount=Decimal("500.50"))
    f.make_donation(received_on=date(2023, 1, 5), amount=Decimal("20.00"))
    f.make_aed(installed_on=date(2022, 5, 1))

    charts = client.get("/").context["charts"]

    raised, _trained, placed, _activities = charts
    assert raised.series == [(2021, Decimal("1500.50")), (2023, Decimal("20.00"))]
    assert placed.series == [(2022, 1)]


def test_header_marks_the_current_area(client):
    html = client.get("/honors/?level=national").content.decode()
    assert '<a href="/honors/" aria-current="page">' in html
    assert '<a href="/aed/" aria-current="page">' not in html


def test_home_figure_groups_link_to_their_area_pages(client):
    html = client.get("/en/").content.decode()
    for area in ("honors", "organizations", "aed", "training", "donations", "boai"):
        assert f'<a href="/en/{area}/">' in html
