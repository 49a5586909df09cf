"""Public entry points of the document parser."""

from __future__ import annotations

import re
from pathlib import PurePath

from .assemble import build_document
from .bounds import check_office, check_tasks, check_zip_envelope
from .cleanup import clean_lines
from .header import normalize_doc_number
from .limits import DEFAULT_LIMITS, ImportLimits
from .model import COLUMN_ROLES, KIND_TASK_TABLE, ParsedDocument, ParsedTable, ParseError
from .readers import MAX_SHEET_COLS, blocks_to_text, decode_text, find_header_row, read_docx, read_xlsx, sniff
from .splitter import split_documents
from .structure import Outline
from .tables import is_header_row, mark_pipe_text, rows_from_grid
from .task_builder import tasks_from_rows

TEXT_EXTENSIONS = (".txt", ".md", ".text", ".markdown", "")
SUPPORTED = ".txt / .md / .docx / .xlsx"


def _check_column_map(column_map: dict[int, str] | None) -> None:
    if column_map is None:
        return
    if not isinstance(column_map, dict) or len(column_map) > MAX_SHEET_COLS:
        raise ParseError("bad_column_map")
    for index, role in column_map.items():
        if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < MAX_SHEET_COLS \
                or role not in COLUMN_ROLES:
            raise ParseError("bad_column_map")
    if "task" not in column_map.values():
        raise ParseError("bad_column_map", {"reason": "no_task_column"})


# A numbered heading inside a line, after a space or the end of a sentence (all line breaks lost).
_INLINE_HEADING_RE = re.compile(
    r"(?:(?<=[。；！？])|[ \t\u3000\xa0]+)"
    r"(?=(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[.．、](?!\d)))")
MIN_RUN_ON_LINE = 300
MIN_INLINE_HEADINGS = 3


def break_inline_headings(text: str) -> str:
    """Prose whose line breaks were all lost (one line holding every heading) gets a line break
    before each inline heading; other lines are left as they are."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if len(line) >= MIN_RUN_ON_LINE and "|" not in line \
                and len(_INLINE_HEADING_RE.findall(line)) >= MIN_INLINE_HEADINGS:
            lines[index] = _INLINE_HEADING_RE.sub("\n", line)
    return "\n".join(lines)


def parse_text(text: str, *, column_map: dict[int, str] | None = None) -> list[ParsedDocument]:
    """Parse extracted text holding one or more documents.

    ``column_map`` (column index -> one of ``COLUMN_ROLES``) is laid over the guessed roles of
    every table the text holds; see :func:`parse_bytes`.
    """
    _check_column_map(column_map)
    if not text or not text.strip():
        raise ParseError("empty")
    if "\x00" in text:
        raise ParseError("binary")
    lines = clean_lines(mark_pipe_text(break_inline_headings(text)))
    if not lines:
        raise ParseError("empty")
    built = [build_document(chunk, column_map) for chunk in split_documents(lines)]
    documents = [doc for doc in built if doc.sections or doc.tasks or doc.doc_number]
    if not any(doc.sections or doc.tasks for doc in documents):
        raise ParseError(
            "no_structure",
            tables=_renumber([table for doc in built for table in doc.tables]),
        )
    return documents


def _renumber(tables: list[ParsedTable]) -> list[ParsedTable]:
    for number, table in enumerate(tables):
        table.table_id = number
    return tables


def _raw_table(rows: list[list[str]]) -> list[ParsedTable]:
    tables: list[ParsedTable] = []
    rows_from_grid([(list(row), n) for n, row in enumerate(rows, start=1)], {}, None, tables)
    return tables


def parse_rows(rows: list[list[str]], title: str = "", *,
               column_map: dict[int, str] | None = None) -> ParsedDocument:
    """Build a task_table document from spreadsheet rows (header row found by its words).

    With ``column_map`` a sheet whose header is not recognised is read too: its first row
    with two or more filled cells is taken as the header (its cells are reported, not read as
    a task).
    """
    _check_column_map(column_map)
    header_at = find_header_row(rows)
    if header_at is None and column_map:
        header_at = next((i for i, row in enumerate(rows) if sum(1 for c in row if str(c).strip()) >= 2), None)
    if header_at is None:
        raise ParseError("no_header", tables=_raw_table(rows))
    # merged title cells arrive filled into every column: keep each distinct text once
    above = ["".join(dict.fromkeys(cell.strip() for cell in row if cell.strip())) for row in rows[:header_at]]
    title = next((line for line in above if line), "") or title
    grid = [(list(row), number) for number, row in enumerate(rows, start=1)][header_at:]
    tables: list[ParsedTable] = []
    if column_map and not is_header_row(rows[header_at]):
        table_rows = rows_from_grid(grid[1:], {}, column_map, tables)
        tables[0].header = [str(c).strip() for c in rows[header_at]]
    else:
        table_rows = rows_from_grid(grid, {}, column_map, tables)
    if not table_rows:
        raise ParseError("no_rows", tables=tables)
    year = re.search(r"((?:19|20)\d{2})年", title)
    return ParsedDocument(
        doc_number=normalize_doc_number(title),
        title=title,
        issuer=None,
        issued_on=None,
        year=int(year.group(1)) if year else None,
        kind=KIND_TASK_TABLE,
        tasks=tasks_from_rows(table_rows, Outline()),
        tables=tables,
    )


def parse_bytes(filename: str, data: bytes, limits: ImportLimits = DEFAULT_LIMITS, *,
                column_map: dict[int, str] | None = None) -> list[ParsedDocument]:
    """Parse an uploaded file; the content decides the format, the extension breaks ties.

    A file beyond ``limits`` raises ImportLimitExceeded, before any parsing for what its bytes
    show (size, lines, the parts of a zip) and after it for the number of tasks.

    Every document carries ``tables``: per table its header cells, the role guessed (or
    mapped) for each column and ``needs_mapping``. ``column_map`` maps a column index to one
    of ``COLUMN_ROLES`` ("number", "group", "task", "units", "lead", "cooperating",
    "deadline", "ignore") and is laid over the guessed roles of every table of the file;
    columns it does not name keep their guess unless it gives their role to another column.
    A file refused for want of a recognisable table raises ParseError with ``tables`` set, so
    the preview can ask for a mapping and parse again with it.
    """
    documents = _parse_bytes(filename, data, limits, column_map)
    check_tasks(sum(len(doc.tasks) for doc in documents), limits)
    return documents


def check_limits(filename: str, data: bytes, limits: ImportLimits = DEFAULT_LIMITS) -> None:
    """Check an upload against every import limit its bytes can show, without parsing it.

    The same checks ``parse_bytes`` makes before it parses (size, lines, the zip directory and a
    streamed count of every XML part), and the same refusals of a file that cannot be read at all
    (empty, binary, legacy .doc/.xls): ImportLimitExceeded or ParseError. What only a parse can
    count (tasks, the preview's size) is checked when the file is parsed.
    """
    extension = PurePath(filename or "").suffix.lower()
    if not data:
        raise ParseError("empty")
    if data.startswith(b"PK\x03\x04"):
        check_zip_envelope(data, limits)
    kind = sniff(data, extension)
    if kind == "legacy":
        raise ParseError("unsupported", {"extension": extension})
    if kind in ("docx", "xlsx"):
        check_office(data, kind, limits)
        return
    if extension not in TEXT_EXTENSIONS:
        raise ParseError("unsupported", {"extension": extension})
    decode_text(data, limits)


def _parse_bytes(filename: str, data: bytes, limits: ImportLimits,
                 column_map: dict[int, str] | None = None) -> list[ParsedDocument]:
    extension = PurePath(filename or "").suffix.lower()
    if not data:
        raise ParseError("empty")
    if data.startswith(b"PK\x03\x04"):
        check_zip_envelope(data, limits)  # before sniff() lists the members
    kind = sniff(data, extension)
    if kind == "legacy":
        raise ParseError("unsupported", {"extension": extension})
    if kind == "docx":
        return parse_text(blocks_to_text(read_docx(data, limits)), column_map=column_map)
    if kind == "xlsx":
        return [parse_rows(read_xlsx(data, limits, need_header=not column_map),
                           title=PurePath(filename or "").stem, column_map=column_map)]
    if extension not in TEXT_EXTENSIONS:
        raise ParseError("unsupported", {"extension": extension})
    return parse_text(decode_text(data, limits), column_map=column_map)
