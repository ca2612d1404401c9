import os
import tempfile
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from apps.aed.models import Access, AedSite, DeviceStatus, VenueType
from tests import factories as f

from .conftest import CSV, XLSX, csv_file, import_file, preview, xlsx_file

pytestmark = pytest.mark.django_db

LABEL = "aed.aedsite"
IMPORT_URL = "admin:aed_aedsite_import"
HEADER = [
    "点位名称", "地址", "所在区", "纬度", "经度", "场所类型", "具体位置",
    "生产厂家", "设备型号", "设备序列号", "安装日期", "开放对象",
]  # fmt: skip
ROWS = [
    HEADER,
    ["无锡火车站", "梁溪区车站路1号", "梁溪区", "31.588", "120.301", "车站或交通枢纽", "候车大厅服务台旁",
     "迈瑞", "BeneHeart C1A", "MR-0001", "2023-06-01", "向公众开放"],
    ["蠡湖公园", "滨湖区环湖路8号", "滨湖区", "31.5412", "120.2563", "公园或景区", "游客中心一楼",
     "飞利浦", "HS1", "PH-0002", "2023/7/15", ""],
]  # fmt: skip


def assert_imported():
    assert AedSite.objects.count() == 2
    station = AedSite.objects.get(serial_number="MR-0001")
    assert station.name == "无锡火车站"
    assert station.district == f.district("liangxi")
    assert station.latitude == Decimal("31.588000")
    assert station.venue_type == VenueType.TRANSPORT
    assert station.installed_on == date(2023, 6, 1)
    assert station.access == Access.PUBLIC
    assert station.status == DeviceStatus.IN_SERVICE
    park = AedSite.objects.get(serial_number="PH-0002")
    assert park.district == f.district("binhu")
    assert park.venue_type == VenueType.SCENIC
    assert park.installed_on == date(2023, 7, 15)
    assert park.opening_hours == "24/7"


def test_import_page_shows_the_columns(superuser_client):
    response = superuser_client.get(reverse(IMPORT_URL))

    assert response.status_code == 200
    page = response.content.decode()
    for header in ("点位名称", "所在区", "设备序列号"):
        assert header in page


def test_change_list_links_to_the_import(superuser_client):
    response = superuser_client.get(reverse("admin:aed_aedsite_changelist"))

    assert reverse(IMPORT_URL) in response.content.decode()


def test_gbk_csv_with_chinese_headers_imports_sites(superuser_client):
    response = import_file(superuser_client, LABEL, csv_file(ROWS, encoding="gbk"))

    assert response.redirect_chain[-1][0] == reverse("admin:aed_aedsite_changelist")
    assert_imported()


def test_utf8_bom_csv_with_chinese_headers_imports_sites(superuser_client):
    import_file(superuser_client, LABEL, csv_file(ROWS, encoding="utf-8-sig"))

    assert_imported()


def test_xlsx_with_chinese_headers_imports_sites(superuser_client):
    table = [list(row) for row in ROWS]
    # Number and date cells as Excel keeps them.
    table[1][3], table[1][4], table[1][10] = 31.588, 120.301, date(2023, 6, 1)
    import_file(superuser_client, LABEL, xlsx_file(table), file_format=XLSX)

    assert_imported()


def test_file_with_one_bad_row_imports_nothing_and_names_row_and_column(superuser_client):
    bad = ["太湖广场", "梁溪区清扬路", "火星区", "31.56", "120.30", "商场", "一楼",
           "迈瑞", "C1A", "MR-0003", "2023-08-01", ""]  # fmt: skip
    response = preview(superuser_client, LABEL, csv_file([*ROWS, bad], encoding="gbk"))

    assert response.status_code == 200
    assert response.context.get("confirm_form") is None
    (invalid,) = response.context["result"].invalid_rows
    assert invalid.number == 3
    assert list(invalid.field_specific_errors) == ["所在区"]
    page = response.content.decode()
    assert "火星区" in page and "所在区" in page
    assert AedSite.objects.count() == 0


def test_confirming_a_file_that_turned_bad_imports_nothing(superuser_client):
    # The preview passed, then the file changed under it: the confirm step still applies all or none.
    response = preview(superuser_client, LABEL, csv_file(ROWS))
    form = response.context["confirm_form"]
    path = os.path.join(tempfile.gettempdir(), form["import_file_name"].value())
    with open(path, "a", encoding="utf-8") as file:
        file.write("坏点位,地址,梁溪区,200,120,商场,一楼,迈瑞,C1A,MR-0009,2023-08-01,\r\n")
    data = {name: form[name].value() for name in form.fields}
    response = superuser_client.post(reverse("admin:aed_aedsite_process_import"), data, follow=True)

    assert response.status_code == 200
    assert AedSite.objects.count() == 0


def test_reimported_file_does_not_duplicate_sites(superuser_client):
    import_file(superuser_client, LABEL, csv_file(ROWS))
    table = [list(row) for row in ROWS]
    table[1][0] = "无锡站（北广场）"
    import_file(superuser_client, LABEL, csv_file(table, encoding="gbk"))

    assert AedSite.objects.count() == 2
    assert AedSite.objects.get(serial_number="MR-0001").name == "无锡站（北广场）"
    site = AedSite.objects.get(serial_number="MR-0001")
    assert site.history.count() == 2


def test_unreadable_file_is_a_form_error_not_a_server_error(superuser_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    junk = SimpleUploadedFile("sites.xlsx", b"\x00\xffnot a workbook")
    response = preview(superuser_client, LABEL, junk, file_format=XLSX)

    assert response.status_code == 200
    assert response.context["form"].errors
    assert AedSite.objects.count() == 0


def test_file_without_the_serial_number_column_imports_nothing(superuser_client):
    rows = [[cell for i, cell in enumerate(row) if i != 9] for row in ROWS]
    response = preview(superuser_client, LABEL, csv_file(rows), file_format=CSV)

    assert response.status_code == 200
    assert response.context.get("confirm_form") is None
    assert AedSite.objects.count() == 0


@pytest.mark.parametrize("url", [IMPORT_URL, "admin:aed_aedsite_process_import"])
def test_staff_without_add_permission_cannot_import(client, login_staff, url):
    login_staff("审计人员")
    response = client.post(reverse(url), {"format": CSV, "resource": "0"})

    assert response.status_code == 403
    assert AedSite.objects.count() == 0


def test_change_list_offers_no_import_without_add_permission(client, login_staff):
    login_staff("审计人员")
    response = client.get(reverse("admin:aed_aedsite_changelist"))

    assert response.status_code == 200
    assert reverse(IMPORT_URL) not in response.content.decode()


def test_editor_may_import_sites(client, login_staff):
    login_staff("内容编辑")
    import_file(client, LABEL, csv_file(ROWS))

    assert AedSite.objects.count() == 2
