"""Turn numbered items and annex rows into ParsedTask objects.

Prose: a section's own text is split at every unit annotation, so each task is the sentences
since the previous annotation. The first sentence of an item is its heading when it is a short
title (``推进重大事项领域政务公开。``); it goes to ``heading`` and not into the first task's text,
unless nothing else is left. Substantial text after the last annotation — or a whole section with
no annotation — becomes a task flagged ``needs_units`` (000's closing paragraph is one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .annotations import LABEL_RE, UnitParse, dated_duty_units, find_annotations, subject_suggestions
from .cleanup import Para, cjk_count
from .model import (
    FLAG_FROM_ANNEX,
    FLAG_MORE_UNITS_IMPLIED,
    FLAG_NEEDS_UNITS,
    FLAG_UNITS_FROM_SUBJECT,
    FLAG_VAGUE_UNITS,
    ROLE_COOPERATING,
    ROLE_LEAD,
    ParsedTask,
    UnitRef,
)
from .names import is_unit_name, make_ref
from .structure import Node, Outline
from .tables import TableRow, norm_label, read_unit_cell

# Sections that state aims rather than tasks; without annotations they yield no task.
NON_TASK_TITLES = ("工作目标", "总体要求", "指导思想", "基本原则", "主要目标", "总体目标", "工作原则",
                   "适用范围", "编制依据", "目标任务")
MIN_TASK_CJK = 8
TEXT_MATCH_THRESHOLD = 0.6
LABEL_MATCH_THRESHOLD = 0.8
_LEADING_JUNK = " \t\n。；，、：,;:．."


def concat(paras: list[Para]) -> Para:
    """Join a section's paragraphs with newlines, keeping the line map."""
    text, spans = "", []
    for para in paras:
        if text:
            text += "\n"
        spans.extend((len(text) + offset, line_no) for offset, line_no in para.spans)
        text += para.text
    return Para(text, spans)


def clean_task_text(text: str) -> tuple[str, int]:
    """(cleaned text, number of characters dropped at the start)."""
    stripped = text.lstrip(_LEADING_JUNK)
    dropped = len(text) - len(stripped)
    return re.sub(r"\n{2,}", "\n", stripped.rstrip(" \t\n，、；,;")), dropped


def flags_for(
    units: list[UnitRef], more_implied: bool, suggestions: list[str], from_annex: bool
) -> list[str]:
    flags = []
    if not units:
        flags.append(FLAG_NEEDS_UNITS)
    if any(unit.vague for unit in units):
        flags.append(FLAG_VAGUE_UNITS)
    if more_implied:
        flags.append(FLAG_MORE_UNITS_IMPLIED)
    if from_annex:
        flags.append(FLAG_FROM_ANNEX)
    if suggestions:
        flags.append(FLAG_UNITS_FROM_SUBJECT)
    return flags


def _add_units(units: list[UnitRef], new: list[UnitRef]) -> None:
    seen = {(u.name, u.parent, u.role) for u in units}
    units.extend(u for u in new if (u.name, u.parent, u.role) not in seen)


def _is_aim_section(node: Node) -> bool:
    return any(word in node.title for word in NON_TASK_TITLES) and len(node.title) <= 10


@dataclass
class _Draft:
    text: str
    units: list[UnitRef]
    more_implied: bool
    line: int | None
    deadline: str = ""


def _task(node: Node, draft: _Draft, number: str, in_notice: bool = False) -> ParsedTask:
    if not draft.units and in_notice:
        draft.units = dated_duty_units(draft.text)
    suggestions = [] if draft.units else subject_suggestions(draft.text)
    return ParsedTask(
        number=number,
        section_key=node.key,
        section_path=[n.display for n in node.path()],
        heading=node.heading,
        text=draft.text,
        units=list(draft.units),
        flags=flags_for(draft.units, draft.more_implied, suggestions, from_annex=False),
        suggestions=suggestions,
        source_line=draft.line,
        deadline_text=draft.deadline,
    )


def _add_named(units: list[UnitRef], new: list[UnitRef]) -> None:
    """Add units a note carries, unless the task names them already (in any role)."""
    names = {(u.name, u.parent) for u in units}
    units.extend(u for u in new if (u.name, u.parent) not in names)


# ``办公室：负责…`` — a line headed by a unit's name: that unit's duties (a division of duties).
_DUTY_HEAD_RE = re.compile(r"^([^：:，,。；;（(]{2,20})[：:](?=\S)")
MIN_DUTY_LINES = 2


def _duty_lines(paras: list[Para]) -> list[_Draft] | None:
    """A part dividing duties among units, one line each headed by the unit's name (三、工作分工 /
    办公室：… / 法规处：…): each line is a task of its unit. None unless two lines show the shape."""
    drafts: list[_Draft] = []
    headed = 0
    for para in paras:
        match = _DUTY_HEAD_RE.match(para.text)
        ref = make_ref(match.group(1)) if match and not LABEL_RE.match(para.text) else None
        if ref is not None and (is_unit_name(ref.name) or ref.collective):
            headed += 1
            text, _dropped = clean_task_text(para.text[match.end():])
            drafts.append(_Draft(text, [ref], False, para.line_no))
        elif cjk_count(para.text) >= MIN_TASK_CJK:
            drafts.append(_Draft(clean_task_text(para.text)[0], [], False, para.line_no))
    return drafts if headed >= MIN_DUTY_LINES else None


def tasks_from_node(node: Node, carried: list[UnitRef] | None = None, in_notice: bool = False) -> list[ParsedTask]:
    """The tasks of one node; ``carried`` are units a note earlier in the part gives every later task
    (以下任务均需…落实); notes found here are added to it. In the issuing notice (``in_notice``) a
    sentence giving its subject a duty with a date names the task's units (各责任单位要于1月15日前…)."""
    carried = carried if carried is not None else []
    if not node.body:
        return []
    para = concat(node.body)
    annotations = find_annotations(para.text)
    duties = None if annotations else _duty_lines(node.body)
    if duties:
        return [_task(node, draft, f"{node.number_path}.{i}" if len(duties) > 1 else node.number_path)
                for i, draft in enumerate(duties, start=1)]
    drafts: list[_Draft] = []
    position = 0
    for annotation in annotations:
        text, dropped = clean_task_text(para.text[position:annotation.start])
        line = para.line_at(position + dropped)
        position = annotation.end
        if not text and drafts:  # two annotations in a row belong to the same task
            _add_units(drafts[-1].units, annotation.units)
            drafts[-1].more_implied = drafts[-1].more_implied or annotation.more_implied
            drafts[-1].deadline = drafts[-1].deadline or annotation.deadline
            _add_named(carried, annotation.carry)
            continue
        text = text or node.heading or node.title
        units = list(annotation.units)
        _add_named(units, carried)
        drafts.append(_Draft(text, units, annotation.more_implied, line, annotation.deadline))
        _add_named(carried, annotation.carry)
    tail, dropped = clean_task_text(para.text[position:])
    wants_tail = cjk_count(tail) >= MIN_TASK_CJK and not (node.children and tail.endswith(("：", ":")))
    if wants_tail and (annotations or not _is_aim_section(node)):
        drafts.append(_Draft(tail, list(carried), False, para.line_at(position + dropped)))
    if len(drafts) == 1:
        return [_task(node, drafts[0], node.number_path, in_notice)]
    return [_task(node, draft, f"{node.number_path}.{i}", in_notice) for i, draft in enumerate(drafts, start=1)]


def unique_numbers(tasks: list[ParsedTask]) -> None:
    seen: dict[str, int] = {}
    for task in tasks:
        if task.number in seen:
            seen[task.number] += 1
            task.number = f"{task.number}-{seen[task.number]}"
        else:
            seen[task.number] = 1


NOTICE_NUMBER = "0"  # tasks of the notice's unnumbered paragraphs


def _notice_paragraph_tasks(paras: list[Para], notice_end: int) -> list[ParsedTask]:
    """Unnumbered notice paragraphs that give named units a duty with a date (2020年12月底，各单位要…
    报送…) are tasks of their own; the rest of the notice is not."""
    tasks = []
    for para in paras:
        if para.line_no is None or para.line_no >= notice_end:
            continue
        units = dated_duty_units(para.text)
        text, _dropped = clean_task_text(para.text)
        if units and cjk_count(text) >= MIN_TASK_CJK:
            tasks.append(ParsedTask(number=NOTICE_NUMBER, section_key=None, section_path=[], heading="",
                                    text=text, units=units, flags=flags_for(units, False, [], from_annex=False),
                                    source_line=para.line_no))
    return tasks


def tasks_from_outline(outline: Outline, notice_end: int | None = None) -> list[ParsedTask]:
    """Every task of the prose. ``notice_end`` is the line of the issuing notice's signature date when
    the notice stands before the issued plan in the body: items before it are the notice's own."""
    tasks: list[ParsedTask] = []
    if notice_end is not None:
        tasks.extend(_notice_paragraph_tasks(outline.preamble, notice_end))
    carried: dict[str, list[UnitRef]] = {}  # per top-level part
    for node in outline.nodes:
        part = node.path()[0].key
        in_notice = notice_end is not None and node.line_no is not None and node.line_no < notice_end
        tasks.extend(tasks_from_node(node, carried.setdefault(part, []), in_notice))
    unique_numbers(tasks)
    return tasks


# ---------------------------------------------------------------- annex rows


def _bigrams(text: str) -> set[str]:
    text = norm_label(text)
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _containment(part: set[str], whole: set[str]) -> float:
    return len(part & whole) / len(part) if part else 0.0


class _SectionMatcher:
    """Links an annex row to the prose section it repeats (by text, else by its labels)."""

    def __init__(self, outline: Outline) -> None:
        self.nodes = outline.nodes
        self.texts = [(node, _bigrams(concat(node.body).text)) for node in self.nodes if node.body]
        self.titles = [(node, _bigrams(node.title)) for node in self.nodes if node.title]

    def by_text(self, text: str) -> Node | None:
        return self._best(_bigrams(text), self.texts, TEXT_MATCH_THRESHOLD)

    def by_label(self, label: str) -> Node | None:
        key = norm_label(label)
        exact = [node for node in self.nodes if key and norm_label(node.title) == key]
        if exact:
            return exact[0]
        return self._best(_bigrams(label), self.titles, LABEL_MATCH_THRESHOLD)

    @staticmethod
    def _best(grams: set[str], candidates: list[tuple[Node, set[str]]], threshold: float) -> Node | None:
        scored = [(_containment(grams, other), node) for node, other in candidates]
        scored = [item for item in scored if item[0] >= threshold]
        return max(scored, key=lambda item: item[0])[1] if scored else None


def _row_units(row: TableRow) -> UnitParse:
    result = UnitParse()
    cells = ((row.lead_text, ROLE_LEAD), (row.units_text, None), (row.cooperating_text, ROLE_COOPERATING))
    for text, role in cells:
        if not text:
            continue
        parsed = read_unit_cell(text) if role is None else read_unit_cell(text, default_role=role)
        _add_units(result.units, parsed.units)
        result.more_implied = result.more_implied or parsed.more_implied
    return result


def tasks_from_rows(rows: list[TableRow], outline: Outline) -> list[ParsedTask]:
    matcher = _SectionMatcher(outline)
    subtask_labels = {norm_label(row.subtask) for row in rows if row.subtask}
    tasks = []
    for index, row in enumerate(rows, start=1):
        node = matcher.by_text(row.requirement)
        if node and row.subtask_carried and norm_label(node.title) in subtask_labels:
            row.subtask = node.title  # the merged cell's label, lost to a junk or empty cell
        node = node or (matcher.by_label(row.subtask) if row.subtask else None)
        node = node or (matcher.by_label(row.category) if row.category else None)
        units = _row_units(row)
        suggestions = [] if units.units else subject_suggestions(row.requirement)
        tasks.append(ParsedTask(
            number=row.number or str(index),
            section_key=node.key if node else None,
            section_path=list(dict.fromkeys(label for label in (*row.sections, row.category, row.subtask) if label)),
            heading=row.subtask or row.category,
            text=row.requirement,
            units=units.units,
            flags=flags_for(units.units, units.more_implied, suggestions, from_annex=True),
            suggestions=suggestions,
            source_line=row.line_no,
            deadline_text=row.deadline,
        ))
    unique_numbers(tasks)
    return tasks
