"""Unit annotations inside task text, and unit names read from a sentence subject.

Forms handled (full-width or ASCII brackets and punctuation alike):

* （责任单位：A、B）, （牵头单位：A；责任单位：B、C）, （配合单位：C）
* （A牵头，B负责）, （A牵头，B、C配合）, （A负责）, （A负责落实）, （A、B分别负责落实）
* 此项工作由A负责，B配合。
* table cells such as ``办公室牵头，各科室配合`` or a bare list ``A、B等有关部门``

Brackets that are not annotations — (以下简称…), (试行), (此件公开发布), (国务院令第711号),
文号 brackets, (计划) — are left alone: an unlabeled bracket only counts when every item in it
looks like a unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import ROLE_COOPERATING, ROLE_LEAD, ROLE_RESPONSIBLE, UnitRef
from .names import (
    is_collective,
    is_unit_name,
    list_items,
    make_ref,
    parse_unit_list,
    split_name,
    split_spaced_names,
    split_top,
    squeeze,
    strip_etc,
)
from .traditional import to_simplified

LABEL_ROLES = {
    "牵头单位": ROLE_LEAD, "牵头部门": ROLE_LEAD, "牵头科室": ROLE_LEAD, "主责单位": ROLE_LEAD,
    "主责部门": ROLE_LEAD, "责任单位": ROLE_RESPONSIBLE, "责任部门": ROLE_RESPONSIBLE,
    "责任科室": ROLE_RESPONSIBLE, "承办单位": ROLE_RESPONSIBLE, "实施单位": ROLE_RESPONSIBLE,
    "落实单位": ROLE_RESPONSIBLE, "主办单位": ROLE_RESPONSIBLE, "配合单位": ROLE_COOPERATING,
    "配合部门": ROLE_COOPERATING, "配合科室": ROLE_COOPERATING, "协办单位": ROLE_COOPERATING,
    "协助单位": ROLE_COOPERATING, "参与单位": ROLE_COOPERATING, "牵头处室": ROLE_LEAD,
    "统筹单位": ROLE_LEAD, "责任处室": ROLE_RESPONSIBLE, "责任主体": ROLE_RESPONSIBLE,
    "配合处室": ROLE_COOPERATING, "协同单位": ROLE_COOPERATING, "协同部门": ROLE_COOPERATING,
    "会办单位": ROLE_COOPERATING,
}
LABEL_RE = re.compile("^(" + "|".join(sorted(LABEL_ROLES, key=len, reverse=True)) + ")[:：]")
# A deadline part inside an annotation: （…，完成时限：长期坚持）. It is the task's deadline, never a unit.
DEADLINE_LABEL_RE = re.compile(r"^(?:完成时限|完成时间|时限要求|时间节点|时限|完成期限)[:：]")
# Notes inside an annotation: 以下任务均需A、B落实 names units for the following tasks of the part;
# 不再一一列出 only says so.
_NOTE_CARRY_RE = re.compile(
    r"^以下(?:各项)?(?:任务|工作|事项)?(?:均需|均由|均要|均须|都需|均)(.+?)(?:负责落实|负责|落实|承担)?$"
)
_NOTE_WORDS = ("不再一一列出", "不再逐一列出", "不再一一列举", "不再逐一列举", "不再列出", "下同")
# A line of its own that gives a label: 牵头单位：区发改局 under a numbered target.
_LINE_LABEL_RE = re.compile(
    r"(?m)^[ \t]*((?:" + "|".join(LABEL_ROLES) + r")[:：][^\n]{1,200}?)[ \t。]*$"
)
# ``（责任单位：A、B`` whose closing bracket extraction lost, at the end of a paragraph.
_UNCLOSED_RE = re.compile(
    r"[（(]((?:" + "|".join(LABEL_ROLES) + r")[:：][^（()）\n。]{1,120})。?[ \t]*(?=\n|$)"
)

# Longest first, so that 负责落实 wins over 落实 and 牵头负责 over 负责.
ROLE_WORDS = (
    ("按职责分工负责", ROLE_RESPONSIBLE), ("按职责分工落实", ROLE_RESPONSIBLE),
    ("按照职责分工负责", ROLE_RESPONSIBLE), ("按职责负责", ROLE_RESPONSIBLE),
    ("分别负责落实", ROLE_RESPONSIBLE), ("牵头办理", ROLE_LEAD), ("统筹推进", ROLE_LEAD),
    ("共同负责落实", ROLE_RESPONSIBLE), ("牵头负责", ROLE_LEAD),
    ("牵头落实", ROLE_LEAD), ("负责落实", ROLE_RESPONSIBLE), ("分别负责", ROLE_RESPONSIBLE),
    ("共同负责", ROLE_RESPONSIBLE), ("具体负责", ROLE_RESPONSIBLE), ("配合落实", ROLE_COOPERATING),
    ("牵头", ROLE_LEAD), ("负责", ROLE_RESPONSIBLE), ("配合", ROLE_COOPERATING),
    ("协助", ROLE_COOPERATING), ("参与", ROLE_COOPERATING), ("落实", ROLE_RESPONSIBLE),
    ("统筹", ROLE_LEAD), ("协同", ROLE_COOPERATING), ("会办", ROLE_COOPERATING),
    ("办理", ROLE_RESPONSIBLE),
)
# how the units share the work, between their names and the role word: A、B按照职能分别落实
_MANNER_RE = re.compile(r"(?:按照?(?:各自)?(?:职责|职能)(?:分工)?)?(?:分别|共同|具体|各自)?$")
# ``A会同B办理``: A holds the task, B handles it with A.
# ``A牵头会B负责`` (会 = 会办/会同, in documents that define 会办单位): A leads, B works with A.
_JOINTLY_RE = re.compile(r"^(.+?)(牵头会同|牵头会|会同)(.+)$")
CLAUSE_SEPARATORS = "，,；;。"
SENTENCE_END = "。；！？;!?"
_OPENERS = "（(【[〔［"  # brackets an annotation may stand in
_OPEN_ALL = "（(〈<【[〔《［"
_CLOSE_ALL = "）)〉>】]〕》］"
_MAX_BRACKET = 300
_SENTENCE_FORM_RE = re.compile(r"^(?:此项|该项|以上|上述|本项|各项)?(?:工作|任务)?由(.{2,100})$")
_SUBJECT_VERB_RE = re.compile(r"要|应当|应|须|必须|负责|牵头")


@dataclass
class UnitParse:
    units: list[UnitRef] = field(default_factory=list)
    more_implied: bool = False
    valid: bool = True
    deadline: str = ""  # a 完成时限 part of the annotation
    carry: list[UnitRef] = field(default_factory=list)  # units a note gives the following tasks


@dataclass
class Annotation:
    start: int
    end: int
    units: list[UnitRef]
    more_implied: bool
    deadline: str = ""
    carry: list[UnitRef] = field(default_factory=list)


def iter_brackets(text: str):
    """Yield (start, end, content) for each top-level （…）, (…), 【…】, […] or 〔…〕 group, nesting-aware."""
    index = 0
    while index < len(text):
        if text[index] not in _OPENERS:
            index += 1
            continue
        depth = 0
        limit = min(len(text), index + _MAX_BRACKET)
        close = None
        for j in range(index, limit):
            ch = text[j]
            if ch == "\n":
                break
            if ch in _OPEN_ALL:
                depth += 1
            elif ch in _CLOSE_ALL:
                depth -= 1
                if depth == 0:
                    close = j
                    break
        if close is None:
            index += 1
            continue
        yield index, close + 1, text[index + 1:close]
        index = close + 1


def _merge(into: UnitParse, other: UnitParse) -> None:
    seen = {(u.name, u.parent, u.role) for u in into.units}
    for unit in other.units:
        if (unit.name, unit.parent, unit.role) not in seen:
            seen.add((unit.name, unit.parent, unit.role))
            into.units.append(unit)
    into.more_implied = into.more_implied or other.more_implied
    into.valid = into.valid and other.valid
    into.deadline = into.deadline or other.deadline
    known = {(u.name, u.parent) for u in into.carry}
    into.carry.extend(u for u in other.carry if (u.name, u.parent) not in known)


def parse_role_clauses(text: str, default_role: str | None = None) -> UnitParse | None:
    """``A牵头，B、C配合`` -> A lead, B and C cooperating.

    Clauses without a role word take the role of the next clause that has one (``A牵头，B，C负责``).
    Returns None when some units are left without any role and there is no default.
    """
    result = UnitParse()
    pending: list[str] = []
    for clause in split_top(squeeze(text), CLAUSE_SEPARATORS):
        if clause.startswith("由") and len(clause) > 3:
            clause = clause[1:]  # （由区财政局负责）
        if not clause:
            continue
        jointly = _JOINTLY_RE.match(clause)
        if jointly:
            holder, partners = jointly.group(1), jointly.group(3)
            role = next((r for w, r in ROLE_WORDS if partners.endswith(w) and len(partners) > len(w)), None)
            if role is not None:
                partners = partners[: -len(next(w for w, _r in ROLE_WORDS if partners.endswith(w)))]
                if jointly.group(2).startswith("牵头"):
                    role = ROLE_LEAD
                _merge(result, _from_list("，".join([*pending, holder]), role))
                _merge(result, _from_list(partners, ROLE_COOPERATING))
                pending = []
                continue
        for word, role in ROLE_WORDS:
            if clause.endswith(word) and len(clause) > len(word):
                names = "，".join([*pending, _MANNER_RE.sub("", clause[: -len(word)])])
                _merge(result, _from_list(names, role))
                pending = []
                break
        else:
            pending.append(clause)
    if pending:
        if default_role is None:
            return None
        _merge(result, _from_list("，".join(pending), default_role))
    return result if result.units else None


def _from_list(text: str, role: str) -> UnitParse:
    parsed = parse_unit_list(text, role)
    return UnitParse(units=list(parsed.refs), more_implied=parsed.more_implied, valid=parsed.valid)


def _note(clause: str) -> UnitParse | None:
    """A note inside an annotation (以下任务均需A落实, 不再一一列出), or None when it is no note."""
    clause = clause.strip("。")
    if any(word in clause for word in _NOTE_WORDS):
        return UnitParse()
    match = _NOTE_CARRY_RE.match(clause)
    if not match:
        return None
    carried = _from_list(match.group(1), ROLE_RESPONSIBLE)
    units = [u for u in carried.units if is_unit_name(u.name) or u.collective]
    return UnitParse(units=list(units), carry=list(units))


def parse_labeled(text: str, default_role: str = ROLE_RESPONSIBLE) -> UnitParse:
    """``牵头单位：A；责任单位：B、C`` (the label is explicit, so every item is kept).

    Labels may be separated by ``；`` or by ``，`` (``牵头单位：A，责任单位：B``); a ``完成时限：…``
    part is the task's deadline, and notes (以下均需…落实，不再逐一列出) are no units.
    """
    result = UnitParse()
    parts: list[tuple[str, list[str]]] = []
    for clause in split_top(squeeze(text), "；;，,。"):
        if not clause:
            continue
        match = LABEL_RE.match(clause)
        if match:
            parts.append((LABEL_ROLES[match.group(1)], []))
            clause = clause[match.end():]
        elif DEADLINE_LABEL_RE.match(clause):
            result.deadline = result.deadline or DEADLINE_LABEL_RE.sub("", clause)
            continue
        else:
            note = _note(clause)
            if note is not None:
                _merge(result, note)
                continue
        if not parts:
            parts.append((default_role, []))
        if clause:
            parts[-1][1].append(clause)
    for role, clauses in parts:
        if not clauses:
            continue
        parsed = parse_role_clauses("，".join(clauses), default_role=role)
        if parsed is not None:
            _merge(result, parsed)
    result.valid = True
    return result


def parse_annotation_body(content: str, plain_list_ok: bool) -> UnitParse | None:
    """Classify the content of one bracket; None when it is not a unit annotation."""
    body = squeeze(content)
    if not body:
        return None
    if LABEL_RE.match(body):
        parsed = parse_labeled(body)
        return parsed if parsed.units or parsed.deadline else None
    parsed = parse_role_clauses(body)
    if parsed is not None and parsed.valid:
        return parsed
    if plain_list_ok and not any(word in body for word, _role in ROLE_WORDS):
        plain = _from_list(body, ROLE_RESPONSIBLE)
        if plain.valid and plain.units:
            return plain
    return None


def parse_unit_cell(text: str, default_role: str = ROLE_RESPONSIBLE) -> UnitParse:
    """Read a table's unit cell leniently: labeled, role-suffixed or a bare list (names on separate
    lines or between spaces are separate names)."""
    body = squeeze(split_spaced_names(to_simplified(text)))
    if not body:
        return UnitParse(valid=False)
    if LABEL_RE.match(body):
        return parse_labeled(body, default_role=default_role)
    parsed = parse_role_clauses(body, default_role=default_role)
    return parsed if parsed is not None else UnitParse(valid=False)


def _plain_list_context(text: str, start: int, end: int) -> bool:
    """An unlabeled bracket counts only where an annotation sits: after a sentence or at its end."""
    before = start - 1
    while before >= 0 and text[before] in " \t":
        before -= 1
    after = end
    while after < len(text) and text[after] in " \t":
        after += 1
    return (
        before < 0 or text[before] in SENTENCE_END + "\n" or after >= len(text) or text[after] in "。；\n"
    )


def _sentence_spans(text: str):
    start = 0
    for index, ch in enumerate(text):
        if ch in "。！？\n":
            yield start, index + 1
            start = index + 1
    if start < len(text):
        yield start, len(text)


def _sentence_annotations(text: str) -> list[Annotation]:
    """此项工作由A负责，B配合。"""
    found = []
    for start, end in _sentence_spans(text):
        sentence = text[start:end]
        stripped = sentence.strip().rstrip("。！？\n")
        match = _SENTENCE_FORM_RE.match(stripped)
        if not match:
            continue
        parsed = parse_role_clauses(match.group(1))
        if parsed is not None and parsed.valid:
            lead = len(sentence) - len(sentence.lstrip())
            found.append(Annotation(start + lead, end, parsed.units, parsed.more_implied))
    return found


def _unclosed_annotations(text: str) -> list[Annotation]:
    found = []
    for match in _UNCLOSED_RE.finditer(text):
        parsed = parse_labeled(match.group(1))
        # without the closing bracket the label's reach is a guess: every item must be a unit
        if parsed.units and all(is_unit_name(u.name) or u.collective for u in parsed.units):
            found.append(Annotation(match.start(), match.end(), parsed.units, parsed.more_implied,
                                    parsed.deadline, parsed.carry))
    return found


def _line_annotations(text: str) -> list[Annotation]:
    """Label lines: ``牵头单位：区发改局`` / ``责任单位：…`` each on a line of its own."""
    found = []
    for match in _LINE_LABEL_RE.finditer(text):
        parsed = parse_labeled(match.group(1))
        if parsed.units:
            found.append(Annotation(match.start(1), match.end(), parsed.units, parsed.more_implied,
                                    parsed.deadline, parsed.carry))
    return found


def find_annotations(text: str) -> list[Annotation]:
    """All unit annotations in ``text``, in order, not overlapping (traditional characters are read
    as simplified ones: the positions hold, the units come out as the office registers them)."""
    text = to_simplified(text)
    found: list[Annotation] = []
    for start, end, content in iter_brackets(text):
        parsed = parse_annotation_body(content, _plain_list_context(text, start, end))
        if parsed is not None:
            found.append(Annotation(start, end, parsed.units, parsed.more_implied, parsed.deadline, parsed.carry))
    for candidate in _sentence_annotations(text) + _unclosed_annotations(text) + _line_annotations(text):
        if not any(a.start < candidate.end and candidate.start < a.end for a in found):
            found.append(candidate)
    found.sort(key=lambda a: a.start)
    return found


def _subject_names(prefix: str) -> list[str]:
    """The trailing run of unit-like items in ``prefix`` (``同时，各乡镇（街道）`` -> [各乡镇街道])."""
    names: list[str] = []
    for item in reversed(list_items(prefix, carry=False)):
        item, _etc = strip_etc(item)
        name, _parent = split_name(item)
        if not (is_unit_name(name) or is_collective(name)):
            break
        names.append(name)
    return list(reversed(names))


def subject_suggestions(text: str) -> list[str]:
    """Unit names that are the subject of a sentence: ``县政府办公室要加强培训`` -> [县政府办公室]."""
    suggestions: list[str] = []
    for start, end in _sentence_spans(text):
        sentence = text[start:end].strip()
        for match in _SUBJECT_VERB_RE.finditer(sentence[:120]):
            names = _subject_names(sentence[: match.start()]) if match.start() >= 2 else []
            if names:
                suggestions.extend(n for n in names if n not in suggestions)
                break
    return suggestions


# A date a duty is due by, in a sentence of a notice: 于2023年1月15日前, 2020年12月底, 年底前,
# 每季度最后一个月的30日前, 收到通知后5个工作日内.
DUE_PHRASE_RE = re.compile(
    r"(?:(?:19|20)\d{2}年)?\d{1,2}月(?:\d{1,2}日|底|末|上旬|中旬|下旬)前?"
    r"|(?:年底|年末|月底|季末)前"
    r"|每(?:个)?(?:季度|月|年|半年|周)[^，。；]{0,12}?(?:日|底)前"
    r"|\d{1,2}个工作日内"
)
_DUTY_VERB_RE = re.compile(r"要|应当|应|须|必须|务必|于|在|将")


def dated_duty_units(text: str, role: str = ROLE_RESPONSIBLE) -> list[UnitRef]:
    """Units a sentence gives a duty with a date: ``各责任单位要…于1月15日前报…`` -> 各责任单位.

    A notice's numbered requirement names its units as the subject of the sentence that holds the
    date (``从第二季度起，各牵头单位要在每个季度第1个月的20日前…``); a sentence with no date is an
    exhortation and names no assignment (its subject stays a suggestion).
    """
    found: list[UnitRef] = []
    for start, end in _sentence_spans(text.replace("；", "。")):
        sentence = text[start:end].strip()
        if not DUE_PHRASE_RE.search(sentence):
            continue
        for match in _DUTY_VERB_RE.finditer(sentence[:120]):
            names = _subject_names(sentence[: match.start()]) if match.start() >= 2 else []
            if names:
                for name in names:
                    ref = make_ref(name, role)
                    if ref is not None and all(ref.name != u.name for u in found):
                        found.append(ref)
                break
    return found
