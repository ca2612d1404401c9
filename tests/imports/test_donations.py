from datetime import date
from decimal import Decimal

import pytest
import tablib

from apps.donations.models import Donation, DonationKind, DonationStatus, Donor, DonorKind
from apps.donations.resources import DonationResource
from tests import factories as f

from .conftest import XLSX, csv_file, import_file, preview, xlsx_file

pytestmark = pytest.mark.django_db

LABEL = "donations.donation"
HEADER = [
    "票据号",
    "捐赠人",
    "捐赠人类型",
    "类型",
    "金额",
    "接收日期",
    "基金",
    "物资描述",
    "数量",
    "单位",
]


@pytest.fixture
def fund():
    return f.make_fund(name="人道救助基金")


def rows(*extra):
    return [
        HEADER,
        ["WX2024-0001", "张三", "个人", "款", "1234.56", "2024-05-01", "人道救助基金", "", "", ""],
        [
            "WX2024-0002",
            "无锡某某科技有限公司",
            "企业",
            "物",
            "20000",
            "2024-05-02",
            "人道救助基金",
            "口罩",
            "10000",
            "只",
        ],
        *extra,
    ]


def run(resource_rows, *, dry_run=False):
    dataset = tablib.Dataset(*resource_rows[1:], headers=resource_rows[0])
    return DonationResource().import_data(
        dataset, dry_run=dry_run, rollback_on_validation_errors=True
    )


def test_batch_records_donations_and_creates_donors(fund):
    existing = f.make_donor(name="张三", kind=DonorKind.PERSON)
    result = run(rows())

    assert not result.has_errors() and not result.has_validation_errors()
    money = Donation.objects.get(receipt_number="WX2024-0001")
    assert money.donor == existing
    assert money.amount == Decimal("1234.56")
    assert money.kind == DonationKind.MONEY
    assert money.status == DonationStatus.ISSUED
    goods = Donation.objects.get(receipt_number="WX2024-0002")
    assert goods.donor.kind == DonorKind.COMPANY
    assert (goods.goods_description, goods.goods_quantity, goods.goods_unit) == (
        "口罩",
        10000,
        "只",
    )
    assert goods.received_on == date(2024, 5, 2)
    assert Donor.objects.count() == 2


def test_goods_without_description_imports_nothing(fund):
    bad = ["WX2024-0003", "李四", "个人", "物", "50", "2024-05-03", "人道救助基金", "", "", ""]
    result = run(rows(bad))

    assert result.has_validation_errors()
    (invalid,) = result.invalid_rows
    assert invalid.number == 3
    assert "物资描述" in invalid.error_dict
    assert Donation.objects.count() == 0
    assert Donor.objects.count() == 0


@pytest.mark.parametrize("amount", ["12.345", "-5", "abc", "0"])
def test_amount_must_be_positive_fen(fund, amount):
    bad = ["WX2024-0003", "李四", "个人", "款", amount, "2024-05-03", "人道救助基金", "", "", ""]
    result = run([HEADER, bad])

    assert "金额" in result.invalid_rows[0].error_dict
    assert Donation.objects.count() == 0


def test_reimported_batch_does_not_duplicate_donations(fund):
    run(rows())
    result = run(rows())

    assert not result.has_validation_errors()
    assert Donation.objects.count() == 2
    assert Donor.objects.count() == 2


def test_reimport_cannot_change_an_issued_receipt(fund):
    run(rows())
    changed = [
        HEADER,
        ["WX2024-0001", "张三", "个人", "款", "999.00", "2024-05-01", "人道救助基金", "", "", ""],
    ]
    result = run(changed)

    assert "票据号" in result.invalid_rows[0].error_dict
    assert Donation.objects.get(receipt_number="WX2024-0001").amount == Decimal("1234.56")


def test_xlsx_amount_is_read_as_decimal_not_float(superuser_client, fund):
    table = rows()
    table[1][4] = 1234.56  # a number cell: Excel keeps it as binary floating point
    table[2][4] = 20000.001  # a tenth of a fen: no amount, however Excel shows it
    response = preview(superuser_client, LABEL, xlsx_file(table), file_format=XLSX)
    assert response.context.get("confirm_form") is None
    assert Donation.objects.count() == 0

    table[2][4] = 20000
    import_file(superuser_client, LABEL, xlsx_file(table), file_format=XLSX)
    assert Donation.objects.get(receipt_number="WX2024-0001").amount == Decimal("1234.56")
    assert Donation.objects.get(receipt_number="WX2024-0002").amount == Decimal("20000.00")


def test_gbk_csv_batch_imports_through_the_admin(superuser_client, fund):
    response = import_file(superuser_client, LABEL, csv_file(rows(), encoding="gbk"))

    assert response.status_code == 200
    assert Donation.objects.count() == 2


def test_finance_staff_may_import_donations(client, login_staff, fund):
    login_staff("财务人员")
    import_file(client, LABEL, csv_file(rows()))

    assert Donation.objects.count() == 2
