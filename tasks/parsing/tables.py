"""Annexed task tables (任务分解表) read into rows.

Three shapes reach this module:

* a grid of cells — a Markdown pipe table, a Word table or an Excel sheet. Empty cells are
  merged cells (carry the value down), junk cells (``V V``, ``/,``) are drawn lines, and the
  header row repeats on every page. A merged label may be cut over several rows
  (``着眼畅通 经济循环`` / ``推进政务公开``); known section titles of the prose put it back together.
* a table flattened by text extraction into one cell per line (``工作任务 具体要求 责任单位``
  then narrow category lines, sub-task lines, long requirement lines, short unit lines):
  :func:`rows_from_flat_lines` rebuilds the rows from the shape of the lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cleanup import Line, cjk_count, normalize_punctuation, squeeze_spaces
from .names import list_items, looks_like_unit, squeeze, strip_etc

COLUMN_WORDS = {
    "number": ("序号", "编号"),
    "category": ("工作任务", "重点任务", "主要任务", "任务类别", "工作类别", "任务名称", "一级任务",
                 "工作事项", "重点工作"),
    "subtask": ("二级任务", "任务事项", "具体事项", "子任务"),
    "requirement": ("具体要求", "工作内容", "工作措施", "任务内容", "具体任务", "主要内容", "工作要求",
                    "具体措施", "任务要求", "具体内容"),
    "lead": ("牵头单位", "牵头部门", "牵头科室"),
    "cooperating": ("配合单位", "配合部门", "协办单位", "配合科室"),
    "units": ("责任单位", "责任部门", "责任科室", "承办单位", "落实单位", "实施单位",
              "责任处室", "责任主体"),
    "deadline": ("完成时限", "时限要求", "完成时间", "时间节点", "完成期限", "进度安排",
                 "时限"),
}
_SEPARATOR_CELL_RE = re.compile(r"^:?-{2,}:?$")
_UNIT_SEPARATORS = "、，,；;"


@dataclass
class TableRow:
    category: str
    subtask: str
    requirement: str
    units_text: str = ""
    lead_text: str = ""
    cooperating_text: str = ""
    deadline: str = ""
    number: str = ""
    line_no: int | None = None
    subtask_carried: bool = False


def column_role(cell: str) -> str | None:
    text = squeeze(cell)
    for role, words in COLUMN_WORDS.items():
        if any(word in text for word in words):
            return role
    return None


def is_header_row(cells: list[str]) -> bool:
    roles = {column_role(cell) for cell in cells if len(squeeze(cell)) <= 12} - {None}
    return len(roles) >= 2 and bool(roles & {"requirement", "units", "lead"})


_HEADER_WORD_RE = re.compile("|".join(w for words in COLUMN_WORDS.values() for w in words))


def is_header_text(text: str) -> bool:
    """A flattened header line such as ``工作任务 具体要求 责任单位``."""
    if len(text) > 40 or "。" in text:
        return False
    return len(_HEADER_WORD_RE.findall(squeeze(text))) >= 2


def map_columns(header: list[str]) -> dict[str, int]:
    """Column index per role; an unnamed column right after the category is the sub-task."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        role = column_role(cell)
        if role == "category" and "category" in columns:
            role = "subtask"
        if role is None and not squeeze(cell) and columns.get("category") == index - 1:
            role = "subtask"
        if role and role not in columns:
            columns[role] = index
    if "requirement" not in columns:  # a two-column table: the task itself is the requirement
        for role in ("subtask", "category"):
            if role in columns:
                columns["requirement"] = columns.pop(role)
                break
    return columns


def clean_cell(text: str) -> str:
    """Cell text without line-wrap spaces; cells with no Chinese and no digits are junk."""
    text = normalize_punctuation(squeeze_spaces(text.replace("\n", "")))
    return text if re.search(r"[\u4e00-\u9fff\d]", text) else ""


def norm_label(text: str) -> str:
    return re.sub(r"[^\u4e00-\u9fffA-Za-z0-9]", "", text)


def canonical_label(label: str, titles: dict[str, str]) -> str:
    """Replace a label by the prose title it names (exactly, or a cut-off start of it)."""
    key = norm_label(label)
    if not key:
        return label
    if key in titles:
        return titles[key]
    candidates = [t for k, t in titles.items() if k.startswith(key) and len(key) >= 0.7 * len(k)]
    return candidates[0] if len(candidates) == 1 else label


def resolve_labels(values: list[str], titles: dict[str, str]) -> tuple[list[str], list[bool]]:
    """Merge cut labels, canonicalise them, carry them down. Returns (labels, carried flags)."""
    merged = list(values)
    for index in range(1, len(merged)):
        previous, current = merged[index - 1], merged[index]
        cut = previous and current and norm_label(previous) not in titles
        if cut and norm_label(previous + current) in titles:
            merged[index - 1], merged[index] = previous + current, ""
    labels, carried = [], []
    last = ""
    for value in merged:
        if value:
            last = canonical_label(value, titles)
        labels.append(last)
        carried.append(not value)
    return labels, carried


def rows_from_grid(grid: list[tuple[list[str], int | None]], titles: dict[str, str]) -> list[TableRow]:
    """Rows of a cell grid (pipe table, Word table, Excel sheet) with its header row(s)."""
    header_at = next((i for i, (cells, _no) in enumerate(grid) if is_header_row(cells)), None)
    if header_at is None:
        return []
    columns = map_columns(grid[header_at][0])
    body = []
    for cells, line_no in grid[header_at + 1:]:
        if is_header_row(cells) or all(not c.strip() or _SEPARATOR_CELL_RE.match(c.strip()) for c in cells):
            continue
        body.append(({role: clean_cell(cells[i]) if i < len(cells) else "" for role, i in columns.items()},
                     line_no))
    categories, _ = resolve_labels([cells.get("category", "") for cells, _ in body], titles)
    subtasks, carried = resolve_labels([cells.get("subtask", "") for cells, _ in body], titles)
    rows: list[TableRow] = []
    for index, (cells, line_no) in enumerate(body):
        requirement = cells.get("requirement", "")
        unit_cells = {k: squeeze(cells.get(k, "")) for k in ("units", "lead", "cooperating")}
        if not requirement and rows and any(unit_cells.values()):
            _append_units(rows[-1], unit_cells)  # a unit cell cut by a page break
            continue
        if not requirement:
            continue
        rows.append(TableRow(categories[index], subtasks[index], requirement, unit_cells["units"],
                             unit_cells["lead"], unit_cells["cooperating"], cells.get("deadline", ""),
                             cells.get("number", ""), line_no, carried[index]))
    return rows


def _append_units(row: TableRow, unit_cells: dict[str, str]) -> None:
    row.units_text += unit_cells["units"]
    row.lead_text += unit_cells["lead"]
    row.cooperating_text += unit_cells["cooperating"]


def grid_from_pipe_lines(lines: list[Line]) -> list[tuple[list[str], int | None]]:
    return [(line.text.strip().strip("|").split("|"), line.no) for line in lines if line.is_table]


# ---------------------------------------------------------------- flattened tables


def _ends_sentence(text: str) -> bool:
    return text.endswith(("。", "；", "！", "？"))


def _unit_list_complete(text: str) -> bool:
    if not text or text[-1] in _UNIT_SEPARATORS or text.endswith(("等", "和", "及")):
        return False
    items = list_items(text)
    if not items:
        return False
    last, etc = strip_etc(items[-1])
    if etc:
        return True
    return "等" not in items[-1] and looks_like_unit(last)


def _continues_units(text: str, following: str) -> bool:
    """Is ``following`` the rest of the unit list in ``text`` (cut names, separators, 等…)?"""
    if not following:
        return False
    if following[0] in _UNIT_SEPARATORS or following.startswith(("等", "和", "及")) or len(following) <= 2:
        return True
    items, next_items = list_items(text), list_items(following)
    if not items or not next_items:
        return False
    first, _etc = strip_etc(next_items[0])
    return not looks_like_unit(first) and looks_like_unit(items[-1] + first)


class _FlatReader:
    """Walks the lines of a flattened table: requirement runs are long lines (or end a sentence),
    unit runs are the short lines after them, anything else heads the next row."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines = [line for line in lines if not line.is_table]
        texts = [line.text for line in self.lines if not is_header_text(line.text)]
        self.long = max(16, 0.5 * max((len(t) for t in texts), default=0))
        self.pos = 0

    def at(self) -> str | None:
        return self.lines[self.pos].text if self.pos < len(self.lines) else None

    def is_requirement_start(self, text: str) -> bool:
        return len(text) >= self.long or _ends_sentence(text)

    def read_requirement(self) -> str:
        parts = [self.at()]
        self.pos += 1
        while self.at() is not None and not is_header_text(self.at()):
            if _ends_sentence(parts[-1]) and len(self.at()) < self.long:
                break
            parts.append(self.at())
            self.pos += 1
        return "".join(parts)

    def read_units(self) -> str:
        text = ""
        while (line := self.at()) is not None and not is_header_text(line):
            if not text:
                items = list_items(line)
                first = strip_etc(items[0])[0] if items else ""
                if self.is_requirement_start(line) or not looks_like_unit(first):
                    break
            elif _unit_list_complete(text) and not _continues_units(text, line):
                break
            text += line
            self.pos += 1
        return text


def _split_heading_block(lines: list[str]) -> tuple[str, str]:
    """Leading very narrow lines (≤ 3-4 characters) are the category column, the rest the sub-task."""
    if len(lines) >= 2 and len(lines[0]) <= 4:
        width = max(3, len(lines[0]))
        run = 0
        while run < len(lines) and len(lines[run]) <= width:
            run += 1
        if run >= 2:
            return "".join(lines[:run]), "".join(lines[run:])
    return "", "".join(lines)


def rows_from_flat_lines(lines: list[Line], titles: dict[str, str]) -> list[TableRow]:
    start = next((i for i, line in enumerate(lines) if is_header_text(line.text)), None)
    if start is None:
        return []
    reader = _FlatReader(lines[start:])
    rows: list[TableRow] = []
    headings: list[str] = []
    category = subtask = ""
    while (line := reader.at()) is not None:
        if is_header_text(line):
            reader.pos += 1
            continue
        if not reader.is_requirement_start(line):
            headings.append(line)
            reader.pos += 1
            continue
        line_no = reader.lines[reader.pos].no
        carried = not headings
        if headings:
            new_category, subtask = _split_heading_block(headings)
            category = canonical_label(new_category, titles) if new_category else category
            subtask = canonical_label(subtask, titles) if subtask else ""
            headings = []
        requirement = reader.read_requirement()
        units = reader.read_units()
        if cjk_count(requirement) >= 4:
            rows.append(TableRow(category, subtask, requirement, squeeze(units), line_no=line_no,
                                 subtask_carried=carried))
    return rows
