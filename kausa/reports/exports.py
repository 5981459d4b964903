"""The funder's report as files: .xlsx (one sheet per table and a sheet "Hinweise") and CSV
for German Excel (UTF-8 with BOM, `;`, decimal comma). Both only ever contain the values
small-cell suppression lets through, and both carry period, scope, date and definitions."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kausa.reports.suppression import SECONDARY_MARK, Cell, DisplayedTable, small_mark, suppress
from kausa.reports.tables import Report, ReportTable

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
NUMBER_FORMAT = "#,##0"
NOTES_SHEET = "Hinweise"
# A cell that starts with one of these is run as a formula by spreadsheet programs.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_INVALID_SHEET_CHARACTERS = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def is_protected(table: ReportTable) -> bool:
    """Breakdowns by protected attributes (gender, origin, residence status, …)."""
    return table.protected


def displayed_tables(
    report: Report, *, threshold: int, include_protected: bool
) -> list[DisplayedTable]:
    """The report's tables as they may be shown; protected breakdowns only when allowed."""
    return [
        suppress(table, threshold)
        for table in report.tables
        if include_protected or not is_protected(table)
    ]


def is_empty(report: Report) -> bool:
    return not any(value for table in report.tables for row in table.cells for value in row)


def plain(value: object) -> object:
    """Text that a spreadsheet shows as text and never evaluates (formula injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def suppression_rule(threshold: int) -> str:
    return _(
        "Counts of 1 to %(last)s people are shown as “%(mark)s”. Cells marked “%(secondary)s” "
        "are hidden as well, so that no such count can be recomputed from the totals; where "
        "even that is not enough, every count of a table shows as “%(secondary)s”."
    ) % {"last": threshold - 1, "mark": small_mark(threshold), "secondary": SECONDARY_MARK}


def facts(report: Report, threshold: int) -> list[tuple[str, str]]:
    """What every export states about itself."""
    period = report.period
    return [
        (_("Organisation"), report.organisation_name),
        (_("Scope"), report.scope_label),
        (_("Period"), period.label),
        (pgettext("period", "From"), period.start.strftime("%d.%m.%Y")),
        (pgettext("period", "To"), period.end.strftime("%d.%m.%Y")),
        (_("Created"), timezone.localtime(report.generated_at).strftime("%d.%m.%Y %H:%M")),
        (_("Small-cell suppression"), suppression_rule(threshold)),
    ]


def header_row(shown: DisplayedTable) -> list[str]:
    table = shown.table
    total = [_("Total")] if shown.row_totals else []
    return [table.row_header, *table.column_labels, *total]


def body_rows(shown: DisplayedTable) -> list[list[str | Cell]]:
    """Label and cells per row, then the column totals (if shown)."""
    rows: list[list[str | Cell]] = []
    for index, (label, cells) in enumerate(zip(shown.table.row_labels, shown.rows, strict=True)):
        total = [shown.row_totals[index]] if shown.row_totals else []
        rows.append([label, *cells, *total])
    if shown.column_totals:
        grand = [shown.grand_total] if shown.grand_total is not None else []
        rows.append([_("Total"), *shown.column_totals, *grand])
    return rows


def _sheet_title(title: str, used: set[str]) -> str:
    base = title.translate(_INVALID_SHEET_CHARACTERS).strip()[:28] or "Tabelle"
    name, number = base, 2
    while name.casefold() in used or name.casefold() == NOTES_SHEET.casefold():
        name, number = f"{base[:25]} {number}", number + 1
    used.add(name.casefold())
    return name


def report_xlsx(report: Report, tables: list[DisplayedTable], threshold: int) -> bytes:
    workbook = Workbook()
    notes = workbook.active
    assert isinstance(notes, Worksheet)
    notes.title = NOTES_SHEET
    used: set[str] = set()
    for shown in tables:
        _table_sheet(workbook.create_sheet(_sheet_title(shown.table.title, used)), shown)
    _notes_sheet(notes, report, tables, threshold)
    workbook.move_sheet(notes, offset=len(workbook.sheetnames) - 1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _table_sheet(sheet: Worksheet, shown: DisplayedTable) -> None:
    sheet.append([plain(value) for value in header_row(shown)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in body_rows(shown):
        sheet.append([_xlsx_value(value) for value in row])
    for row_cells in sheet.iter_rows(min_row=2, min_col=2):
        for cell in row_cells:
            if isinstance(cell.value, int):
                cell.number_format = NUMBER_FORMAT
            else:
                cell.alignment = Alignment(horizontal="right")
    if shown.column_totals:
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = 40
    for index in range(2, len(header_row(shown)) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 16


def _xlsx_value(value: str | Cell) -> object:
    if isinstance(value, Cell):
        return value.value if value.value is not None else value.text
    return plain(value)


def _notes_sheet(
    sheet: Worksheet, report: Report, tables: list[DisplayedTable], threshold: int
) -> None:
    sheet.append([_("Report for the funder")])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    for label, value in facts(report, threshold):
        sheet.append([label, plain(value)])
    sheet.append([])
    sheet.append([_("Table"), _("Definition")])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for shown in tables:
        sheet.append([plain(shown.table.title), plain(shown.table.definition or "–")])
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 100
    for row_cells in sheet.iter_rows():
        for cell in row_cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def csv_value(value: object) -> str:
    """A value as German Excel reads it: decimal comma, text never a formula."""
    if isinstance(value, Cell):
        value = value.value if value.value is not None else value.text
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(plain(value)) if value is not None else ""


def report_csv(report: Report, tables: list[DisplayedTable], threshold: int) -> bytes:
    """One file with a section per table, headed by what the export covers."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_value(_("Report for the funder"))])
    for label, value in facts(report, threshold):
        writer.writerow([csv_value(label), csv_value(value)])
    for shown in tables:
        writer.writerow([])
        writer.writerow([csv_value(shown.table.title)])
        _write_rows(writer, [header_row(shown), *body_rows(shown)])
        if shown.table.definition:
            writer.writerow([csv_value(_("Definition")), csv_value(shown.table.definition)])
    return buffer.getvalue().encode("utf-8-sig")


def _write_rows(writer: Any, rows: Iterable[Iterable[object]]) -> None:
    for row in rows:
        writer.writerow([csv_value(value) for value in row])
