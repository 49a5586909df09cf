"""Build one ParsedDocument from the cleaned lines of one document.

Where the tasks come from:

* prose with unit annotations -> one task per annotated segment (plus unannotated leftovers,
  flagged ``needs_units``); an annexed table is then ignored with a warning;
* prose without annotations and an annexed task table -> the table rows (flag ``from_annex``);
  the prose numbering stays as the document's sections;
* a procedure (办法 / 规则 …) with neither -> no tasks;
* anything else -> every numbered item with text becomes a ``needs_units`` task.
"""

from __future__ import annotations

import copy
import re

from .cells import rows_from_cell_lines
from .cleanup import Line, estimate_wrap_width, join_lines, squeeze_spaces
from .header import Header, is_footer_line, match_date_line, parse_header
from .model import (
    FLAG_FROM_ANNEX,
    KIND_IMPLEMENTATION_PLAN,
    KIND_OTHER,
    KIND_PROCEDURE,
    KIND_TASK_TABLE,
    KIND_WORK_POINTS,
    Notice,
    ParsedDocument,
    ParsedTask,
)
from .names import squeeze
from .restated import merge_restated
from .splitter import split_annex
from .structure import Outline, parse_structure
from .tables import (
    TableColumns,
    as_parsed_table,
    column_role,
    grid_from_pipe_lines,
    is_deadline_cell,
    is_header_row,
    is_header_text,
    is_unit_cell,
    norm_label,
    read_unit_cell,
    rows_from_flat_lines,
    rows_from_grid,
    split_pipe,
)
from .task_builder import flags_for, tasks_from_outline, tasks_from_rows

MAX_HEADER_CELLS = 12
_TITLE_WORDS_RE = re.compile(r"(?:19|20)\d{2}年|台账|清单|分解表|任务表|方案|要点|计划")
PLAN_WORDS = ("方案", "实施意见", "工作计划", "行动计划", "任务分工", "责任分工")
TABLE_WORDS = ("分解表", "任务表", "台账", "清单")
PROCEDURE_WORDS = ("办法", "规则", "规定", "细则", "制度", "规程", "章程", "守则")

W_PROCEDURE = Notice("procedure_no_tasks")
W_ANNEX_IGNORED = Notice("annex_ignored")
W_NO_DATE = Notice("no_issue_date")
W_NO_NUMBER = Notice("no_doc_number")
W_NEEDS_UNITS = "tasks_without_units"  # Notice(W_NEEDS_UNITS, {"n": count})


def detect_kind(title: str, has_annotations: bool, has_rows: bool, has_sections: bool) -> str:
    if "要点" in title:
        return KIND_WORK_POINTS
    if any(word in title for word in PLAN_WORDS):
        return KIND_IMPLEMENTATION_PLAN
    if any(word in title for word in TABLE_WORDS) or (has_rows and not has_sections):
        return KIND_TASK_TABLE
    if any(word in title for word in PROCEDURE_WORDS) and not has_annotations and not has_rows:
        return KIND_PROCEDURE
    return KIND_OTHER


def _drop_table_header_title(lines: list[Line], header: Header) -> None:
    """A table's header row standing first in the file is a header, not the document's title."""
    title = header.title.strip()
    if not title:  # a title row of the table standing first
        first = next((line for line in lines[:MAX_HEADER_CELLS] if line.text.strip("| ")), None)
        if first is None or not first.is_table:
            return
        title = first.text.strip()
    word = squeeze(title)
    cells = [cell for cell in split_pipe(title) if cell]
    if title.startswith("|") and len(cells) == 1 and (
            _TITLE_WORDS_RE.search(squeeze(cells[0]))
            or (not is_header_text(cells[0]) and column_role(squeeze(cells[0])) is None)):
        header.title = squeeze_spaces(cells[0])  # a title row of the table: the bars are not the title's
        if header.year is None and (year := re.search(r"((?:19|20)\d{2})年", squeeze(header.title))):
            header.year = int(year.group(1))
        return
    if not (title.startswith("|") or is_header_text(title) or is_header_row(split_pipe(title))
            or (column_role(word) is not None and len(word) <= 8)):
        return
    at = next((i for i, line in enumerate(lines) if line.text.strip() == title), None)
    header.title = ""
    if at is not None:
        header.body_start = min(header.body_start, at)


def _header_cells_before(lines: list[Line], first: Line) -> list[tuple[list[str], int | None]]:
    """A header printed one cell per line just before pipe rows (工作任务 / 具体要求 / 责任单位)."""
    at = lines.index(first)
    cells: list[Line] = []
    for line in reversed(lines[max(0, at - MAX_HEADER_CELLS):at]):
        word = squeeze(line.text)
        if line.is_table or len(word) > 12 or not (column_role(word) or is_header_text(word)):
            break
        cells.insert(0, line)
    header = [squeeze(line.text) for line in cells]
    return [(header, cells[0].no)] if len(header) >= 2 and is_header_row(header) else []


MAX_UNIT_LINE = 60
MAX_DEADLINE_LINE = 20


def units_from_row_lines(task: ParsedTask, issuer: str | None = None) -> ParsedTask:
    """A table flattened under numbered headings: the item's requirement, then its unit line
    (``市财政局牵头落实``), then its deadline line. The unit line becomes the units and the deadline
    line the deadline cell; neither stays in the text. Items with units are left alone."""
    if task.units:
        return task
    lines = task.text.split("\n")
    deadline = ""
    if len(lines) >= 2 and len(lines[-1]) <= MAX_DEADLINE_LINE and "《" not in lines[-1] \
            and is_deadline_cell(lines[-1]) and not is_unit_cell(lines[-1]) \
            and is_unit_cell(lines[-2]) and (len(lines) >= 3 or task.heading):
        deadline = lines[-1]
        lines = lines[:-1]
    if len(lines) < (1 if task.heading else 2) or len(lines[-1]) > MAX_UNIT_LINE or not is_unit_cell(lines[-1]) \
            or (issuer and squeeze(lines[-1]).endswith(squeeze(issuer))):
        return task
    parsed = read_unit_cell(lines[-1])
    if not parsed.units:
        return task
    task.units = parsed.units
    task.text = "\n".join(lines[:-1]) or task.heading
    task.deadline_text = task.deadline_text or deadline
    task.suggestions = []
    task.flags = flags_for(task.units, parsed.more_implied, [], from_annex=FLAG_FROM_ANNEX in task.flags)
    return task


def _flattened_rows(tasks: list[ParsedTask], issuer: str | None) -> list[ParsedTask]:
    """Read unit lines under numbered items when at least two items show that shape (one unit line
    alone may be the issuer's signature)."""
    trial = [units_from_row_lines(copy.deepcopy(task), issuer) for task in tasks]
    return trial if sum(1 for task in trial if task.units) >= 2 else tasks


def _body_lines(lines: list[Line], header: Header) -> list[Line]:
    return [line for line in lines[header.body_start:] if not is_footer_line(line.text, header.issuer)]


def _table_rows(all_lines: list[Line], annex: list[Line], outline: Outline, column_map=None, tables=None):
    titles = {norm_label(node.title): node.title for node in outline.nodes if norm_label(node.title)}
    pipe = [line for line in all_lines if line.is_table]
    if pipe:
        grid = grid_from_pipe_lines(pipe)
        if not any(is_header_row(cells) for cells, _no in grid):
            grid = _header_cells_before(all_lines, pipe[0]) + grid
        rows = rows_from_grid(grid, titles, column_map, tables)
        if rows:
            return rows
    return rows_from_flat_lines([line for line in annex if not line.is_table], titles)


def notice_end(lines: list[Line], header: Header, outline: Outline) -> int | None:
    """The line of the signature date that ends an issuing notice printed in the body, before the plan
    it issues (一、… 二、… then 某某办公室 / 2023年1月3日, then the plan's own headings), or None."""
    starts = [node.line_no for node in outline.nodes if node.line_no is not None]
    for line in lines[header.body_start:]:
        if match_date_line(line.text) is not None:
            return line.no if any(no > line.no for no in starts) else None
    return None


def _choose_tasks(notice: list[ParsedTask], prose: list[ParsedTask], annex: list[ParsedTask], kind: str,
                  warnings: list[Notice]):
    """``notice``: the issuing notice's items; ``prose``: the plan's; ``annex``: the table rows."""
    annotated = any(task.units for task in prose)
    if annotated:
        if annex:
            warnings.append(W_ANNEX_IGNORED)
        return notice + prose
    if annex:
        restated = merge_restated(prose, annex)
        return [task for task in notice if task.units] + (restated if restated is not None else annex)
    if kind == KIND_PROCEDURE:
        warnings.append(W_PROCEDURE)
        return []
    return notice + prose


def build_document(lines: list[Line], column_map: dict[int, str] | None = None) -> ParsedDocument:
    tables: list[TableColumns] = []
    header = parse_header(lines)
    _drop_table_header_title(lines, header)
    body = _body_lines(lines, header)
    prose_lines, annex_lines = split_annex([line for line in body if not line.is_table])
    paras = join_lines(prose_lines, estimate_wrap_width(prose_lines))
    outline = parse_structure(paras)
    end = notice_end(lines, header, outline)
    prose_tasks = tasks_from_outline(outline, end)
    notice_tasks = [task for task in prose_tasks if end is not None and (task.source_line or end) < end]
    prose_tasks = [task for task in prose_tasks if task not in notice_tasks]
    rows = _table_rows(lines, annex_lines, outline, column_map, tables)
    if not rows and not any(task.units for task in prose_tasks):
        # a table of one cell per line, unless the prose numbering already found more tasks
        cell_rows = rows_from_cell_lines(lines, {}, column_map, tables)
        if len(cell_rows) >= len(prose_tasks):
            rows = cell_rows
    if not rows and not any(task.units for task in prose_tasks):
        prose_tasks = _flattened_rows(prose_tasks, header.issuer)
    annex_tasks = tasks_from_rows(rows, outline) if rows else []
    kind = detect_kind(header.title, any(t.units for t in prose_tasks), bool(rows), bool(outline.nodes))
    warnings: list[Notice] = []
    tasks = _choose_tasks(notice_tasks, prose_tasks, annex_tasks, kind, warnings)
    if header.doc_number is None:
        warnings.append(W_NO_NUMBER)
    if header.issued_on is None:
        warnings.append(W_NO_DATE)
    missing = sum(1 for task in tasks if not task.units)
    if missing:
        warnings.append(Notice(W_NEEDS_UNITS, {"n": missing}))
    return ParsedDocument(
        doc_number=header.doc_number,
        title=header.title,
        issuer=header.issuer,
        issued_on=header.issued_on,
        year=header.year,
        kind=kind,
        addressees=header.addressees,
        sections=outline.sections(),
        tasks=tasks,
        warnings=warnings,
        tables=[as_parsed_table(table) for table in tables],
    )
