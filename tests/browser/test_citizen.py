"""A citizen on a phone (360×740): home, language switch, honors, the nearest AED,
the Boai homes map, a certificate check and a receipt lookup."""

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from apps.aed.models import AedSite
from apps.aed.selectors import nearest_available
from apps.boai.models import BoaiHome
from apps.core.templatetags.figures import exact_number
from apps.donations.models import Donation, DonationStatus
from apps.honors.models import HonorLevel
from apps.honors.selectors import published_honors
from apps.training.models import Trainee

from .conftest import PHONE, screenshot

# The tests read the data the live server shows (committed by the package fixture).
pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_citizen_reads_the_home_page_in_chinese_and_in_english(new_page):
    page = new_page(PHONE)
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.locator("h1").first.inner_text().strip()
    # The home page's figures are there, and no column is wider than the phone.
    assert page.locator("[data-figure]").count() >= 20
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "home-phone-zh")

    page.get_by_role("link", name="English").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Find an AED").first.is_visible()
    screenshot(page, "home-phone-en")

    page.get_by_role("link", name="简体中文").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.get_by_role("link", name="查找 AED").first.is_visible()


def test_citizen_filters_the_honors_timeline(new_page):
    national = published_honors().filter(level=HonorLevel.NATIONAL)
    year = national.order_by("-conferred_on").first().conferred_on.year
    expected = national.filter(conferred_on__year=year).count()
    assert 0 < expected < published_honors().count()

    page = new_page(PHONE)
    page.goto("/")
    page.locator("nav.site-nav a[href='/honors/']").click()
    page.wait_for_url("**/honors/")
    page.select_option("#id_level", HonorLevel.NATIONAL.value)
    page.select_option("#id_year", str(year))
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url(re.compile(r"level=national"))

    items = page.locator(".honor-list > li")
    assert items.count() == min(expected, 20)
    assert set(page.locator(".honor-list .badge").all_inner_texts()) == {"国家级"}
    assert {t[:4] for t in page.locator(".honor-list time").all_inner_texts()} == {str(year)}
    assert re.search(rf"\b{expected}\b", page.locator("main p.meta").first.inner_text())
    screenshot(page, "honors-phone")


def test_citizen_finds_the_nearest_aed_from_the_phones_location(new_page):
    # Stand 30 m north of a usable AED: it must come first.
    site = nearest_available(31.5689, 120.2994, count=1)[0].site
    here = {"latitude": float(site.latitude) + 0.00027, "longitude": float(site.longitude)}

    page = new_page(PHONE, geolocation=here, permissions=["geolocation"])
    page.goto("/aed/")
    locate = page.locator("[data-locate]")
    locate.wait_for(state="visible")  # the script shows the button when it can locate
    screenshot(page, "aed-finder-phone")
    locate.click()
    page.wait_for_url(re.compile(r"/aed/nearest/\?lat=31\.\d+&lng=120\.\d+"))

    cards = page.locator(".nearest-list > li")
    assert cards.count() == 5
    first = cards.first
    assert first.locator("h3").inner_text() == site.name
    assert 20 <= _metres(first.locator(".distance").inner_text()) <= 40
    assert "南" in first.locator(".distance").inner_text()  # the AED is south of us
    metres = [_metres(text) for text in page.locator(".nearest-list .distance").all_inner_texts()]
    assert metres == sorted(metres)
    screenshot(page, "aed-nearest-phone")

    first.locator("h3 a").click()
    page.wait_for_url(f"**/aed/{site.pk}/")
    assert page.locator("h1").inner_text() == site.name
    readiness = AedSite.objects.get(pk=site.pk).readiness()
    assert page.get_by_text(str(readiness.label)).first.is_visible()
    screenshot(page, "aed-detail-phone")


def _metres(text):
    """Metres from a distance as the page words it: 南方向 30 米, 1.2 公里, 30 m, 1.2 km."""
    value, unit = re.search(r"([\d.,]+)\s*(米|公里|m|km)", text).groups()
    return float(value.replace(",", "")) * (1000 if unit in ("公里", "km") else 1)


def test_citizen_finds_the_excellent_boai_homes_of_a_district_on_the_map(new_page):
    homes = {
        home.pk: home
        for home in BoaiHome.objects.active().excellent().filter(district__code="liangxi")
    }
    assert homes

    page = new_page(PHONE)
    # The page carries no markers: the map asks for those of its view, with the filters.
    with page.expect_response(re.compile(r"/boai/homes\.geojson\?")) as answer:
        page.goto("/boai/?district=liangxi&excellent=yes")
    asked = parse_qs(urlsplit(answer.value.url).query)
    assert (asked["district"], asked["excellent"]) == (["liangxi"], ["yes"])
    assert len(asked["bbox"][0].split(",")) == 4
    data = answer.value.json()
    assert data["truncated"] is False
    assert {feature["id"] for feature in data["features"]} == set(homes)  # all of Wuxi at first
    markers = page.locator("#boai-map path.leaflet-interactive")
    page.wait_for_function(
        "n => document.querySelectorAll('#boai-map path.leaflet-interactive').length === n",
        arg=len(homes),
    )
    assert page.locator("#boai-map-figure [data-map-status]").inner_text() == ""
    screenshot(page, "boai-map-phone")

    markers.first.click(force=True)  # markers may overlap: whichever is on top
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    home = next(h for h in homes.values() if h.name == popup.locator("h3").inner_text())
    assert "✓ 江苏省优秀博爱家园" in popup.inner_text()
    page.wait_for_timeout(500)  # the pan that opened the popup has asked the map again
    popup.get_by_role("link", name="详情").click()
    page.wait_for_url(f"**/boai/{home.pk}/")
    assert page.locator("h1").inner_text() == home.name


def test_boai_map_asks_to_zoom_in_when_the_answer_was_cut(new_page):
    def cut(route):
        response = route.fetch()
        route.fulfill(response=response, json=response.json() | {"truncated": True})

    page = new_page(PHONE)
    page.route(re.compile(r"/boai/homes\.geojson\?"), cut)
    page.goto("/boai/")
    status = page.locator("#boai-map-figure [data-map-status]")
    page.wait_for_function(
        "() => document.querySelector('#boai-map-figure [data-map-status]').textContent !== ''"
    )
    assert status.inner_text() == "博爱家园过多，无法全部显示，请放大地图。"


def test_citizen_checks_a_certificate(new_page):
    today = timezone.localdate()
    trainee = Trainee.objects.filter(expires_on__gt=today + timedelta(days=30)).first()

    page = new_page(PHONE)
    page.goto("/training/certificate/")
    page.fill("#id_certificate_number", trainee.certificate_number)
    page.fill("#id_name", trainee.name)
    page.get_by_role("button", name="查询").click()
    result = page.locator(".result")
    assert result.get_attribute("data-status") == "valid"
    assert trainee.expires_on.strftime("%Y-%m-%d") in result.inner_text()
    assert trainee.name not in result.inner_text()  # the check shows nothing personal
    screenshot(page, "certificate-phone")

    page.fill("#id_certificate_number", trainee.certificate_number)
    page.fill("#id_name", trainee.name + "某")
    page.get_by_role("button", name="查询").click()
    assert page.locator(".result").get_attribute("data-status") == "not_found"


def test_citizen_looks_up_a_receipt(new_page):
    donation = (
        Donation.objects.filter(status=DonationStatus.ISSUED, is_anonymous=True)
        .select_related("fund")
        .first()
    )

    page = new_page(PHONE)
    page.goto("/donations/receipt/")
    page.fill("#id_number", donation.receipt_number)
    page.get_by_role("button", name="查询").click()
    page.wait_for_url(re.compile(r"number="))
    result = page.locator(".result")
    assert donation.receipt_number in result.locator("h2").inner_text()
    receipt = dict(
        zip(
            result.locator("dt").all_inner_texts(),
            result.locator("dd").all_inner_texts(),
            strict=True,
        )
    )
    assert receipt["日期"] == donation.received_on.strftime("%Y-%m-%d")
    assert receipt["金额（元）"] == exact_number(donation.amount)
    assert receipt["基金"] == donation.fund.name
    assert receipt["捐赠人"] == "匿名"
    assert donation.donor.name not in result.inner_text()
    screenshot(page, "receipt-phone")
