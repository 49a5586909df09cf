"""Public entry points of the document parser."""

from __future__ import annotations

import re
from pathlib import PurePath

from .assemble import build_document
from .bounds import check_tasks, check_zip_envelope
from .cleanup import clean_lines
from .header import normalize_doc_number
from .limits import DEFAULT_LIMITS, ImportLimits
from .model import KIND_TASK_TABLE, ParsedDocument, ParseError
from .readers import blocks_to_text, decode_text, find_header_row, read_docx, read_xlsx, sniff
from .splitter import split_documents
from .structure import Outline
from .tables import rows_from_grid
from .task_builder import tasks_from_rows

TEXT_EXTENSIONS = (".txt", ".md", ".text", ".markdown", "")
SUPPORTED = ".txt / .md / .docx / .xlsx"


def parse_text(text: str) -> list[ParsedDocument]:
    """Parse extracted text holding one or more documents."""
    if not text or not text.strip():
        raise ParseError("文件为空", "the document is empty", "empty")
    if "\x00" in text:
        raise ParseError("文件不是文本，无法读取", "the input is binary, not text", "binary")
    lines = clean_lines(text)
    if not lines:
        raise ParseError("文件没有可读的内容", "the document has no readable content", "empty")
    documents = [build_document(chunk) for chunk in split_documents(lines)]
    documents = [doc for doc in documents if doc.sections or doc.tasks or doc.doc_number]
    if not any(doc.sections or doc.tasks for doc in documents):
        raise ParseError(
            "未识别出文件结构（编号标题、责任单位或任务表）",
            "no recognisable structure (numbered headings, unit annotations or a task table)",
            "no_structure",
        )
    return documents


def parse_rows(rows: list[list[str]], title: str = "") -> ParsedDocument:
    """Build a task_table document from spreadsheet rows (header row found by its words)."""
    header_at = find_header_row(rows)
    if header_at is None:
        raise ParseError("表格中未找到表头", "no header row found in the table", "no_header")
    # merged title cells arrive filled into every column: keep each distinct text once
    above = ["".join(dict.fromkeys(cell.strip() for cell in row if cell.strip())) for row in rows[:header_at]]
    title = next((line for line in above if line), "") or title
    grid = [(list(row), number) for number, row in enumerate(rows, start=1)]
    table_rows = rows_from_grid(grid, {})
    if not table_rows:
        raise ParseError("表格中没有任务行", "the table has no task rows", "no_rows")
    year = re.search(r"((?:19|20)\d{2})年", title)
    return ParsedDocument(
        doc_number=normalize_doc_number(title),
        title=title,
        issuer=None,
        issued_on=None,
        year=int(year.group(1)) if year else None,
        kind=KIND_TASK_TABLE,
        tasks=tasks_from_rows(table_rows, Outline()),
    )


def parse_bytes(filename: str, data: bytes, limits: ImportLimits = DEFAULT_LIMITS) -> list[ParsedDocument]:
    """Parse an uploaded file; the content decides the format, the extension breaks ties.

    A file beyond ``limits`` raises ImportLimitExceeded, before any parsing for what its bytes
    show (size, lines, the parts of a zip) and after it for the number of tasks.
    """
    documents = _parse_bytes(filename, data, limits)
    check_tasks(sum(len(doc.tasks) for doc in documents), limits)
    return documents


def _parse_bytes(filename: str, data: bytes, limits: ImportLimits) -> list[ParsedDocument]:
    extension = PurePath(filename or "").suffix.lower()
    if not data:
        raise ParseError("文件为空", "the file is empty", "empty")
    if data.startswith(b"PK\x03\x04"):
        check_zip_envelope(data, limits)  # before sniff() lists the members
    kind = sniff(data, extension)
    if kind == "legacy":
        raise ParseError("不支持旧版 .doc/.xls 格式，请另存为 .docx/.xlsx 后上传",
                         "old .doc/.xls files are not supported; save as .docx/.xlsx", "unsupported")
    if kind == "docx":
        return parse_text(blocks_to_text(read_docx(data, limits)))
    if kind == "xlsx":
        return [parse_rows(read_xlsx(data, limits), title=PurePath(filename or "").stem)]
    if extension not in TEXT_EXTENSIONS:
        raise ParseError(f"不支持的文件类型（支持 {SUPPORTED}）",
                         f"unsupported file type {extension} (supported: {SUPPORTED})", "unsupported")
    return parse_text(decode_text(data, limits))
