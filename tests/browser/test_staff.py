"""A staff member in the admin (desktop): adds an AED with a photo, records its
inspection and finds it ready on the public map; imports organizations from a CSV."""

import io
import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image

from apps.aed.models import AedSite
from apps.organizations.models import Organization

from .conftest import DESKTOP, admin_login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# A spot in Taihu's lake shore park, away from the demo's sites.
LAT, LNG = "31.521234", "120.251234"
SERIAL = "E2E-AED-0001"


def jpeg(width=1200, height=900):
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 16, 46)).save(out, "JPEG")
    return {"name": "aed-lobby.jpg", "mimeType": "image/jpeg", "buffer": out.getvalue()}


def pick_autocomplete(page, field, text):
    """Choose `text` in one of the admin's autocomplete (select2) fields."""
    page.locator(f"#id_{field} + .select2 .select2-selection").click()
    page.locator(".select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_staff_member_adds_an_aed_records_an_inspection_and_the_public_sees_it_ready(
    new_page,
):
    today = timezone.localdate()
    page = new_page(DESKTOP)
    admin_login(page, "editor")
    screenshot(page, "admin-index-desktop", full_page=False)

    page.locator("a[href='/admin/aed/aedsite/add/']").first.click()
    page.fill("#id_name", "湖滨公园游客中心")
    page.fill("#id_address", "无锡市滨湖区湖滨路1号")
    pick_autocomplete(page, "district", "滨湖区")
    page.fill("#id_latitude", LAT)
    page.fill("#id_longitude", LNG)
    page.select_option("#id_venue_type", "scenic")
    page.fill("#id_location_detail", "游客中心一楼服务台旁")
    page.fill("#id_manufacturer", "迈瑞")
    page.fill("#id_device_model", "BeneHeart C1A")
    page.fill("#id_serial_number", SERIAL)
    page.fill("#id_installed_on", today.isoformat())
    page.set_input_files("#id_photo", jpeg())
    screenshot(page, "admin-aed-add-desktop")
    page.locator("input[name=_continue]").click()
    page.locator(".messagelist .success").wait_for()

    site = AedSite.objects.get(serial_number=SERIAL)
    assert site.photo and site.photo_thumbnail
    assert max(site.photo_thumbnail_width, site.photo_thumbnail_height) < 1200
    # Not yet inspected: the public is told so.
    public = new_page(DESKTOP)
    public.goto(f"/aed/{site.pk}/")
    assert public.locator(".badge.status-warn").inner_text().strip() == "! 巡检逾期"

    page.get_by_role("button", name=re.compile("添加另一个")).click()
    page.fill("#id_inspections-0-inspected_on", today.isoformat())
    page.fill("#id_inspections-0-inspector", "周检查")
    page.select_option("#id_inspections-0-result", "pass")
    page.fill("#id_inspections-0-battery_expires_on", (today + timedelta(days=700)).isoformat())
    page.fill("#id_inspections-0-pads_expire_on", (today + timedelta(days=400)).isoformat())
    page.locator("input[name=_continue]").click()
    page.locator(".messagelist .success").wait_for()
    assert "可用" in page.locator(".field-readiness").inner_text()
    assert site.inspections.count() == 1
    screenshot(page, "admin-aed-change-desktop")

    # The public map, centred on the site by the nearest-AED search, shows it as ready.
    with public.expect_response(re.compile(r"/aed/sites\.geojson\?")) as geojson:
        public.goto(f"/aed/nearest/?lat={LAT}&lng={LNG}")
    features = json.loads(geojson.value.body())["features"]
    ours = [f for f in features if f["properties"]["name"] == "湖滨公园游客中心"]
    assert [f["properties"]["readiness"] for f in ours] == ["ready"]
    assert ours[0]["geometry"]["coordinates"] == [float(LNG), float(LAT)]
    first = public.locator(".nearest-list > li").first
    assert first.locator("h3").inner_text() == "湖滨公园游客中心"
    assert first.locator(".badge.status-ready").inner_text().strip() == "✓ 可用"
    public.wait_for_function("document.querySelectorAll('.leaflet-interactive').length > 1")
    screenshot(public, "aed-map-desktop")

    public.goto(f"/aed/{site.pk}/")
    assert public.locator(".badge.status-ready").first.is_visible()
    photo = public.locator("figure.photo img")
    assert photo.get_attribute("src") == site.photo_thumbnail.url
    assert photo.get_attribute("alt")


ORGANIZATIONS_CSV = (
    "组织名称,类型,所在区,地址,成员数,省示范学校\r\n"
    "蠡湖街道试验社区红十字会,社区,滨湖区,蠡湖大道100号,36,否\r\n"
    "东林书院试验中学红十字会,学校,梁溪区,,240,是\r\n"
)


def test_staff_member_imports_organizations_from_a_csv_and_sees_them_listed(new_page):
    names = ["蠡湖街道试验社区红十字会", "东林书院试验中学红十字会"]
    before = Organization.objects.count()
    page = new_page(DESKTOP)
    admin_login(page, "editor")

    page.goto("/admin/organizations/organization/")
    page.locator("a.import_link").click()
    page.set_input_files(
        "#id_import_file",
        # What Excel on a Chinese Windows saves as "CSV": GBK.
        {"name": "组织.csv", "mimeType": "text/csv", "buffer": ORGANIZATIONS_CSV.encode("gbk")},
    )
    page.select_option("#id_format", label="csv")
    page.locator("input[type=submit]").click()
    confirm = page.locator("input[name=confirm], button[name=confirm]")
    confirm.wait_for()
    preview = page.locator("table.import-preview").inner_text()
    assert all(name in preview for name in names)
    screenshot(page, "admin-import-preview-desktop")
    assert Organization.objects.count() == before  # nothing saved before confirming

    confirm.click()
    page.locator(".messagelist .success").wait_for()
    assert Organization.objects.count() == before + 2

    page.fill("#searchbar", "试验")
    page.locator("#changelist-search [type=submit]").click()
    page.wait_for_url("**q=*")
    assert sorted(page.locator("#result_list tbody th a").all_inner_texts()) == sorted(names)

    page.goto("/organizations/list/?q=%E8%AF%95%E9%AA%8C")  # 试验
    for name in names:
        assert page.locator("main").get_by_text(name, exact=True).is_visible()
