"""The shared writers: UTF-8 with BOM, exact values, no formulas smuggled into a spreadsheet."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from apps.core.exports import (
    ExportStats,
    csv_chunks,
    datasets,
    mask_address,
    mask_name,
    mask_phone,
    write_xlsx,
)
from apps.donations.exports import DonationExport
from apps.donations.models import Donation

pytestmark = pytest.mark.django_db


def csv_bytes(export, queryset=None, *, mask=True):
    stats = ExportStats(sorted(export.money_columns))
    data = b"".join(csv_chunks(export, export.iter_rows(queryset, mask=mask), stats))
    return data, stats


def read_csv(data: bytes, export=None) -> list[dict]:
    """Rows keyed by column key (headers are translated, keys are not)."""
    keys = (export or DonationExport()).keys
    header, *rows = csv.reader(io.StringIO(data.decode("utf-8-sig")))
    assert len(header) == len(keys)
    return [dict(zip(keys, row, strict=True)) for row in rows]


def test_csv_starts_with_the_bom_and_opens_as_utf8(ledger):
    data, _ = csv_bytes(DonationExport())
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8")
    assert text.splitlines()[0].lstrip("\ufeff").split(",") == DonationExport().headers


def test_amounts_and_chinese_text_round_trip_exactly_in_csv(ledger):
    rows = read_csv(csv_bytes(DonationExport(), mask=False)[0])
    by_receipt = {row["receipt_number"]: row for row in rows}
    for donation in Donation.objects.all():
        row = by_receipt[donation.receipt_number]
        assert Decimal(row["amount"]) == donation.amount
        assert row["amount"] == format(donation.amount, "f")
    goods = next(row for row in rows if row["goods_description"])
    assert (goods["goods_description"], goods["goods_quantity"], goods["goods_unit"]) == (
        "口罩（N95）",
        "1000",
        "只",
    )
    assert goods["amount"] == "99999999.99"
    assert {row["fund"] for row in rows} == {"人道救助基金"}


def test_formula_injection_is_neutralised_in_csv_and_xlsx(ledger):
    rows = read_csv(csv_bytes(DonationExport())[0])
    company = {row["donor"] for row in rows if not row["donor"].startswith("王")}
    assert company == {'\'=HYPERLINK("http://x")公司'}

    stats = ExportStats(["amount"])
    buffer = io.BytesIO()
    export = DonationExport()
    write_xlsx(export, export.iter_rows(mask=True), stats, buffer)
    sheet = load_workbook(buffer).active
    donors = {cell.value for cell in sheet["C"][1:]}
    assert '\'=HYPERLINK("http://x")公司' in donors
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_xlsx_money_is_numeric_with_two_decimals_and_exact(ledger):
    export = DonationExport()
    stats = ExportStats(["amount"])
    buffer = io.BytesIO()
    write_xlsx(export, export.iter_rows(mask=True), stats, buffer)
    sheet = load_workbook(buffer).active
    column = export.keys.index("amount") + 1
    header, *cells = next(sheet.iter_cols(min_col=column, max_col=column))
    assert header.value == export.headers[column - 1]
    assert all(cell.number_format == "#,##0.00" for cell in cells)
    # Written as the Decimal's digits; Excel's double holds these to the fen.
    assert sorted(Decimal(str(cell.value)) for cell in cells) == sorted(
        Donation.objects.values_list("amount", flat=True)
    )
    assert stats.totals["amount"] == sum(Donation.objects.values_list("amount", flat=True))


def test_masks():
    assert mask_phone("13912345678") == "139****5678"
    assert mask_phone("+86 139-1234-5678") == "861****5678"
    assert mask_phone("") == ""
    assert mask_name("张三丰") == "张**"
    assert mask_address("无锡市梁溪区中山路1号", "梁溪区") == "梁溪区"
    assert mask_address("中山路1号") == "***"


def test_every_dataset_has_as_many_cells_as_headers(ledger):
    from tests import factories as f

    f.make_trainee(phone="13800001111", id_number_masked="3202**********0018")
    f.make_disbursement()
    f.make_aed()
    f.make_organization()
    f.make_boai_home()
    f.make_honor().conferred_by.add(f.make_authority())
    for name, export_class in datasets().items():
        export = export_class()
        assert len(set(export.keys)) == len(export.headers), name
        assert export.money_columns <= set(export.keys), name
        assert export.personal_columns <= set(export.keys), name
        rows = list(export.iter_rows(mask=True))
        assert all(len(row) == len(export.headers) for row in rows), name
        data, _ = csv_bytes(export)
        assert data.startswith(b"\xef\xbb\xbf"), name


def test_models_without_their_own_dataset_export_their_plain_fields():
    from apps.core.exports import ModelExport, export_for_model
    from apps.donations.exports import DonorExport
    from apps.donations.models import Disbursement, Donor, LifeDonation
    from apps.organizations.models import Organization
    from tests import factories as f

    case = f.make_life_donation()
    export = export_for_model(LifeDonation)
    assert isinstance(export, ModelExport)
    [row] = export.iter_rows(mask=True)
    assert row[export.keys.index("case_number")] == case.case_number
    assert row[export.keys.index("district_id")] == case.district_id
    # The fallback leaves out anything that looks like personal data.
    assert not {"contact_phone", "address"} & set(ModelExport(Organization).keys)
    assert isinstance(export_for_model(Donor), DonorExport)
    assert ModelExport(Disbursement).money_columns == {"amount"}
