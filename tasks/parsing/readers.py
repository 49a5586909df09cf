"""Read uploaded bytes: plain text in any of the encodings offices use, .docx and .xlsx.

Every failure is a :class:`ParseError` with a message a person can act on; a file beyond an
import limit is refused with :class:`~tasks.parsing.limits.ImportLimitExceeded` (a ParseError)
before python-docx or openpyxl is called (see :mod:`tasks.parsing.bounds`).
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from .bounds import check_office, check_text, check_text_lines, corrupt
from .limits import DEFAULT_LIMITS, ImportLimits
from .model import ParsedTable, ParseError
from .tables import MAX_RAW_ROWS, is_header_row

MAX_SHEET_ROWS = 5000
MAX_SHEET_COLS = 60
_CONTROL_RATIO = 0.05


def _empty() -> ParseError:
    return ParseError("empty")


def _binary() -> ParseError:
    return ParseError("binary")


def decode_text(data: bytes, limits: ImportLimits = DEFAULT_LIMITS) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (a superset of GBK/GB2312)."""
    check_text(data, limits)
    if not data or not data.strip():
        raise _empty()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _binary() from exc
    else:
        if b"\x00" in data:
            raise _binary()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError as exc:
                raise _binary() from exc
    _reject_junk(text)
    if not text.strip():
        raise _empty()
    check_text_lines(text, limits)
    return text


def _reject_junk(text: str) -> None:
    """Binary data decoded by luck is full of control and replacement characters."""
    if "\x00" in text:
        raise _binary()
    bad = sum(
        1 for ch in text
        if ch == "\ufffd" or (unicodedata.category(ch) in ("Cc", "Co", "Cs") and ch not in "\n\r\t\f\v")
    )
    if bad > _CONTROL_RATIO * len(text):
        raise _binary()


@dataclass
class Block:
    """A paragraph or a table of a Word document, in body order."""

    kind: str  # "paragraph" | "table"
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)


def read_docx(data: bytes, limits: ImportLimits = DEFAULT_LIMITS) -> list[Block]:
    """Paragraphs and tables in body order; merged cells appear once per row, and a vertically
    merged cell's text is carried down into the rows it spans."""
    check_office(data, "docx", limits)
    try:
        import docx
        from docx.table import Table

        document = docx.Document(io.BytesIO(data))
        blocks = []
        for item in document.iter_inner_content():
            if isinstance(item, Table):
                blocks.append(Block("table", rows=_table_rows(item)))
            else:
                blocks.append(Block("paragraph", text=item.text))
    except Exception as exc:  # python-docx raises many types on bad input; all mean "corrupt"
        raise corrupt("docx") from exc
    return blocks


def _table_rows(table) -> list[list[str]]:
    rows: list[list[str]] = []
    for row in table.rows:
        seen: set[int] = set()
        cells = []
        for index, cell in enumerate(row.cells):
            if id(cell._tc) in seen:
                cells.append("")  # the same cell again: a horizontal merge
                continue
            seen.add(id(cell._tc))
            text = cell.text.strip()
            if not text and cell._tc.vMerge == "continue" and rows and index < len(rows[-1]):
                text = rows[-1][index]
            cells.append(text)
        rows.append(cells)
    return rows


def blocks_to_text(blocks: list[Block]) -> str:
    """Render Word content as text; tables become Markdown pipe rows."""
    lines = []
    for block in blocks:
        if block.kind == "paragraph":
            lines.append(block.text)
            continue
        for row in block.rows:
            cells = [cell.replace("|", "｜").replace("\n", " ") for cell in row]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _sheet_grid(sheet) -> list[list[str]]:
    max_row = min(sheet.max_row or 0, MAX_SHEET_ROWS)
    max_col = min(sheet.max_column or 0, MAX_SHEET_COLS)
    grid = [
        [_cell_text(v) for v in row]
        for row in sheet.iter_rows(min_row=1, max_row=max_row, max_col=max_col, values_only=True)
    ]
    for merged in sheet.merged_cells.ranges:
        value = _cell_text(sheet.cell(merged.min_row, merged.min_col).value)
        for r in range(merged.min_row, min(merged.max_row, max_row) + 1):
            for c in range(merged.min_col, min(merged.max_col, max_col) + 1):
                grid[r - 1][c - 1] = value
    return grid


def read_xlsx(data: bytes, limits: ImportLimits = DEFAULT_LIMITS, *, need_header: bool = True) -> list[list[str]]:
    """The rows of the first sheet that has a task-table header row (merged ranges filled).

    Without ``need_header`` a workbook with no such sheet gives its first sheet with content
    (for a column mapping); with it, such a workbook is refused and the error carries the
    first sheet's rows as a raw table.
    """
    check_office(data, "xlsx", limits)
    try:
        import openpyxl

        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        grids = [_sheet_grid(sheet) for sheet in workbook.worksheets]
    except Exception as exc:  # openpyxl raises many types on bad input; all mean "corrupt"
        raise corrupt("xlsx") from exc
    for grid in grids:
        if find_header_row(grid) is not None:
            return grid
    first = next((grid for grid in grids if any(any(cell for cell in row) for row in grid)), [])
    if not need_header and first:
        return first
    raise ParseError(
        "no_header",
        tables=[ParsedTable(0, [], [None] * max((len(r) for r in first), default=0), True,
                            [row for row in first if any(row)][:MAX_RAW_ROWS])] if first else [],
    )


def find_header_row(rows: list[list[str]]) -> int | None:
    return next((i for i, row in enumerate(rows) if is_header_row(row)), None)


def sniff(data: bytes, extension: str) -> str:
    """"docx", "xlsx", "legacy" (.doc/.xls) or "text", from the content first, then the name."""
    if data.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return extension.lstrip(".") if extension in (".docx", ".xlsx") else "text"
        if any(name.startswith("word/") for name in names):
            return "docx"
        if any(name.startswith("xl/") for name in names):
            return "xlsx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "legacy"
    if extension in (".docx", ".xlsx"):
        return extension.lstrip(".")
    return "text"
