"""The export actions on the changelists: masking by group, totals, the log and its manifest."""

import csv
import hashlib
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.core.models import ExportLog
from apps.core.periods import Period
from apps.donations.exports import DonationExport
from apps.donations.models import Donation
from apps.donations.selectors import fundraising_totals, received_by_year
from apps.training.exports import TraineeExport
from apps.training.models import Trainee
from tests import factories as f

from .conftest import AUDITORS, EDITORS, FINANCE, TRAINING

pytestmark = pytest.mark.django_db

DONATIONS = reverse("admin:donations_donation_changelist")


def export(client, url, action="export_csv", query="", selected=None):
    data = {"action": action, "index": "0"}
    if selected is None:
        # "Select all N": the page's boxes are ticked too, and the admin then acts on
        # every row matching the filters, whichever boxes were sent.
        data["select_across"] = "1"
        data["_selected_action"] = ["0"]
    else:
        data["_selected_action"] = [str(pk) for pk in selected]
    return client.post(f"{url}?{query}" if query else url, data)


def content(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def rows_of(response, export=None) -> list[dict]:
    """Rows keyed by column key (headers are translated, keys are not)."""
    body = response if isinstance(response, bytes) else content(response)
    keys = (export or DonationExport()).keys
    header, *rows = csv.reader(io.StringIO(body.decode("utf-8-sig")))
    assert len(header) == len(keys)
    return [dict(zip(keys, row, strict=True)) for row in rows]


def test_auditor_export_masks_phones_addresses_and_anonymous_donors(client, login_staff, ledger):
    login_staff(AUDITORS)
    response = export(client, DONATIONS)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = content(response)
    raw = body.decode("utf-8-sig")
    assert "王秘密" not in raw
    assert "13912345678" not in raw
    assert "中山路" not in raw
    anonymous = next(row for row in rows_of(body) if row["donor"].startswith("王"))
    assert anonymous["donor"] == "王**"
    assert anonymous["donor_phone"] == "139****5678"
    assert anonymous["donor_address"] == "梁溪区"
    log = ExportLog.objects.get()
    assert not log.personal_data


def test_auditor_never_sees_an_anonymous_donors_name_in_the_donor_list(client, login_staff, ledger):
    login_staff(AUDITORS)
    for action in ("export_csv", "export_xlsx"):
        response = export(client, reverse("admin:donations_donor_changelist"), action)
        assert response.status_code == 200
        body = content(response)
        if action == "export_xlsx":
            sheet = load_workbook(io.BytesIO(body)).active
            body = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row).encode()
        assert "王秘密".encode() not in body
        assert "王**".encode() in body


def test_finance_export_shows_donor_data_in_full(client, login_staff, ledger):
    login_staff(FINANCE)
    rows = rows_of(export(client, DONATIONS))
    anonymous = next(row for row in rows if row["donor"].startswith("王"))
    assert anonymous["donor"] == "王秘密"
    assert anonymous["donor_phone"] == "13912345678"
    assert anonymous["donor_address"] == "无锡市梁溪区中山路1号3栋502室"
    assert ExportLog.objects.get().personal_data


def test_training_staff_see_trainee_phones_but_only_the_masked_id_number(client, login_staff):
    trainee = f.make_trainee(phone="13800001111", id_number_masked="3202**********0018")
    Trainee.objects.filter(pk=trainee.pk).update(id_number_digest="d1" * 32)
    trainee.refresh_from_db()
    login_staff(TRAINING)
    rows = rows_of(export(client, reverse("admin:training_trainee_changelist")), TraineeExport())
    assert rows == [
        row
        for row in rows
        if row["phone"] == "13800001111" and row["id_number_masked"] == "3202**********0018"
    ]
    assert len(rows) == 1
    body = content(export(client, reverse("admin:training_trainee_changelist"))).decode()
    assert trainee.id_number_digest not in body


def test_auditor_gets_masked_trainee_phones(client, login_staff):
    f.make_trainee(phone="13800001111")
    login_staff(AUDITORS)
    rows = rows_of(export(client, reverse("admin:training_trainee_changelist")), TraineeExport())
    assert [row["phone"] for row in rows] == ["138****1111"]


def test_donations_of_a_year_total_the_public_figures(client, login_staff, ledger):
    login_staff(AUDITORS)
    response = export(client, DONATIONS, query="received_on__year=2023&status__exact=issued")
    rows = rows_of(response)
    total = sum(Decimal(row["amount"]) for row in rows)
    year = Period(date(2023, 1, 1), date(2023, 12, 31))
    assert total == fundraising_totals(year)["raised"] == Decimal("100001234.56")
    assert len(rows) == fundraising_totals(year)["donations"]
    assert total == next(row["total"] for row in received_by_year() if row["year"] == 2023)
    log = ExportLog.objects.get()
    assert log.query == "received_on__year=2023&status__exact=issued"
    assert log.control_totals == {"amount": "100001234.56"}


def test_csv_export_is_logged_with_rows_totals_and_the_files_sha256(client, login_staff, ledger):
    user = login_staff(AUDITORS)
    assert not ExportLog.objects.exists()
    response = export(client, DONATIONS)
    # The log is written when the stream has been read to its end.
    body = content(response)
    log = ExportLog.objects.get()
    assert (log.user, log.dataset, log.file_format) == (user, "donations", "csv")
    assert log.row_count == Donation.objects.count() == 5
    assert log.control_totals == {
        "amount": format(sum(d.amount for d in Donation.objects.all()), "f")
    }
    assert log.sha256 == hashlib.sha256(body).hexdigest()
    assert log.data_as_of <= log.created_at


def test_xlsx_export_is_logged_with_the_files_sha256(client, login_staff, ledger):
    login_staff(AUDITORS)
    response = export(client, DONATIONS, "export_xlsx", selected=[ledger["donations"][0].pk])
    assert response.status_code == 200
    body = content(response)
    assert body.startswith(b"PK")
    log = ExportLog.objects.get()
    assert (log.file_format, log.row_count) == ("xlsx", 1)
    assert log.control_totals == {"amount": "1234.56"}
    assert log.sha256 == hashlib.sha256(body).hexdigest()
    assert log.query == f"selected={ledger['donations'][0].pk}"


def test_manifest_is_downloadable_beside_the_log(client, login_staff, ledger):
    login_staff(AUDITORS)
    body = content(export(client, DONATIONS))
    log = ExportLog.objects.get()
    response = client.get(reverse("admin:core_exportlog_manifest", args=[log.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    manifest = json.loads(response.content)
    assert manifest["sha256"] == hashlib.sha256(body).hexdigest()
    assert manifest["rows"] == 5
    changelist = client.get(reverse("admin:core_exportlog_changelist"))
    assert changelist.status_code == 200
    assert reverse("admin:core_exportlog_manifest", args=[log.pk]) in changelist.content.decode()


def test_export_log_is_read_only_even_for_superusers(admin_client, ledger):
    content(export(admin_client, DONATIONS))
    log = ExportLog.objects.get()
    assert admin_client.get(reverse("admin:core_exportlog_add")).status_code == 403
    change = reverse("admin:core_exportlog_change", args=[log.pk])
    assert admin_client.post(change, {"row_count": 1}).status_code == 403
    delete = reverse("admin:core_exportlog_delete", args=[log.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert ExportLog.objects.get().row_count == 5


def test_export_is_refused_without_view_permission(client, login_staff, ledger):
    login_staff(EDITORS)  # editors may not see donations
    response = export(client, DONATIONS)
    assert response.status_code == 403
    assert not ExportLog.objects.exists()


def test_actions_are_offered_on_every_history_changelist(admin_user, rf):
    from django.contrib import admin

    from apps.core.admin import HistoryAdmin

    request = rf.get("/")
    request.user = admin_user
    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, HistoryAdmin):
            assert {"export_csv", "export_xlsx"} <= set(model_admin.get_actions(request)), model


def test_donation_export_queries_do_not_grow_with_rows(
    client, login_staff, ledger, django_assert_max_num_queries
):
    login_staff(AUDITORS)
    for _ in range(20):
        f.make_donation(fund=ledger["fund"])
    with django_assert_max_num_queries(15):
        content(export(client, DONATIONS))


def test_auditor_downloads_aggregated_figures_that_equal_the_public_selector(
    client, login_staff, ledger
):
    from apps.donations.exports import ReceivedByYearAndFund

    login_staff(AUDITORS)
    page = client.get(reverse("admin:core_exportlog_changelist")).content.decode()
    url = reverse("admin:core_exportlog_dataset", args=["donations-by-year-fund", "csv"])
    assert url in page
    rows = rows_of(content(client.get(url)), ReceivedByYearAndFund())
    per_year = {}
    for row in rows:
        per_year[int(row["year"])] = per_year.get(int(row["year"]), 0) + Decimal(row["total"])
    assert per_year == {row["year"]: row["total"] for row in received_by_year()}
    assert ExportLog.objects.get().query == "dataset=donations-by-year-fund"


def test_dataset_download_is_refused_without_the_areas_view_permission(client, login_staff, ledger):
    login_staff(EDITORS)
    url = reverse("admin:core_exportlog_dataset", args=["donations-by-year-fund", "xlsx"])
    assert client.get(url).status_code == 403
    assert (
        "donations-by-year-fund"
        not in client.get(reverse("admin:core_exportlog_changelist")).content.decode()
    )
    url = reverse("admin:core_exportlog_dataset", args=["aed-sites", "csv"])
    assert client.get(url).status_code == 200
