"""Exports for auditors: one class per dataset, written out as CSV or XLSX by shared writers.

A dataset class names its columns once (`columns`: key and header), says which hold
personal data and which hold money, and yields rows from a queryset (`iter_rows`). The
same class drives the admin actions, the `export` management command and the benchmark.

Personal columns are masked unless the user holds `core.view_personal_data`; what the
masked form is depends on the column (phone 139****5678, address to the district, an
anonymous donor's name 张**), so the dataset class does the masking in `iter_rows`.
"""

import csv
import hashlib
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

from .fields import MoneyField

PERSONAL_DATA_PERMISSION = "core.view_personal_data"
BOM = "\ufeff"
# Excel and LibreOffice read a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_CHARS = frozenset(FORMULA_STARTS)
# Characters an XLSX cell cannot hold (openpyxl refuses them).
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
MONEY_FORMAT = "#,##0.00"
ITERATOR_CHUNK = 2000


# --- masking ---------------------------------------------------------------------------


def mask_phone(phone: str) -> str:
    """13912345678 -> 139****5678; a short number keeps only its last two digits."""
    digits = re.sub(r"\D", "", phone or "")
    if not digits:
        return ""
    if len(digits) >= 7:
        return digits[:3] + "****" + digits[-4:]
    return "*" * (len(digits) - 2) + digits[-2:]


def mask_address(address: str, district=None) -> str:
    """A person's address reduced to its district; nothing of the street survives."""
    if not address:
        return ""
    return str(district) if district is not None else "***"


def mask_name(name: str) -> str:
    """张三丰 -> 张**: the first character, neither the rest nor its length."""
    name = (name or "").strip()
    return f"{name[0]}**" if name else ""


def choice_labels(choices) -> dict:
    """Value -> label in the active language, for a TextChoices class; unknown values as they are."""

    class Labels(dict):
        def __missing__(self, key):
            return key or ""

    return Labels((choice.value, str(choice.label)) for choice in choices)


def can_see_personal_data(user) -> bool:
    return bool(user and user.has_perm(PERSONAL_DATA_PERMISSION))


# --- datasets --------------------------------------------------------------------------


class Export:
    """Base of every dataset: fixed columns, and rows from a queryset."""

    name: str = ""  # the dataset's slug on the command line and in file names
    title: str = ""
    model: type[models.Model] | None = None  # the admin changelist it serves, if any
    columns: list[tuple[str, str]] = []  # (key, header); headers are lazy translations
    personal_columns: frozenset[str] = frozenset()
    money_columns: frozenset[str] = frozenset()
    # Who may download it: the model's view permission, or this for aggregated figures.
    permission: str = ""

    def has_permission(self, user) -> bool:
        if self.permission:
            return user.has_perm(self.permission)
        if self.model is None:
            return False
        opts = self.model._meta
        return user.has_perm(f"{opts.app_label}.view_{opts.model_name}")

    @property
    def headers(self) -> list[str]:
        return [str(header) for _key, header in self.columns]

    @property
    def keys(self) -> list[str]:
        return [key for key, _header in self.columns]

    def get_queryset(self):
        """Every row of the dataset; the admin passes its filtered changelist instead."""
        return self.model._default_manager.all()

    def prepare(self, queryset):
        """Joins and ordering the rows need, applied to whatever queryset comes in."""
        return queryset

    def iter_rows(self, queryset=None, *, mask: bool = True) -> Iterator[list]:
        if queryset is None:
            queryset = self.get_queryset()
        for obj in self.prepare(queryset).iterator(chunk_size=ITERATOR_CHUNK):
            yield self.row(obj, mask=mask)

    def row(self, obj, *, mask: bool) -> list:
        raise NotImplementedError

    def copy_query(self, queryset=None, *, mask: bool = True) -> tuple[str, list] | None:
        """The rows as one SELECT (SQL, params) for PostgreSQL's COPY, or None for none.

        A dataset of millions of rows gives one, doing its labels, masking and formula
        neutralising in SQL (one text column per header, NULL for an empty cell) so that
        `csv_stream` writes the same bytes as `iter_rows` does through Python.
        """
        return None

    def money_totals(self, queryset=None) -> dict[str, Decimal]:
        """The control totals of the money columns, for a dataset written through COPY."""
        raise NotImplementedError


class ModelExport(Export):
    """A generic dataset for a model without its own class: its plain concrete fields.

    Image files, keyed digests and any field named like personal data (phone, address,
    contact, ID number) are left out rather than guessed at, so the fallback never leaks.
    """

    EXCLUDED = re.compile(r"phone|address|contact|id_number|digest|password")

    def __init__(self, model):
        self.model = model
        self.name = model._meta.label_lower.replace(".", "-")
        self.title = str(model._meta.verbose_name_plural)
        self.fields = [
            f
            for f in model._meta.concrete_fields
            if not isinstance(f, models.FileField) and not self.EXCLUDED.search(f.name)
        ]
        # Related records by ID: their names could cost a query per row.
        self.columns = [
            (f.attname, f"{f.verbose_name} (ID)") if f.is_relation else (f.name, f.verbose_name)
            for f in self.fields
        ]
        self.money_columns = frozenset(f.name for f in self.fields if isinstance(f, MoneyField))

    def row(self, obj, *, mask):
        values = []
        for f in self.fields:
            value = getattr(obj, f.attname)
            if f.choices and not f.is_relation:
                value = obj._get_FIELD_display(f)
            values.append(value)
        return values


_registry: dict[str, type[Export]] = {}
_discovered = False


def register(export_class: type[Export]) -> type[Export]:
    """Class decorator: makes a dataset known to the admin and the command."""
    _registry[export_class.name] = export_class
    return export_class


def datasets() -> dict[str, type[Export]]:
    """Every registered dataset by name; each app's `exports` module registers its own."""
    global _discovered
    if not _discovered:
        autodiscover_modules("exports")
        _discovered = True
    return dict(sorted(_registry.items()))


def export_for_model(model) -> Export:
    for export_class in datasets().values():
        if export_class.model is model:
            return export_class()
    return ModelExport(model)


# --- writing ---------------------------------------------------------------------------


def text_converter() -> Callable[[object], str]:
    """A function giving a value's text in the file: exact decimals, ISO dates, local times, 是/否.

    Made once per export: the yes/no words are translated once, and the common types
    are tested by exact type first (this runs for every cell).
    """
    yes, no = _("Yes"), _("No")

    def text(value) -> str:
        kind = type(value)
        if kind is str:
            return "'" + value if value[:1] in FORMULA_CHARS else value
        if value is None:
            return ""
        if kind is bool:
            return yes if value else no
        if kind is int:
            return str(value)
        if kind is Decimal:
            return format(value, "f")
        if kind is date:
            return value.isoformat()
        if isinstance(value, datetime):
            return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
        if isinstance(value, date):
            return value.isoformat()
        return neutralise(str(value))

    return text


def cell_text(value) -> str:
    return text_converter()(value)


def neutralise(text: str) -> str:
    """A leading apostrophe makes a spreadsheet show `=cmd()` as text instead of running it."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@dataclass
class ExportStats:
    """What the manifest records, counted as the file is written."""

    money_keys: list[str]
    rows: int = 0
    totals: dict[str, Decimal] = field(default_factory=dict)
    digest: "hashlib._Hash" = field(default_factory=hashlib.sha256)

    def __post_init__(self):
        self.totals = {key: Decimal("0.00") for key in self.money_keys}

    def count(self, row: list, positions: dict[str, int]) -> None:
        self.rows += 1
        for key, position in positions.items():
            value = row[position]
            if value is not None:
                self.totals[key] += value

    @property
    def sha256(self) -> str:
        return self.digest.hexdigest()


def _money_positions(export: Export) -> dict[str, int]:
    return {key: i for i, key in enumerate(export.keys) if key in export.money_columns}


class _Line:
    """A file-like object for csv.writer that hands back what it was given."""

    def write(self, text):
        return text


def csv_chunks(
    export: Export,
    rows: Iterable[list],
    stats: ExportStats,
    *,
    on_complete: Callable[[ExportStats], None] | None = None,
    batch: int = 500,
) -> Iterator[bytes]:
    """The CSV file as byte chunks (UTF-8 with BOM), counting rows, totals and SHA-256 as it goes.

    `on_complete` runs after the last chunk has been handed out, so an interrupted
    download leaves no log claiming a file that was never delivered.
    """
    writer = csv.writer(_Line(), lineterminator="\r\n")
    text = text_converter()
    positions = _money_positions(export)
    head = (BOM + writer.writerow([neutralise(h) for h in export.headers])).encode()
    stats.digest.update(head)
    yield head
    lines = []
    for row in rows:
        stats.count(row, positions)
        lines.append(writer.writerow([text(value) for value in row]))
        if len(lines) >= batch:
            chunk = "".join(lines).encode()
            stats.digest.update(chunk)
            yield chunk
            lines = []
    if lines:
        chunk = "".join(lines).encode()
        stats.digest.update(chunk)
        yield chunk
    if on_complete is not None:
        on_complete(stats)


def csv_stream(
    export: Export,
    queryset,
    stats: ExportStats,
    *,
    mask: bool,
    on_complete: Callable[[ExportStats], None] | None = None,
) -> Iterator[bytes]:
    """The CSV file as byte chunks, by PostgreSQL's own COPY where the dataset offers it.

    COPY writes the rows at the database's speed instead of building each cell in Python
    (about a million donations in seconds, memory flat); elsewhere the rows go through
    `csv_chunks`. Both give the same bytes: headers, BOM, CRLF, quoting, masking.
    """
    if connection.vendor == "postgresql":
        query = export.copy_query(queryset, mask=mask)
        if query is not None:
            return _copy_chunks(export, queryset, query, stats, on_complete=on_complete)
    return csv_chunks(export, export.iter_rows(queryset, mask=mask), stats, on_complete=on_complete)


def _copy_chunks(export, queryset, query, stats, *, on_complete=None, batch=2000):
    sql, params = query
    writer = csv.writer(_Line(), lineterminator="\r\n")
    head = (BOM + writer.writerow([neutralise(h) for h in export.headers])).encode()
    stats.digest.update(head)
    yield head
    fresh = not connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        if fresh:
            # The totals and the rows from one snapshot, however long the download takes.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        # JIT compiling the cells' expressions took a second before the first row, and
        # gained less on a million rows than it cost.
        cursor.execute("SET LOCAL jit = off")
        # Each of the sort's parallel parts holds its rows in memory instead of spilling
        # them to disk (about 60 MB each for a million donations).
        cursor.execute("SET LOCAL work_mem = '64MB'")
        stats.totals.update(export.money_totals(queryset))
        with cursor.cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params) as copy:
            lines = []
            # PostgreSQL sends one row per message, ended by LF; the Python writer ends
            # rows with CRLF and leaves a line break inside a quoted cell as it is.
            for line in copy:
                lines.append(line)
                if len(lines) >= batch:
                    yield _crlf_chunk(lines, stats)
                    lines = []
            if lines:
                yield _crlf_chunk(lines, stats)
    if on_complete is not None:
        on_complete(stats)


def _crlf_chunk(lines: list, stats: ExportStats) -> bytes:
    chunk = b"".join(lines)
    if chunk.count(b"\n") == len(lines):
        chunk = chunk.replace(b"\n", b"\r\n")
    else:  # a cell holds a line break: end each row alone
        chunk = b"".join(bytes(line[:-1]) + b"\r\n" for line in lines)
    stats.rows += len(lines)
    stats.digest.update(chunk)
    return chunk


def xlsx_cell_value(value, text=cell_text):
    """Numbers stay numbers (money exact as Decimal); the rest is text, never a formula."""
    if isinstance(value, str):
        return _ILLEGAL_XML.sub("", neutralise(value))
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        return value
    return text(value)


def write_xlsx(export: Export, rows: Iterable[list], stats: ExportStats, fileobj) -> None:
    """Writes the workbook to `fileobj` (streamed row by row: openpyxl's write-only mode).

    Money goes into numeric cells formatted #,##0.00 so that auditors can add them up;
    openpyxl writes a Decimal as its exact digits in the file (no float on our side).
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=(export.name or "export")[:31])
    positions = _money_positions(export)
    money_at = set(positions.values())
    text = text_converter()
    bold = Font(bold=True)
    header = []
    for heading in export.headers:
        cell = WriteOnlyCell(sheet, value=neutralise(heading))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        stats.count(row, positions)
        cells = []
        for i, value in enumerate(row):
            cell = WriteOnlyCell(sheet, value=xlsx_cell_value(value, text))
            if i in money_at:
                cell.number_format = MONEY_FORMAT
            cells.append(cell)
        sheet.append(cells)
    workbook.save(fileobj)


def xlsx_tempfile(export: Export, rows: Iterable[list], stats: ExportStats):
    """The workbook in a temporary file (rewound), its SHA-256 in `stats`."""
    # Not a `with`: FileResponse closes the file once it has been sent.
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    try:
        write_xlsx(export, rows, stats, handle)
        handle.seek(0)
        for block in iter(lambda: handle.read(1 << 20), b""):
            stats.digest.update(block)
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    return handle


def file_name(export: Export, file_format: str, when: datetime) -> str:
    return f"{export.name}-{timezone.localtime(when):%Y%m%d-%H%M%S}.{file_format}"


# --- the admin's and the command's entry point ----------------------------------------


def export_response(export: Export, queryset, *, user, file_format: str, query: str = ""):
    """An HTTP download of the dataset for `user`, logged in ExportLog when it is complete."""
    from django.http import FileResponse, StreamingHttpResponse

    from .models import ExportLog

    mask = not can_see_personal_data(user)
    as_of = timezone.now()
    stats = ExportStats(sorted(export.money_columns))
    name = file_name(export, file_format, as_of)

    def log(stats):
        ExportLog.record(
            export=export,
            stats=stats,
            user=user,
            file_format=file_format,
            query=query,
            personal=not mask,
            data_as_of=as_of,
        )

    if file_format == "csv":
        response = StreamingHttpResponse(
            csv_stream(export, queryset, stats, mask=mask, on_complete=log),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    handle = xlsx_tempfile(export, export.iter_rows(queryset, mask=mask), stats)
    log(stats)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
