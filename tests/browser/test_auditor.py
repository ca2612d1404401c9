"""An auditor (desktop): filters the donations in the admin, exports them as CSV and as
XLSX, and the files' totals agree with what the public disclosure page shows."""

import csv
import io
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook

from apps.donations.exports import DonationExport

from .conftest import DESKTOP, admin_login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

YEAR = "2023"
CENT = Decimal("0.01")


def download(page, action):
    """Select every donation the filters match, run the export action, return the file."""
    page.reload()  # after a download the selection is still made: start afresh
    page.locator("#action-toggle").check()
    page.locator(".actions .question a").click()  # "select all N", not just this page
    page.select_option("select[name=action]", action)
    with page.expect_download() as info:
        page.locator(".actions button[type=submit]").click()
    download = info.value
    assert download.failure() is None
    return download.suggested_filename, download.path().read_bytes()


def test_auditor_exports_filtered_donations_whose_totals_match_the_disclosure(new_page):
    with translation.override("zh-hans"):
        headers = [str(header) for _, header in DonationExport.columns]
    amount_at = [key for key, _ in DonationExport.columns].index("amount")
    status_at = [key for key, _ in DonationExport.columns].index("status")

    page = new_page(DESKTOP)
    admin_login(page, "auditor")
    page.goto("/admin/")
    page.locator("a[href='/admin/donations/donation/']").first.click()
    page.locator(f"#changelist-filter a[href*='received_on__year={YEAR}']").click()
    page.wait_for_url(f"**received_on__year={YEAR}*")
    page.locator("#changelist-filter a[href*='status__exact=issued']").click()
    page.wait_for_url("**status__exact=issued*")
    screenshot(page, "admin-donations-auditor-desktop", full_page=False)

    name, body = download(page, "export_csv")
    assert name.endswith(".csv")
    header, *rows = csv.reader(io.StringIO(body.decode("utf-8-sig")))
    assert header == headers
    csv_total = sum(Decimal(row[amount_at]) for row in rows)
    assert {row[status_at] for row in rows} == {"已开具票据"}

    name, body = download(page, "export_xlsx")
    assert name.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(body), read_only=True).active
    header, *cells = list(sheet.iter_rows(values_only=True))
    assert list(header) == headers
    xlsx_total = sum(Decimal(str(row[amount_at])).quantize(CENT) for row in cells)

    disclosure = new_page(DESKTOP)
    disclosure.goto("/donations/")
    row = disclosure.locator("#by-year tbody tr", has=disclosure.locator("th", has_text=YEAR))
    count, amount = row.locator("td").all_inner_texts()
    assert len(rows) == len(cells) == int(count.replace(",", "")) > 100
    assert csv_total == xlsx_total == Decimal(amount.replace(",", "")) > 0
