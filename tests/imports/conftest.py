"""Fixtures for the import tests: staff logins and a helper that uploads, previews and confirms."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

CSV, XLSX = "0", "1"


def csv_file(rows, *, encoding="utf-8-sig", name="import.csv"):
    text = "\r\n".join(",".join(str(cell) for cell in row) for row in rows) + "\r\n"
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def xlsx_file(rows, *, name="import.xlsx"):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(
        name,
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def preview(client, model_label, upload, *, file_format=CSV, **extra):
    """POST the import form; the response shows the preview or the rows' errors."""
    app_label, model_name = model_label.split(".")
    return client.post(
        reverse(f"admin:{app_label}_{model_name}_import"),
        {"format": file_format, "resource": "0", "import_file": upload, **extra},
    )


def confirm(client, model_label, preview_response):
    """POST the confirm form the preview offered; return the page it redirects to."""
    app_label, model_name = model_label.split(".")
    form = preview_response.context["confirm_form"]
    assert form is not None, preview_response.content.decode()
    data = {name: form[name].value() for name in form.fields}
    return client.post(reverse(f"admin:{app_label}_{model_name}_process_import"), data, follow=True)


def describe(response) -> str:
    """Why a preview offered no confirmation: the form's and the rows' errors."""
    result = response.context.get("result")
    form = response.context.get("form")
    rows = []
    if result is not None:
        rows = [(row.number, row.error_dict) for row in result.invalid_rows]
        rows += [(line, [str(e.error) for e in errors]) for line, errors in result.row_errors()]
        rows += [str(e.error) for e in result.base_errors]
    return f"form errors: {form.errors if form else None}; rows: {rows}"


def import_file(client, model_label, upload, *, file_format=CSV, **extra):
    response = preview(client, model_label, upload, file_format=file_format, **extra)
    assert response.status_code == 200
    assert response.context.get("confirm_form") is not None, describe(response)
    return confirm(client, model_label, response)
