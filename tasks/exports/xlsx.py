"""The Excel ledger (工作台账), streamed with openpyxl's write-only mode.

Write-only mode keeps memory flat: each row goes straight to a temporary XML file and strings are
stored inline (no shared-string table), so nothing grows with the ledger but the list of merged
section rows. What it needs in a fixed order: column widths, frozen panes and the page-setup flag
before the first row; merged ranges, the autofilter and print titles any time before saving.

Speed: on an openpyxl version the fast path was verified against (``TESTED_OPENPYXL``), every
cell of a kind shares one prebuilt style array instead of assigning Font/Fill/… objects per cell
(openpyxl hashes each assigned style object; sharing skips that), through private attributes
(``Cell._style``, ``WriteOnlyWorksheet._values_to_row``, ``Workbook._cell_styles``). On any other
version the writer takes the public path, a ``WriteOnlyCell`` per value with its styles assigned:
the same cells and styles (tests/test_exports_xlsx.py compares the two), slower.
Row heights are estimated from the text so that wrapped cells print whole in Excel and WPS,
which do not re-measure rows of a generated file; the height is dropped from the worksheet as
soon as its row is written.
"""

from __future__ import annotations

from functools import lru_cache
from typing import BinaryIO

import openpyxl
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from tasks.exports.base import LedgerExporter, register
from tasks.exports.rows import HEADER, SUMMARY_HEADER, LedgerRow, SectionRow
from tasks.exports.safe import safe_cell, safe_text
from tasks.models import Light

LEDGER_SHEET = "工作台账"
SUMMARY_SHEET = "按单位汇总"
# Widths in Excel character units; a Chinese character takes about two.
LEDGER_WIDTHS = (6, 20, 46, 20, 15, 34, 20, 10)
SUMMARY_WIDTHS = (6, 28, 9, 9, 10, 10, 9, 10, 9)
FIRST_DATA_ROW = 4  # title, subtitle/date, header
LINE_HEIGHT_PT = 15
MAX_ROW_HEIGHT_PT = 409  # Excel's limit

LIGHT_FILLS = {
    Light.GREEN: "92D050",
    Light.YELLOW: "FFFF00",
    Light.RED: "FF0000",
    Light.GREY: "BFBFBF",
    Light.DONE: "9BC2E6",
    Light.DONE_LATE: "9BC2E6",
}
HEADER_FILL = "DDEBF7"
FAST_PATH = True  # see _SheetWriter; the tests compare both paths
# openpyxl versions whose private attributes the fast path was verified against (the XLSX tests
# and bench/bench_exports.py); add a version here only after running both on it.
TESTED_OPENPYXL = frozenset({"3.1.5"})
SECTION_FILL = "EDEDED"


def text_width(text: str) -> int:
    """Display width in Excel character units: GB18030 spends two bytes on a CJK character, one on ASCII."""
    return len(text.encode("gb18030", errors="replace"))


def _usable(width: float) -> int:
    """Characters that fit on one line of a column, less a little padding."""
    return max(int(width - 1.5), 1)


@lru_cache(maxsize=4096)  # a task's text comes back on each of its units' rows
def lines_needed(value, usable: int) -> int:
    if value is None or value == "":
        return 1
    value = str(value)
    if len(value) * 2 <= usable and "\n" not in value:
        return 1  # fits even if every character is wide: the common case, without measuring
    return sum(max(1, -(-text_width(part) // usable)) for part in value.split("\n"))


def row_height(values, usable_widths) -> float:
    """Points for a row whose cells wrap: the tallest cell's line count × LINE_HEIGHT_PT."""
    lines = 1
    for value, usable in zip(values, usable_widths, strict=False):
        if value.__class__ is str and (len(value) * 2 > usable or "\n" in value):
            needed = lines_needed(value, usable)
            if needed > lines:
                lines = needed
    return min(lines * LINE_HEIGHT_PT + 4, MAX_ROW_HEIGHT_PT)


def fast_path_available(ws=None, *, version: str | None = None) -> bool:
    """Whether the private-attribute path may be used: a verified openpyxl, attributes present."""
    version = openpyxl.__version__ if version is None else version
    if not FAST_PATH or version not in TESTED_OPENPYXL:
        return False
    if ws is None:
        return True
    return callable(getattr(ws, "_values_to_row", None)) and hasattr(getattr(ws, "parent", None), "_cell_styles")


class _Style:
    """One kind of cell's style: the public style objects, and (fast path) their style array and,
    once a cell used it, its id in the workbook's style list."""

    __slots__ = ("named", "array", "style_id")

    def __init__(self, ws, named: dict, *, fast: bool):
        self.named = named
        self.array = None
        self.style_id = None
        if fast:
            cell = Cell(ws)
            for name, value in named.items():
                setattr(cell, name, value)
            self.array = cell._style


class _Styles:
    """One style per kind of cell, built once per sheet."""

    def __init__(self, ws, *, fast: bool):
        thin = Side(style="thin", color="808080")
        border = Border(left=thin, right=thin, top=thin, bottom=thin)
        wrap_top = Alignment(wrap_text=True, vertical="top")
        wrap_center = Alignment(wrap_text=True, vertical="center", horizontal="center")

        def make(**attrs):
            return _Style(ws, attrs, fast=fast)

        self.title = make(font=Font(bold=True, size=16), alignment=Alignment(horizontal="center", vertical="center"))
        self.subtitle = make(font=Font(size=10), alignment=Alignment(horizontal="center", vertical="center"))
        self.header = make(
            font=Font(bold=True), fill=PatternFill("solid", fgColor=HEADER_FILL), border=border, alignment=wrap_center
        )
        self.section = make(
            font=Font(bold=True), fill=PatternFill("solid", fgColor=SECTION_FILL), border=border,
            alignment=Alignment(wrap_text=True, vertical="center"),
        )
        self.text = make(border=border, alignment=wrap_top)
        self.centered = make(border=border, alignment=wrap_center)
        self.lights = {
            light: make(
                border=border, alignment=wrap_center, fill=PatternFill("solid", fgColor=colour),
                font=Font(bold=True, color="FFFFFF" if light == Light.RED else "000000"),
            )
            for light, colour in LIGHT_FILLS.items()
        }


class _PrestyledCell(Cell):
    """A reusable Cell told what openpyxl's writer asks of every cell, instead of the properties
    that compute it each time: its style's id (looked up by hashing the style into the workbook's
    style list, a fifth of the export's time), whether it has a style (``any`` over the style
    array), its coordinate (a column letter looked up and formatted) and its hyperlink (none)."""

    # Each slot shadows the Cell property of the same name.
    __slots__ = ("style_id", "has_style", "coordinate", "hyperlink")

    def __init__(self, ws, column: int, letter: str):
        super().__init__(ws, row=1, column=column)
        self.has_style = True
        self.hyperlink = None
        self.coordinate = f"{letter}1"  # set again for every row it is written in


class _SheetWriter:
    """Appends styled rows to a write-only sheet and remembers the row number.

    On a verified openpyxl (``fast_path_available``) it takes the fast path: ``_row_cells`` replaces
    the sheet's row conversion (``_values_to_row``), and one Cell per column is reused for every row
    (the row is written to disk during ``append``, before the next one fills the same cells), with
    the value stored directly: strings sanitised, ints and None as they are, anything else through
    the public path's ``cell`` so that openpyxl types it; a row's height goes in as the
    attribute dict the writer reads rather than a RowDimension. The XLSX tests load every file
    back, so a change in openpyxl that breaks this shows there. On any other version (or without
    those attributes) the writer uses the public path: a WriteOnlyCell per value, styles assigned.
    """

    def __init__(self, ws, widths):
        self.ws, self.widths, self.row = ws, widths, 0
        for index, width in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(index)].width = width
        self.last_column = get_column_letter(len(widths))
        self.fast = fast_path_available(ws)
        self.styles = _Styles(ws, fast=self.fast)
        if self.fast:
            ws._values_to_row = self._row_cells
            self.letters = ("", *(get_column_letter(column) for column in range(1, len(widths) + 1)))
            self.reusable = [_PrestyledCell(ws, column, self.letters[column]) for column in range(1, len(widths) + 1)]

    def cell(self, value, style: _Style) -> Cell:
        """A new styled cell through openpyxl's public API."""
        cell = WriteOnlyCell(self.ws, value=safe_cell(value))
        if isinstance(cell.value, str):
            cell.data_type = "s"  # belt and braces: never a formula, whatever the text
        for name, styled in style.named.items():
            setattr(cell, name, styled)
        return cell

    def _row_cells(self, row, row_idx):
        """Stand-in for WriteOnlyWorksheet._values_to_row: ``row`` is the (reusable cell, value,
        style) of each column, filled here as the writer asks for them.

        openpyxl's version tries to assign each styled Cell as a cell *value* first, which fails
        with a ValueError whose message formats the cell (the documented way to pass styled
        cells); that failed attempt was a fifth of the export's time.
        """
        number = str(row_idx)
        for col_idx, (cell, value, style) in enumerate(row, 1):
            if value.__class__ is str:
                cell._value = safe_text(value)
                cell.data_type = "s"  # strings are never formulas
            elif value is None or value.__class__ is int:
                cell._value = value
                cell.data_type = "n"
            else:  # dates, floats, bools…: let openpyxl type them
                cell = self.cell(value, style)
                cell.column, cell.row = col_idx, row_idx
                yield cell
                continue
            cell.row = row_idx
            cell.coordinate = self.letters[col_idx] + number
            cell._style = style.array
            if style.style_id is None:  # registered on first use, as assigning the style would
                style.style_id = self.ws.parent._cell_styles.add(style.array)
            cell.style_id = style.style_id
            yield cell

    def append(self, values, styles, *, height=None) -> int:
        self.row += 1
        if height and self.fast:
            # The row's XML attributes, as the writer reads them (a RowDimension object costs 10× more).
            dict.__setitem__(self.ws.row_dimensions, self.row, {"ht": f"{height:g}", "customHeight": "1"})
        elif height:
            self.ws.row_dimensions[self.row].height = height
        if self.fast:
            self.ws.append(list(zip(self.reusable, values, styles, strict=True)))  # filled by _row_cells
        else:
            self.ws.append([self.cell(value, style) for value, style in zip(values, styles, strict=True)])
        if height:
            del self.ws.row_dimensions[self.row]  # written; keep memory flat
        return self.row

    def append_merged(self, value, style, *, height=None) -> int:
        row = self.append([value] + [None] * (len(self.widths) - 1), [style] * len(self.widths), height=height)
        self.ws.merged_cells.add(f"A{row}:{self.last_column}{row}")
        return row


def _page_setup(ws, *, title_rows: str) -> None:
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as needed
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = title_rows
    ws.oddFooter.center.text = "第 &P 页 / 共 &N 页"


@register
class XlsxLedger(LedgerExporter):
    identifier = "xlsx"
    verbose_name = _("Excel workbook")
    extension = "xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def write(self, out: BinaryIO) -> None:
        wb = Workbook(write_only=True)
        self._write_ledger(wb.create_sheet(LEDGER_SHEET))
        self._write_summary(wb.create_sheet(SUMMARY_SHEET))
        wb.save(out)

    def _title_rows(self, sheet: _SheetWriter, styles: _Styles, title: str) -> None:
        ledger = self.ledger
        sheet.append_merged(title, styles.title, height=30)
        generated = f"生成日期：{ledger.generated_on.year}年{ledger.generated_on.month}月{ledger.generated_on.day}日"
        sheet.append_merged("　".join(p for p in (ledger.subtitle, generated) if p), styles.subtitle, height=20)

    def _write_ledger(self, ws) -> None:
        sheet = _SheetWriter(ws, LEDGER_WIDTHS)
        styles = sheet.styles
        ws.freeze_panes = f"A{FIRST_DATA_ROW}"
        _page_setup(ws, title_rows=f"{FIRST_DATA_ROW - 1}:{FIRST_DATA_ROW - 1}")
        self._title_rows(sheet, styles, self.ledger.heading)
        table = self.iter_table()
        sheet.append(next(table), [styles.header] * len(HEADER), height=22)
        data_styles = [styles.centered, styles.text, styles.text, styles.text, styles.centered, styles.text,
                       styles.text]
        total_usable = _usable(sum(LEDGER_WIDTHS))
        usable = [_usable(w) for w in LEDGER_WIDTHS]
        for item in table:
            if isinstance(item, SectionRow):
                sheet.append_merged(item.title, styles.section, height=row_height([item.title], [total_usable]))
            elif isinstance(item, LedgerRow):
                row_styles = data_styles + [styles.lights.get(item.light, styles.centered)]
                sheet.append(item.cells, row_styles, height=row_height(item.cells, usable))
        ws.auto_filter.ref = f"A{FIRST_DATA_ROW - 1}:{sheet.last_column}{max(sheet.row, FIRST_DATA_ROW)}"

    def _write_summary(self, ws) -> None:
        sheet = _SheetWriter(ws, SUMMARY_WIDTHS)
        styles = sheet.styles
        ws.freeze_panes = f"A{FIRST_DATA_ROW}"
        _page_setup(ws, title_rows=f"{FIRST_DATA_ROW - 1}:{FIRST_DATA_ROW - 1}")
        self._title_rows(sheet, styles, f"{self.ledger.title}按单位汇总")
        sheet.append(SUMMARY_HEADER, [styles.header] * len(SUMMARY_HEADER), height=22)
        cell_styles = [styles.centered, styles.text] + [styles.centered] * (len(SUMMARY_HEADER) - 2)
        summary_usable = [_usable(w) for w in SUMMARY_WIDTHS]
        totals = [0] * 6
        for row in self.ledger.summary_rows():
            sheet.append(row, cell_styles, height=row_height(row, summary_usable))
            totals = [t + v for t, v in zip(totals, row[2:8], strict=True)]
        rate = f"{round(100 * totals[1] / totals[0])}%" if totals[0] else "0%"
        sheet.append(["", "合计", *totals, rate], cell_styles)
