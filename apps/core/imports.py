"""What every area's spreadsheet import shares (django-import-export).

Staff files have Chinese headers, come as CSV in UTF-8, UTF-8 with BOM or GBK,
or as XLSX, and name districts and choices by their Chinese names. An import is
previewed first (a dry run) and then applied whole or not at all.
"""

import contextlib
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db.models import Model
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.admin import ImportMixin
from import_export.formats import base_formats

from .models import District

# A file read as UTF-8 first (with or without BOM); GB18030 is a superset of GBK and GB2312.
ENCODINGS = ("utf-8-sig", "gb18030")


def decode_text(data: bytes) -> str:
    """The text of an uploaded CSV: UTF-8 (with or without BOM), else GBK/GB18030."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError(_("The file is neither UTF-8 nor GBK text."))


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class TextWidget(widgets.CharWidget):
    """Text with the surrounding blanks trimmed; numbers from XLSX cells written as Excel shows them."""

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()


class LookupWidget(widgets.Widget):
    """A related record found by one field (a district by its Chinese name, a fund by name)."""

    def __init__(self, model: type[Model], field: str, **kwargs):
        self.model = model
        self.field = field
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.model._default_manager.all()

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        text = str(value).strip()
        found = self.get_queryset().filter(**{self.field: text}).first()
        if found is None:
            raise ValueError(
                _("No %(model)s named “%(value)s”.")
                % {"model": self.model._meta.verbose_name, "value": text}
            )
        return found

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(getattr(value, self.field))


class DistrictWidget(LookupWidget):
    """A district by its Chinese name (梁溪区) or its code (liangxi)."""

    def __init__(self, **kwargs):
        super().__init__(District, "name", **kwargs)

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        text = str(value).strip()
        found = District.objects.filter(name=text).first() or (
            District.objects.filter(code=text.lower()).first()
        )
        if found is None:
            raise ValueError(_("No district named “%(value)s”.") % {"value": text})
        return found


class ChoiceWidget(widgets.Widget):
    """A choice by its Chinese label (商场), its English label or its stored value."""

    def __init__(self, choices, aliases=None, **kwargs):
        self.choices = choices
        self.aliases = aliases or {}
        super().__init__(**kwargs)

    def lookup(self) -> dict[str, str]:
        table = {}
        for value, label in self.choices.choices:
            table[str(value).lower()] = value
            for language in ("en", "zh-hans"):
                with translation.override(language):
                    table[str(label).strip().lower()] = value
        return table | {key.lower(): value for key, value in self.aliases.items()}

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        text = str(value).strip()
        try:
            return self.lookup()[text.lower()]
        except KeyError:
            with translation.override("zh-hans"):
                labels = "、".join(str(label) for value, label in self.choices.choices if value)
            raise ValueError(
                _("“%(value)s” is not one of: %(labels)s.") % {"value": text, "labels": labels}
            ) from None

    def render(self, value, obj=None, **kwargs):
        if value in (None, ""):
            return ""
        return str(self.choices(value).label)


class MoneyWidget(widgets.Widget):
    """An amount in CNY read as text into a Decimal, at most two decimal places, never a float.

    XLSX keeps numbers as binary floating point; `str()` gives the shortest form that reads
    back the same (1234.56, not 1234.5599999999999), which is what the cell showed.
    """

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        text = str(value).strip().replace(",", "").replace("，", "")
        text = text.removeprefix("¥").removeprefix("￥").removesuffix("元").strip()
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValueError(_("“%(value)s” is not an amount.") % {"value": value}) from None
        if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")):
            raise ValueError(_("An amount has at most two decimal places (fen)."))
        return amount.quantize(Decimal("0.01"))

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else f"{value:.2f}"


class CoordinateWidget(widgets.Widget):
    """A latitude or longitude as a Decimal of six places at most."""

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            raise ValueError(_("“%(value)s” is not a number.") % {"value": value}) from None
        if not number.is_finite():
            raise ValueError(_("“%(value)s” is not a number.") % {"value": value})
        return number.quantize(Decimal("0.000001"))

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


# 2024-05-01, 2024/5/1, 2024.5.1, 20240501 and 2024年5月1日, as staff type them.
DATE_PATTERN = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


class ChineseDateWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = str(value).strip()
        if re.fullmatch(r"\d{8}", text):
            text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
        # A CSV cell may carry a time after the date ("2024-05-01 00:00:00").
        match = DATE_PATTERN.match(text.split(" ")[0] if " " in text else text)
        try:
            if match is None:
                raise ValueError
            return date(*(int(part) for part in match.groups()))
        except ValueError:
            raise ValueError(
                _("“%(value)s” is not a date such as 2024-05-01.") % {"value": value}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.isoformat()


class YesNoWidget(widgets.Widget):
    TRUE = {"是", "有", "y", "yes", "true", "1", "√", "✓"}
    FALSE = {"否", "无", "n", "no", "false", "0", "×"}

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if isinstance(value, float | int):
            text = str(int(value))
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(_("Write 是 or 否, not “%(value)s”.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return "是" if value else "否"


def column(attribute, name, widget=None, **kwargs) -> fields.Field:
    """A resource field read from the column headed `name` (text unless a widget says otherwise)."""
    return fields.Field(
        attribute=attribute, column_name=name, widget=widget or TextWidget(), **kwargs
    )


class ChineseHeaderResource(resources.ModelResource):
    """Base of the import resources: all rows or none, and errors named by the file's headers.

    django-import-export names a row's errors by model attribute (`district`); staff know
    the column they typed (所在区), so errors are renamed after the row is read.
    """

    def import_row(self, row, instance_loader, **kwargs):
        result = super().import_row(row, instance_loader, **kwargs)
        if result.validation_error is not None:
            result.validation_error = self.name_columns(result.validation_error)
        return result

    def column_of(self, attribute: str) -> str:
        for field in self.get_import_fields():
            if field.attribute == attribute:
                return field.column_name
        try:
            return str(self._meta.model._meta.get_field(attribute).verbose_name)
        except FieldDoesNotExist:
            return attribute

    def name_columns(self, error: ValidationError) -> ValidationError:
        if not hasattr(error, "error_dict"):
            return error
        renamed = {}
        for key, errors in error.error_dict.items():
            name = key if key == NON_FIELD_ERRORS else self.column_of(key)
            renamed.setdefault(name, []).extend(errors)
        return ValidationError(renamed)

    class Meta:
        use_transactions = True
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True


class SpreadsheetImportMixin(ImportMixin):
    """Admin import of CSV (UTF-8, UTF-8 with BOM or GBK) and XLSX, applied whole or not at all.

    Only staff who may both add and change the records may import: an import does both.
    """

    import_template_name = "admin/import_export/spreadsheet_import.html"
    # Row errors name the row and the column; the traceback is for developers, not staff.
    import_error_display = ("message",)

    def get_import_formats(self):
        return [base_formats.CSV, base_formats.XLSX]

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def write_to_tmp_storage(self, import_file, input_format):
        """Keep the upload as UTF-8 whatever it came in, so both steps read it alike."""
        if input_format.is_binary():
            return super().write_to_tmp_storage(import_file, input_format)
        data = b"".join(import_file.chunks())
        try:
            text = decode_text(data)
        except ValueError:
            # Left as it came: reading it fails and the form says so.
            text = None
        tmp_storage = self.get_tmp_storage_class()(
            encoding=self.from_encoding,
            read_mode=input_format.get_read_mode(),
            **self.get_tmp_storage_class_kwargs(),
        )
        tmp_storage.save(data if text is None else text.encode("utf-8"))
        return tmp_storage

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        form = context.get("form")
        upload = (
            form.cleaned_data.get("import_file") if form is not None and form.is_bound else None
        )
        if upload is not None and not context.get("confirm_form"):
            # Nothing to confirm: the copy of the upload (personal data, maybe) goes now.
            name = getattr(upload, "tmp_storage_name", None)
            if name:
                storage = self.get_tmp_storage_class()(
                    name=name, **self.get_tmp_storage_class_kwargs()
                )
                with contextlib.suppress(OSError):
                    storage.remove()
        return response

    def get_import_data_kwargs(self, **kwargs):
        # Also when confirming: a row that became invalid since the preview undoes them all.
        return super().get_import_data_kwargs(**kwargs) | {"rollback_on_validation_errors": True}

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            messages.error(
                request,
                _(
                    "Nothing was imported: some rows have errors. Upload the file again to see them."
                ),
            )
            app_label, model_name = self.get_model_info()
            return HttpResponseRedirect(
                reverse(f"admin:{app_label}_{model_name}_import", current_app=self.admin_site.name)
            )
        return super().process_result(result, request)
