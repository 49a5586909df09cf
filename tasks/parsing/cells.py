"""Tables that text extraction leaves as one cell per line.

Shape shared by many exported tables: the header cells first (``工作任务`` / ``具体要求`` /
``责任科室`` / ``完成时限``, each on its own line, possibly after a title or 附件 line), then every
body cell on its own line; a line holding only ``|`` may stand between cells, or cells may end
in `` |``. The header's columns fix the row: a row is its leading label cells (a group cell
printed once covers the rows below it, so it may be missing; a row number may stand before the
requirement), the requirement (a long cell or a sentence) and exactly the columns after it.
The rows are handed to :func:`tasks.parsing.tables.rows_from_grid` as a cell grid.
"""

from __future__ import annotations

import re

from .cleanup import Line
from .names import list_items, looks_like_unit, squeeze, strip_etc
from .tables import (
    _UNIT_ROLES,
    ROLE_IGNORE,
    TableRow,
    column_role,
    guess_roles,
    is_deadline_cell,
    is_header_row,
    is_ignored_column,
    is_level_indicator,
    is_unit_cell,
    map_columns,
    rows_from_grid,
    split_pipe,
)

_SEPARATOR_LINE_RE = re.compile(r"^[|｜\s]+$")
_NUMBER_CELL_RE = re.compile(r"^\d{1,3}[.、]?$")
# words of header cells that name no column this importer uses (kept to count the columns)
_OTHER_HEADER_WORDS = ("备注", "说明", "领导", "情况", "是否", "目标", "进展", "指标", "分值", "类别",
                       "名称", "事项", "任务", "时限", "进度", "内容")
_MAX_HEADER_CELL = 12
_MAX_OTHER_HEADER_CELL = 9
# a group label numbered like a heading: 一、… / （一）…
_LABEL_RE = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、．.]|[（(][一二三四五六七八九十]{1,3}[）)])")


def _cells(lines: list[Line]) -> list[tuple[str, int]]:
    cells = []
    for line in lines:
        text = line.text.strip()
        if _SEPARATOR_LINE_RE.match(text) or len([c for c in split_pipe(text) if c]) >= 2:
            continue  # a separator line, or a row of a pipe table (read by the pipe reader)
        text = text.strip("|｜").strip()
        if text:
            cells.append((text, line.no))
    return cells


def _is_header_cell(text: str) -> bool:
    word = squeeze(text)
    if not word or len(word) > _MAX_HEADER_CELL or re.search(r"[。；;，,！？]", word) or _LABEL_RE.match(word):
        return False  # a numbered group label (一、年底前专项工作任务) starts the body
    if column_role(word) is not None:
        return True
    return len(word) <= _MAX_OTHER_HEADER_CELL and any(w in word for w in _OTHER_HEADER_WORDS)


def _header_run(cells: list[tuple[str, int]]) -> tuple[int, int] | None:
    """(start, end) of the first run of header cells that names a task table."""
    index = 0
    while index < len(cells):
        if column_role(squeeze(cells[index][0])) is None or not _is_header_cell(cells[index][0]):
            index += 1
            continue
        end = index
        while end < len(cells) and _is_header_cell(cells[end][0]):
            end += 1
        if end - index >= 2 and is_header_row([squeeze(text) for text, _no in cells[index:end]]):
            return index, end
        index = end
    return None


def _is_unit_list(text: str) -> bool:
    items = list_items(text)
    return bool(items) and all(looks_like_unit(strip_etc(item)[0]) for item in items)


def _is_sentence(text: str, long: float) -> bool:
    """A requirement cell: a sentence, or long and neither a unit list nor a numbered label."""
    if _LABEL_RE.match(text):
        return False
    if text.endswith(("。", "；", ";")):
        return True
    return len(text) >= long and not _is_unit_list(text)


def _ends_row(text: str, long: float, unit_column: bool = False) -> bool:
    """A cell that cannot be a unit or deadline cell of the row being read (a unit column's cell
    may end its sentence: ``区财政局负责。``)."""
    if unit_column and text.endswith(("。", "；", ";")) and is_unit_cell(text.rstrip("。；;")):
        return False
    if _NUMBER_CELL_RE.match(text) or _LABEL_RE.match(text) or text.endswith(("。", "；", ";")):
        return True
    items = list_items(text)
    return len(text) >= long and not (items and looks_like_unit(strip_etc(items[0])[0]))


_SCORE_CELL_RE = re.compile(r"^\d{1,3}(?:\.\d{1,2})?$")
_TRAILING_SCORE_RE = re.compile(r"(?<=[\u4e00-\u9fff）)])[（(]?\d{1,2}(?:\.\d{1,2})?[）)]?$")


def _without_scores(body: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """An assessment table's scores (23, 0.75, ``…补贴相关政策(0.25``) printed in cells the header
    names no column for: dropped, so that the indicator cells fall into their columns."""
    kept = []
    for text, no in body:
        if _SCORE_CELL_RE.match(text):
            continue
        kept.append((_TRAILING_SCORE_RE.sub("", text) or text, no))
    return kept


def _is_unit_like(text: str) -> bool:
    return _is_unit_list(text) or is_unit_cell(text) or is_deadline_cell(text)


_MAX_UNIT_CELL = 150


def _is_long_label(body: list[tuple[str, int]], index: int) -> bool:
    """A long cell that is a group label, not the task: no sentence end, and the cell after it is
    neither a unit nor a deadline cell (the task's unit cell would be) nor a shorter piece that a
    unit cell follows."""
    text = body[index][0]
    if text.endswith(("。", "；", ";")) or index + 1 >= len(body):
        return False
    following = body[index + 1][0]
    if _is_unit_like(following) or _NUMBER_CELL_RE.match(following):
        return False
    # a short piece and then a unit cell: the rest of a task a page break cut, not the next label
    return not (index + 2 < len(body) and _is_unit_like(body[index + 2][0]) and len(following) < len(text))


def cell_table_grid(lines: list[Line]) -> list[tuple[list[str], int | None]]:
    """A cell grid (header row first) rebuilt from one-cell-per-line text, or [] if none."""
    cells = _cells(lines)
    run = _header_run(cells)
    if run is None:
        return []
    start, end = run
    header = [squeeze(text) for text, _no in cells[start:end]]
    columns = map_columns(header)
    if "requirement" not in columns:
        return []
    has_number = "number" in columns
    if not has_number:
        header = ["序号", *header]
        columns = map_columns(header)
    req = columns["requirement"]
    roles = guess_roles(header)
    labels = [i for i in range(req) if i != columns["number"]]
    tail = len(header) - req - 1
    body = cells[end:]
    if any(is_level_indicator(cell) for cell in header) and not any(is_ignored_column(c) for c in header):
        body = _without_scores(body)
    # the column after the task holds units: a long label is known by the label after it, a
    # requirement cut by a page break by the unit cell after its second piece
    units_next = tail > 0 and roles[req + 1] in _UNIT_ROLES
    units_last = tail > 0 and roles[-1] in _UNIT_ROLES
    lengths = sorted(len(text) for text, _no in body)
    long = max(16.0, 0.4 * lengths[len(lengths) * 3 // 4]) if lengths else 16.0
    grid: list[tuple[list[str], int | None]] = [(header, cells[start][1])]
    index = 0
    while index < len(body):
        if [squeeze(text) for text, _no in body[index:index + end - start]] == header[len(header) - (end - start):]:
            index += end - start  # the header repeated on a new page
            continue
        prefix: list[str] = []
        line_no = body[index][1]
        while index < len(body) and len(prefix) <= len(labels) and (
                not _is_sentence(body[index][0], long)
                or (units_next and len(prefix) < len(labels) and _is_long_label(body, index))):
            prefix.append(body[index][0])
            index += 1
        if index >= len(body):
            break
        if len(prefix) > len(labels) and not _NUMBER_CELL_RE.match(prefix[0]) \
                and not any(_NUMBER_CELL_RE.match(p) for p in prefix):
            # no requirement where one is due: the leftover lines are not part of a row
            index -= len(prefix) - 1
            continue
        requirement = body[index][0]
        index += 1
        if units_next and index + 1 < len(body) and not requirement.endswith(("。", "；", ";")) \
                and not _is_unit_like(body[index][0]) and _is_unit_like(body[index + 1][0]) \
                and not _NUMBER_CELL_RE.match(body[index][0]) and not _LABEL_RE.match(body[index][0]):
            requirement += body[index][0]  # the rest of a requirement a page break cut
            index += 1
        rest: list[str] = []
        while len(rest) < tail and index < len(body):
            text = body[index][0]
            column = req + 1 + len(rest)
            # a progress or remark column (推进情况, 说明) may hold sentences; only a row number ends it
            free = roles[column] in (None, ROLE_IGNORE) and squeeze(header[column]) != "" \
                and not _NUMBER_CELL_RE.match(text) and not _LABEL_RE.match(text)
            if not free and _ends_row(text, long, roles[column] in _UNIT_ROLES):
                break
            rest.append(text)
            index += 1
        if units_last and len(rest) == tail:
            while index < len(body) and len(rest[-1]) < _MAX_UNIT_CELL and _is_unit_list(body[index][0]) \
                    and not _NUMBER_CELL_RE.match(body[index][0]):
                rest[-1] += "\n" + body[index][0]  # names on separate lines of one unit cell
                index += 1
        number = next((p for p in prefix if _NUMBER_CELL_RE.match(p)), "")
        names = [p for p in prefix if p is not number] if number else prefix
        names = names[-len(labels):] if labels else []
        row = [""] * len(header)
        row[columns["number"]] = number.rstrip(".、")
        for column, text in zip(labels[len(labels) - len(names):], names, strict=True):
            row[column] = text
        row[req] = requirement
        for offset, text in enumerate(rest):
            row[req + 1 + offset] = text
        grid.append((row, line_no))
    return grid if len(grid) > 1 else []


def rows_from_cell_lines(lines: list[Line], titles: dict[str, str], column_map: dict[int, str] | None = None,
                         tables: list | None = None) -> list[TableRow]:
    grid = cell_table_grid(lines)
    return rows_from_grid(grid, titles, column_map, tables) if grid else []
