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
from dataclasses import dataclass, field, replace

from .annotations import UnitParse, parse_unit_cell
from .cleanup import Line, cjk_count, normalize_punctuation, squeeze_spaces
from .model import ParsedTable
from .names import list_items, looks_like_unit, squeeze, strip_etc
from .traditional import to_simplified

COLUMN_WORDS = {
    "number": ("序号", "编号"),
    "category": ("工作任务", "重点任务", "主要任务", "任务类别", "工作类别", "任务名称", "一级任务",
                 "工作事项", "重点工作", "工作项目", "项目名称", "任务分类", "工作重点",
                 # 主动公开目录 / 标准目录: 类别及事项 (一级 / 二级), 公开事项
                 "类别及事项", "公开事项", "公开类别", "信息类别"),
    "subtask": ("二级任务", "任务事项", "具体事项", "子任务"),
    "requirement": ("具体要求", "工作内容", "工作措施", "任务内容", "具体任务", "主要内容", "工作要求",
                    "具体措施", "任务要求", "具体内容", "细化分工", "任务分解", "工作目标", "目标任务",
                    "主要措施", "推进措施", "指标要求", "公开内容"),
    "lead": ("牵头单位", "牵头部门", "牵头科室", "牵头处室"),
    "cooperating": ("配合单位", "配合部门", "协办单位", "配合科室", "协同单位", "配合处室"),
    "units": ("责任单位", "责任部门", "责任科室", "承办单位", "落实单位", "实施单位",
              "责任处室", "责任主体", "责任股室", "主体单位", "负责单位", "负责部门", "负责科室",
              "负责处室", "公开主体"),
    "deadline": ("完成时限", "时限要求", "完成时间", "时间节点", "完成期限", "进度安排",
                 "时限", "时间安排", "完成节点"),
}
# A whole header cell that is only one of these short words.
EXACT_COLUMN_WORDS = {
    "任务": "category", "项目": "category", "事项": "category", "要求": "requirement",
    "内容": "requirement", "措施": "requirement", "单位": "units", "部门": "units", "科室": "units",
    "时间": "deadline", "期限": "deadline",
}
# Columns that name people or report progress: never units, never the task (checked first).
IGNORED_COLUMN_WORDS = ("领导", "责任人", "联系人", "负责人", "经办人", "情况", "备注", "说明", "佐证",
                        "分值", "得分", "评分", "是否", "成效", "进展", "进度情况", "目标类型", "类型")
ROLE_IGNORE = "ignore"
# The roles a person can give a column in the preview, and the parser's name for each.
PUBLIC_ROLES = {"number": "number", "group": "category", "task": "requirement", "units": "units",
                "lead": "lead", "cooperating": "cooperating", "deadline": "deadline",
                "ignore": ROLE_IGNORE}
_INTERNAL_TO_PUBLIC = {"number": "number", "category": "group", "subtask": "group",
                       "requirement": "task", "units": "units", "lead": "lead",
                       "cooperating": "cooperating", "deadline": "deadline", ROLE_IGNORE: "ignore"}
_UNIT_ROLES = ("units", "lead", "cooperating")
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
    sections: list[str] = field(default_factory=list)


TableColumns = ParsedTable  # the parser's name for it


MAX_RAW_ROWS = 500


def as_parsed_table(table: ParsedTable) -> ParsedTable:
    return table


def header_word(cell: str) -> str:
    """A header cell as the word lists spell it: no spaces, simplified characters."""
    return to_simplified(squeeze(cell))


# An assessment table's indicator levels (一级指标 … 五级指标): the deepest level is the task, the
# levels above it group it (see guess_roles).
LEVEL_INDICATOR_RE = re.compile(r"^[一二三四五六七八九十1-9]级(?:考核|评估|考评)?指标$")


def is_level_indicator(cell: str) -> bool:
    return bool(LEVEL_INDICATOR_RE.match(header_word(cell)))


def column_role(cell: str) -> str | None:
    text = header_word(cell)
    if not text:
        return None
    if LEVEL_INDICATOR_RE.match(text):
        return "category"
    if any(word in text for word in IGNORED_COLUMN_WORDS):
        return None
    if text in EXACT_COLUMN_WORDS:
        return EXACT_COLUMN_WORDS[text]
    found = [(text.find(word), -len(word), role) for role, words in COLUMN_WORDS.items()
             for word in words if word in text]
    return min(found)[2] if found else None  # the first word of the cell names it: 责任单位和工作要求


def is_ignored_column(cell: str) -> bool:
    text = header_word(cell)
    return bool(text) and any(word in text for word in IGNORED_COLUMN_WORDS)


def is_header_row(cells: list[str]) -> bool:
    roles = {column_role(cell) for cell in cells if len(squeeze(cell)) <= 12} - {None}
    return len(roles) >= 2 and bool(roles & {"requirement", "units", "lead"})


_HEADER_WORD_RE = re.compile("|".join(w for words in COLUMN_WORDS.values() for w in words))


def is_header_text(text: str) -> bool:
    """A flattened header line such as ``工作任务 具体要求 责任单位``."""
    if len(text) > 40 or "。" in text:
        return False
    words = header_word(text)
    if len(_HEADER_WORD_RE.findall(words)) < 2:
        return False
    # A header line is mostly header words (工作任务 具体要求 责任单位); a title that merely contains
    # two of them (…做好2023年重点工作的任务分解) is not one.
    rest = re.sub(r"[\s|｜/、，,:：()（）]", "", _HEADER_WORD_RE.sub("", words))
    return len(rest) <= max(2, len(words) // 4)


def guess_roles(header: list[str]) -> list[str | None]:
    """The role of every header column (internal vocabulary; ``None`` = not understood).

    A second group column is the sub-task; an unnamed column right after the group is the
    sub-task; people and progress columns are ``ignore``; when a unit role repeats (a bureau's
    细化分工 beside the district's plan: 区责任单位 … 局责任部门) the right-most column is the
    document's own and the earlier one is context (ignore).
    """
    roles: list[str | None] = []
    for index, cell in enumerate(header):
        role = column_role(cell)
        if role is None and is_ignored_column(cell):
            role = ROLE_IGNORE
        if role == "category" and "category" in roles:
            role = "subtask" if "subtask" not in roles else ROLE_IGNORE
        if role is None and not squeeze(cell) and index and roles[index - 1] == "category":
            role = "subtask"
        if role in roles and role in _UNIT_ROLES:
            roles[roles.index(role)] = ROLE_IGNORE
        elif role in roles:
            role = ROLE_IGNORE
        roles.append(role)
    levels = [index for index, cell in enumerate(header) if is_level_indicator(cell)]
    if len(levels) >= 2 and "requirement" not in roles:
        # 一级指标 … 五级指标: the deepest level is the task, the two above it its group and sub-group
        for index in levels:
            roles[index] = ROLE_IGNORE
        roles[levels[-1]] = "requirement"
        roles[levels[-2]] = "subtask" if len(levels) >= 3 else "category"
        if len(levels) >= 3:
            roles[levels[-3]] = "category"
    if "requirement" not in roles:  # a two-column table: the task itself is the requirement
        for role in ("subtask", "category"):
            if role in roles:
                roles[roles.index(role)] = "requirement"
                break
    return roles


def apply_column_map(roles: list[str | None], column_map: dict[int, str] | None) -> list[str | None]:
    """The guessed roles with a person's mapping laid over them (public role names).

    A mapped role taken away from the column that had it by guess leaves that column ignored;
    a second ``group`` column is the sub-task.
    """
    if not column_map:
        return list(roles)
    result = list(roles)
    for index, public in column_map.items():
        if public not in PUBLIC_ROLES:
            raise ValueError(f"unknown column role {public!r}")
        if not isinstance(index, int) or index < 0:
            raise ValueError(f"bad column index {index!r}")
        while len(result) <= index:
            result.append(None)
    mapped = {index: PUBLIC_ROLES[public] for index, public in column_map.items()}
    taken = {role for role in mapped.values() if role not in ("category", ROLE_IGNORE)}
    for index, role in enumerate(result):
        if index not in mapped and (role in taken or (role in ("category", "subtask")
                                                      and "category" in mapped.values())):
            result[index] = ROLE_IGNORE
    groups = sorted(index for index, role in mapped.items() if role == "category")
    for index, role in mapped.items():
        result[index] = "subtask" if role == "category" and index != groups[0] else role
    return result


def columns_from_roles(roles: list[str | None]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, role in enumerate(roles):
        if role and role != ROLE_IGNORE and role not in columns:
            columns[role] = index
    return columns


def public_roles(roles: list[str | None]) -> list[str | None]:
    return [_INTERNAL_TO_PUBLIC.get(role) if role else None for role in roles]


def map_columns(header: list[str]) -> dict[str, int]:
    """Column index per role; an unnamed column right after the category is the sub-task."""
    return columns_from_roles(guess_roles(header))


def needs_mapping(header: list[str], roles: list[str | None]) -> bool:
    """No task column, no unit column, or a named column the parser could not place."""
    if "requirement" not in roles or not set(roles) & set(_UNIT_ROLES):
        return True
    return any(role is None and len(squeeze(cell)) >= 2 for cell, role in zip(header, roles, strict=False))


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


_NUMBER_RE = re.compile(r"^\d{1,3}[.、．]?$")
_LABEL_RE = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、．.]|[（(][一二三四五六七八九十]{1,3}[）)])")
_SUBLABEL_RE = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]")
_DEADLINE_CELL_RE = re.compile(
    r"(?:\d{4}年|\d{1,2}月|年底|年内|年前|底前|月前|日前|前完成|长期|持续|常态|全年|每[年季月周日旬半]"
    r"|按[年季月周日旬]|定期|随时|即时|实时|适时|同步|动态|上半年|下半年|季度|工作日)")


def is_deadline_cell(text: str) -> bool:
    return 0 < len(text) <= 40 and bool(_DEADLINE_CELL_RE.search(text)) and not is_unit_cell(text)


def is_unit_cell(text: str) -> bool:
    """A cell that reads as a list of units, with or without role words (…牵头，…配合)."""
    if not text or len(text) > 150:
        return False
    parsed = parse_unit_cell(text)
    if parsed.units and not text.endswith("。") and (
            parsed.valid or (looks_like_unit(parsed.units[0].name) and len(parsed.units) >= 2)):
        return True
    return len(text) <= 80 and bool(units_in_words(text))


def _is_names_only(text: str) -> bool:
    """A cell every item of which is a unit name (a unit cell standing in the task column), not a
    task that starts with one (镇党委、政府主要职责)."""
    if not text or len(text) > 150 or text.endswith("。"):
        return False
    parsed = parse_unit_cell(text)
    return bool(parsed.units) and parsed.valid or (len(text) <= 80 and bool(units_in_words(text)))


def cell_kind(text: str) -> str:
    """"unit", "deadline" or "other"."""
    if is_unit_cell(text):
        return "unit"
    return "deadline" if is_deadline_cell(text) else "other"


def column_kind(role: str | None, header_cell: str = "") -> str:
    """What a column holds, by its header words (an ignored second unit column still holds units)."""
    raw = column_role(header_cell) if header_cell else None
    for candidate in (role, raw):
        if candidate in _UNIT_ROLES:
            return "unit"
        if candidate == "deadline":
            return "deadline"
    return "other"


def _fit(kind: str, slot_kind: str) -> int:
    if kind == slot_kind:
        return 2 if kind != "other" else 1
    return -2


def place_tail(texts: list[str], slot_kinds: list[str], previous: list[str]) -> list[int]:
    """Slot index for each of ``texts`` (in order, one slot each), fitting cell kinds to column
    kinds; a cell equal to the previous row's cell of a column belongs there (the merged cell
    that was printed again). Ties go to the earlier slots."""
    n, m = len(texts), len(slot_kinds)
    if n >= m:
        return list(range(min(n, m)))
    kinds = [cell_kind(t) for t in texts]
    neg = float("-inf")
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    best[0] = [0.0] * (m + 1)
    for i in range(1, n + 1):
        for j in range(i, m + 1):
            skip = best[i][j - 1]
            score = _fit(kinds[i - 1], slot_kinds[j - 1])
            if j - 1 < len(previous) and previous[j - 1] and previous[j - 1] == texts[i - 1]:
                score += 1
            take = best[i - 1][j - 1] + score
            best[i][j] = max(skip, take)
    # walk back preferring the earliest slots: take when taking reaches the same score
    slots: list[int] = []
    i, j = n, m
    while i:
        score = _fit(kinds[i - 1], slot_kinds[j - 1])
        if j - 1 < len(previous) and previous[j - 1] and previous[j - 1] == texts[i - 1]:
            score += 1
        if best[i][j] == best[i][j - 1] and j - 1 >= i:
            j -= 1
            continue
        if best[i - 1][j - 1] + score == best[i][j]:
            slots.append(j - 1)
            i, j = i - 1, j - 1
        else:
            j -= 1
    return slots[::-1]


def _is_requirement_text(text: str) -> bool:
    return not _NUMBER_RE.match(text) and not _LABEL_RE.match(text) and cjk_count(text) >= 4


def align_row(cells: list[str], roles: list[str | None], header: list[str] | None = None,
              previous: dict[int, str] | None = None) -> dict[str, str]:
    """Place the cells of a row that lost cells (merged cells printed once, empty cells dropped
    by a web copy) or has more than its header, by what the cells hold.

    The task cell is the last text cell before the first unit or deadline cell (or the first
    sentence); a number cell is the row number; numbered or short cells before the task are
    its group labels; the cells after it fill the columns after the task column in order, a
    kind of cell fitted to the kind of column (:func:`place_tail`); a unit column skipped
    inside the row takes the row above's cell (``previous``: column index -> text).
    """
    texts = [c for c in cells if c]
    if not texts:
        return {}
    columns = columns_from_roles(roles)
    tail_at = next((i for i, t in enumerate(texts) if i and (is_unit_cell(t) or is_deadline_cell(t))
                    and _is_requirement_text(texts[i - 1])), None)
    if tail_at is None:
        req_at = next((i for i, t in enumerate(texts) if _is_requirement_text(t)
                       and not _LABEL_RE.match(t) and (t.endswith(("。", "；", ";")) or len(t) >= 16)),
                      None)
        if req_at is None:
            req_at = max((i for i, t in enumerate(texts) if _is_requirement_text(t)), default=None)
        if req_at is None:
            return {}
    else:
        req_at = tail_at - 1
    result: dict[str, str] = {"requirement": texts[req_at]}
    labels = []
    for text in texts[:req_at]:
        if _NUMBER_RE.match(text):
            result["number"] = text.rstrip(".、．")
        else:
            labels.append(text)
    if len(labels) == 1 and "subtask" in columns and "category" in columns:
        result["subtask"] = labels[0]  # one label of two: the group cell is the merged one, printed above
    elif labels:
        result["category"] = labels[0]
        if len(labels) > 1:
            result["subtask"] = "".join(labels[1:])
    start = columns.get("requirement", 0) + 1
    slots = list(range(start, len(roles)))
    header = header or []
    kinds = [column_kind(roles[i], header[i] if i < len(header) else "") for i in slots]
    prev = [(previous or {}).get(i, "") for i in slots]
    tail = texts[req_at + 1:]
    placed = place_tail(tail, kinds, prev)
    filled = set()
    for text, slot in zip(tail, placed, strict=False):
        index = slots[slot]
        filled.add(index)
        role = roles[index]
        if role and role != ROLE_IGNORE and role not in result:
            result[role] = text
    last = max(filled, default=start - 1)
    for index in slots:  # a unit column skipped inside the row is a merged cell: the row above's
        if index < last and index not in filled and roles[index] in _UNIT_ROLES and previous:
            result.setdefault(roles[index], previous.get(index, ""))
    return result


_LEVEL_CELL_RE = re.compile(r"^[一二三四五六七八九十]级(?:事项|类别|分类|目录)?$")


def _level_subheader(cells: list[str]) -> bool:
    """A second header row naming the levels a group column is split into (| 一级 | 二级 |)."""
    texts = [squeeze(c) for c in cells if squeeze(c)]
    return len(texts) >= 2 and all(_LEVEL_CELL_RE.match(t) for t in texts)


def _split_by_levels(header: list[str], levels: int) -> list[str]:
    """The header with its group column repeated once per level (the second is the sub-group)."""
    at = next((i for i, cell in enumerate(header) if column_role(cell) == "category"), None)
    if at is None:
        return header
    return header[:at] + [header[at]] * levels + header[at + 1:]


def _is_section_row(cells: list[str], width: int) -> str:
    """A row holding one label across the table (a merged section row), or ""."""
    texts = list(dict.fromkeys(c for c in cells if c))
    if width >= 2 and len(texts) == 1 and not _NUMBER_RE.match(texts[0]):
        text = texts[0]
        if _LABEL_RE.match(text) or (len(text) <= 30 and not text.endswith("。")
                                     and (len([c for c in cells if c]) > 1 or len(cells) < width)):
            return text
    return ""


_STATUS_RE = re.compile(r"^(?:已|未|正在|基本|全部)?(?:完成|落实|推进中|办结|启动|开展)")


def _has_status_like(text: str) -> bool:
    """A progress cell (已完成, 正在推进) standing in a unit column: the row lost a cell before it."""
    return len(text) <= 12 and bool(_STATUS_RE.match(text))


def _looks_like_header(cells: list[str]) -> bool:
    """A row of short labels (an unknown table's header): two or more, no sentence, no number."""
    texts = [squeeze(c) for c in cells if squeeze(c)]
    return len(texts) >= 2 and all(len(t) <= 12 and not re.search(r"[。；;，,]", t)
                                   and not _NUMBER_RE.match(t) for t in texts)


def _trim(cells: list[str]) -> list[str]:
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]


def _unit_cell_text(raw: str) -> str:
    """A unit cell with names on separate lines or separated by spaces split with 、 where both
    sides are names (市发改委 市自然资源局), line-wrap spaces removed (各县 (市、 区 ) 政府)."""
    parts = [p for p in re.split(r"[\s\u3000\xa0]+", raw.strip()) if p]
    if not parts:
        return ""
    text = parts[0]
    for part in parts[1:]:
        last = list_items(text)
        if last and looks_like_unit(last[-1]) and looks_like_unit(list_items(part)[0] if list_items(part)
                                                                   else part):
            text += "、" + part
        else:
            text += part
    return clean_cell(text)


def rows_from_grid(grid: list[tuple[list[str], int | None]], titles: dict[str, str],
                   column_map: dict[int, str] | None = None,
                   tables: list[TableColumns] | None = None) -> list[TableRow]:
    """Rows of a cell grid (pipe table, Word table, Excel sheet) with its header row(s).

    ``column_map`` (column index -> public role) overrides the guessed roles; ``tables``, when
    given, receives what was made of the table's columns (see :class:`TableColumns`). Without a
    recognised header and without a mapping, no rows are read.
    """
    header_at = next((i for i, (cells, _no) in enumerate(grid) if is_header_row(cells)), None)
    unknown_at = None if header_at is not None else next(
        (i for i, (cells, _no) in enumerate(grid) if _looks_like_header(cells)), None)
    if header_at is None and not column_map:
        if tables is not None:
            start = unknown_at + 1 if unknown_at is not None else 0
            raw = [[clean_cell(c) for c in cells] for cells, _no in grid[start:]]
            raw = [r for r in raw if any(r)]
            header = [squeeze(c) for c in grid[unknown_at][0]] if unknown_at is not None else []
            if raw:
                width = max(len(header), *(len(r) for r in raw))
                tables.append(TableColumns(len(tables), header, [None] * width, True, raw[:MAX_RAW_ROWS]))
        return []
    if header_at is None:  # a mapped table: its first header-like row is the header, if any
        header = [squeeze(c) for c in grid[unknown_at][0]] if unknown_at is not None else []
        body_grid = grid[unknown_at + 1:] if unknown_at is not None else grid
        guessed: list[str | None] = [None] * len(header)
    else:
        header = [squeeze(c) for c in grid[header_at][0]]
        body_grid = grid[header_at + 1:]
        if body_grid and _level_subheader(body_grid[0][0]):
            header = _split_by_levels(header, len([c for c in body_grid[0][0] if squeeze(c)]))
            body_grid = body_grid[1:]
        guessed = guess_roles(header)
    roles = apply_column_map(guessed, column_map)
    columns = columns_from_roles(roles)
    if tables is not None:
        raw = [[clean_cell(c) for c in cells] for cells, _no in body_grid]
        tables.append(TableColumns(len(tables), header, public_roles(roles),
                                   needs_mapping(header, guessed) and not column_map,
                                   [r for r in raw if any(r)][:MAX_RAW_ROWS], bool(column_map)))
    if "requirement" not in columns:
        return []
    width = max(len(header), len(roles))
    # no deadline column: a remarks column (备注 / 说明) may hold the time limit
    remark_at = None if "deadline" in columns else next(
        (i for i, cell in enumerate(header) if any(w in header_word(cell) for w in ("备注", "说明"))), None)
    used_width = max((i + 1 for i, role in enumerate(roles) if role and role != ROLE_IGNORE), default=0)
    previous: dict[int, str] = {}
    body = []
    sections: list[str] = []
    for raw_cells, line_no in body_grid:
        if header_at is not None and is_header_row(raw_cells):
            continue
        if all(not c.strip() or _SEPARATOR_CELL_RE.match(c.strip()) for c in raw_cells):
            continue
        cells = [_unit_cell_text(c) if i < len(roles) and roles[i] in _UNIT_ROLES else clean_cell(c)
                 for i, c in enumerate(raw_cells)]
        section = _is_section_row(cells, width) if header_at is not None else ""
        if section:
            if _SUBLABEL_RE.match(section) and sections:
                sections = sections[:1] + [section]
            else:
                sections = [section]
            continue
        trimmed = _trim(cells)
        positional = {role: cells[i] if i < len(cells) else "" for role, i in columns.items()}
        short = len(trimmed) < used_width or len(trimmed) > width
        misplaced = not column_map and header_at is not None and (
            short or _NUMBER_RE.match(positional.get("requirement", "") or "")
            or _is_names_only(_unit_cell_text(raw_cells[columns["requirement"]])
                              if columns["requirement"] < len(raw_cells) else "")
            or any(positional.get(role) and cell_kind(positional[role]) == "other"
                   and _has_status_like(positional[role]) for role in _UNIT_ROLES)
            or ("number" not in columns
                and any(_NUMBER_RE.match(positional.get(r, "") or "") for r in ("category", "subtask"))))
        if misplaced:
            # cells may stand in other columns than their own: split names in any of them
            aligned = align_row([_unit_cell_text(c) for c in raw_cells], roles, header, previous)
            if aligned:
                positional = {role: aligned.get(role, "") for role in set(columns) | set(aligned)}
            if len(raw_cells) < used_width and positional.get("requirement") \
                    and not any(positional.get(role) for role in _UNIT_ROLES):
                # the row's cells end before its unit cell (a copy prints a merged cell once, on
                # its first row; an empty cell it keeps, as a grid does): the unit of the row above
                for role in _UNIT_ROLES:
                    if role in columns and previous.get(columns[role]):
                        positional[role] = previous[columns[role]]
        if not misplaced and remark_at is not None and remark_at < len(cells) \
                and is_deadline_cell(cells[remark_at]):
            positional["deadline"] = cells[remark_at]  # a time limit written in the remarks: 11月底前完成
        previous = {columns[role]: text for role, text in positional.items() if role in columns}
        if not misplaced:
            previous.update({i: c for i, c in enumerate(cells) if c})
        body.append((positional, line_no, list(sections)))
    categories, _ = resolve_labels([cells.get("category", "") for cells, _, _s in body], titles)
    subtasks, carried = resolve_labels([cells.get("subtask", "") for cells, _, _s in body], titles)
    rows: list[TableRow] = []
    for index, (cells, line_no, row_sections) in enumerate(body):
        requirement = cells.get("requirement", "")
        unit_cells = {k: squeeze(cells.get(k, "")) for k in _UNIT_ROLES}
        if not requirement and rows and any(unit_cells.values()):
            _append_units(rows[-1], unit_cells)  # a unit cell cut by a page break
            continue
        if not requirement:
            continue
        rows.append(TableRow(categories[index], subtasks[index], requirement, unit_cells["units"],
                             unit_cells["lead"], unit_cells["cooperating"], cells.get("deadline", ""),
                             cells.get("number", ""), line_no, carried[index], row_sections))
    return rows


def _append_units(row: TableRow, unit_cells: dict[str, str]) -> None:
    row.units_text += unit_cells["units"]
    row.lead_text += unit_cells["lead"]
    row.cooperating_text += unit_cells["cooperating"]


_BARE_PIPE_RE = re.compile(r"\S\s*[|｜]\s*\S|\S\s*[|｜]\s*$")


def is_bare_pipe_row(text: str) -> bool:
    """``A | B | C`` as a web page copy leaves a table row: no leading bar."""
    return not text.startswith("|") and bool(_BARE_PIPE_RE.search(text)) and text.count("|") >= 1


def mark_pipe_text(text: str) -> str:
    """Give bare pipe rows (``A | B | C`` as a web copy leaves them) a leading bar, when the text
    holds a table (a header row, or at least two such rows), so every reader sees them as table
    rows — their spaces kept, since they may separate names — and never as prose."""
    raw = text.splitlines()
    bare = [i for i, line in enumerate(raw) if is_bare_pipe_row(line.strip())]
    if not bare:
        return text
    has_header = any(is_header_row(split_pipe(raw[i])) for i in bare)
    if len(bare) < 2 and not has_header:
        return text
    for i in bare:
        raw[i] = "| " + raw[i].strip().replace("｜", "|")
    return "\n".join(raw)


def split_pipe(text: str) -> list[str]:
    return [c.strip() for c in text.strip().replace("｜", "|").strip("|").split("|")]


def grid_from_pipe_lines(lines: list[Line]) -> list[tuple[list[str], int | None]]:
    return [(split_pipe(line.text), line.no) for line in lines if line.is_table]


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


# ---------------------------------------------------------------- unit cells written in words

# Verbs after a unit list in a table's unit cell, and the role they give (longest first).
_UNIT_VERBS = (
    ("做好技术支持和指导", "cooperating"), ("技术支持", "cooperating"), ("牵头办理", "lead"),
    ("牵头负责", "lead"), ("牵头落实", "lead"), ("牵头", "lead"), ("配合", "cooperating"),
    ("协同", "cooperating"), ("协助", "cooperating"), ("按职责分工落实", "responsible"),
    ("按职能分工落实", "responsible"), ("按职责分工负责", "responsible"), ("负责落实", "responsible"),
    ("负责", "responsible"), ("落实", "responsible"), ("办理", "responsible"), ("做好", "responsible"),
)
_CLAUSE_SPLIT_RE = re.compile(r"[，,；;。]")
_LEADING_CONNECTORS = ("以及", "并由", "并", "同时", "由", "和")


def _unit_names(text: str) -> str:
    """The unit list ``text`` holds, or "" when an item is not a unit name."""
    items = list_items(text)
    if not items or not all(looks_like_unit(strip_etc(item)[0]) for item in items):
        return ""
    return text


def units_in_words(text: str) -> list[tuple[str, str]]:
    """(unit list, role) pairs of a unit cell written as clauses:
    ``区政府办会同各有关单位、各镇（街）办理`` -> 区政府办 lead, 各有关单位、各镇（街） cooperating;
    ``A、B，以及C办理`` -> all responsible; ``A牵头办理，在工作中加强…`` -> A lead (the rest is not
    a unit); ``宣传处会办公室`` -> 宣传处 lead, 办公室 cooperating. [] when no clause names units."""
    result: list[tuple[str, str]] = []
    pending: list[str] = []
    lead_before: str | None = None
    for clause in _CLAUSE_SPLIT_RE.split(squeeze(text)):
        for word in _LEADING_CONNECTORS:
            if clause.startswith(word) and len(clause) > len(word):
                clause = clause[len(word):]
                break
        if not clause:
            continue
        for joint in ("会同", "会办"):
            left, sep, right = clause.partition(joint)
            if sep == "会办" and right and not _unit_names(right) and _unit_names("办" + right):
                right = "办" + right  # 宣传处会办公室: 会 (with) 办公室
            if sep and right:
                if left and _unit_names(left):
                    result.append((left, "lead"))
                elif not left and result:
                    result[-1] = (result[-1][0], "lead")
                elif not left and pending:
                    result.extend((p, "lead") for p in pending)
                    pending = []
                clause, lead_before = right, "cooperating"
                break
        role, names = None, ""
        for verb, verb_role in _UNIT_VERBS:
            at = clause.find(verb)
            if at > 0 and (names := _unit_names(clause[:at])):
                role = verb_role
                break
        if role is None:
            names = _unit_names(clause)
            if names and lead_before:
                result.append((names, lead_before))
            elif names:
                pending.append(names)
            lead_before = None
            continue
        if lead_before == "cooperating" and role == "responsible":
            role = "cooperating"
        lead_before = None
        result.extend((p, role) for p in pending)
        pending = []
        result.append((names, role))
    result.extend((p, "responsible") for p in pending)
    return result


def read_unit_cell(text: str, default_role: str = "responsible") -> UnitParse:
    """A table's unit cell: a list, role phrases (…牵头，…配合; …负责落实), or clauses in words
    (…会同…办理; …做好技术支持和指导). A plain verb (办理, 落实) keeps the column's own role."""
    parsed = parse_unit_cell(text, default_role=default_role)
    if parsed.valid and not any(joint in text for joint in ("会同", "会办")):
        return parsed
    words = units_in_words(text)
    if not words:
        return parsed
    result = UnitParse()
    for names, role in words:
        role = default_role if role == "responsible" else role
        part = parse_unit_cell(names, default_role=role)
        seen = {(u.name, u.parent) for u in result.units}
        result.units.extend(u if u.role == role else replace(u, role=role)
                            for u in part.units if (u.name, u.parent) not in seen)
        result.more_implied = result.more_implied or part.more_implied or names.rstrip().endswith("等")
    result.valid = bool(result.units)
    return result
