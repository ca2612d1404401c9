"""`manage.py export`: the same datasets, written to a file and logged."""

import csv
import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from apps.core.models import ExportLog
from apps.donations.exports import DonationExport, ReceivedByYearAndFund

pytestmark = pytest.mark.django_db


def test_command_writes_a_masked_csv_and_logs_it(ledger, tmp_path):
    out = tmp_path / "donations.csv"
    stdout = io.StringIO()
    call_command("export", "donations", "--output", str(out), stdout=stdout)
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert "王秘密".encode() not in data
    log = ExportLog.objects.get()
    assert (log.dataset, log.row_count, log.user, log.personal_data) == (
        "donations",
        5,
        None,
        False,
    )
    assert log.sha256 == hashlib.sha256(data).hexdigest()
    assert log.sha256 in stdout.getvalue()


def test_command_personal_flag_unmasks(ledger, tmp_path):
    out = tmp_path / "donations.csv"
    call_command("export", "donations", "--output", str(out), "--personal", stdout=io.StringIO())
    _header, *rows = csv.reader(io.StringIO(out.read_text("utf-8-sig")))
    donor = DonationExport().keys.index("donor")
    assert "王秘密" in {row[donor] for row in rows}
    assert ExportLog.objects.get().personal_data


def test_command_writes_xlsx_of_an_aggregate(ledger, tmp_path):
    out = tmp_path / "by-year.xlsx"
    call_command(
        "export",
        "donations-by-year-fund",
        "--format",
        "xlsx",
        "--output",
        str(out),
        stdout=io.StringIO(),
    )
    sheet = load_workbook(out).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == ReceivedByYearAndFund().headers
    assert [row[0] for row in values[1:]] == [2023, 2024]
    assert ExportLog.objects.get().control_totals == {"total": "100001242.33"}
    assert ExportLog.objects.get().sha256 == hashlib.sha256(out.read_bytes()).hexdigest()


def test_command_lists_datasets_and_refuses_unknown_ones(tmp_path):
    stdout = io.StringIO()
    call_command("export", "list", stdout=stdout)
    assert "donations\t" in stdout.getvalue()
    assert "trainees-by-district\t" in stdout.getvalue()
    with pytest.raises(CommandError):
        call_command("export", "nope", "--output", str(tmp_path / "x.csv"))
