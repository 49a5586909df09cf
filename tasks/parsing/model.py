"""Plain data produced by the document parser.

Nothing here knows about Django: the import service turns these objects into rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# Roles a unit can play for a task.
ROLE_LEAD = "lead"  # 牵头
ROLE_RESPONSIBLE = "responsible"  # 负责 / 责任单位
ROLE_COOPERATING = "cooperating"  # 配合
ROLES = (ROLE_LEAD, ROLE_RESPONSIBLE, ROLE_COOPERATING)

# Flags a task can carry; the UI shows them as things a person should check.
FLAG_NEEDS_UNITS = "needs_units"  # no unit annotation was found
FLAG_VAGUE_UNITS = "vague_units"  # a vague collective (有关部门, 相关部门单位, ...) must be resolved
FLAG_MORE_UNITS_IMPLIED = "more_units_implied"  # the list ended in 等 / 等部门 / 等有关部门 ...
FLAG_FROM_ANNEX = "from_annex"  # the task is a row of an annexed task table
FLAG_UNITS_FROM_SUBJECT = "units_from_subject"  # suggestions were read from the sentence subject
FLAGS = (
    FLAG_NEEDS_UNITS,
    FLAG_VAGUE_UNITS,
    FLAG_MORE_UNITS_IMPLIED,
    FLAG_FROM_ANNEX,
    FLAG_UNITS_FROM_SUBJECT,
)

# Document kinds.
KIND_WORK_POINTS = "work_points"  # 工作要点
KIND_IMPLEMENTATION_PLAN = "implementation_plan"  # 实施方案 / 工作方案
KIND_PROCEDURE = "procedure"  # 办法 / 规则 with forms and no task list
KIND_TASK_TABLE = "task_table"  # a bare task table (Excel, or a document that is only a table)
KIND_OTHER = "other"
KINDS = (KIND_WORK_POINTS, KIND_IMPLEMENTATION_PLAN, KIND_PROCEDURE, KIND_TASK_TABLE, KIND_OTHER)

# A unit name must never contain any of these.
BRACKET_CHARS = "（）()〈〉<>【】[]《》〔〕［］｛｝{}"


# Quotes a printed name may carry (“三区”管委会); ``UnitRef.name`` drops them.
QUOTE_CHARS = "“”\"'‘’「」『』"


def has_bracket(text: str) -> bool:
    return any(ch in BRACKET_CHARS for ch in text)


@dataclass(frozen=True)
class UnitRef:
    """A unit named by the document, as written (cleaned), not yet matched to the registry.

    ``区政府办公室<区大数据局>`` becomes ``name="区大数据局", parent="区政府办公室"``.
    ``collective`` marks words that stand for many units (各镇街, 区政府各部门, 相关部门单位);
    ``vague`` marks the collectives a person has to resolve (有关/相关/涉及 ...).
    """

    name: str
    role: str = ROLE_RESPONSIBLE
    collective: bool = False
    parent: str | None = None
    vague: bool = False
    # The name as printed when brackets belong to it (各县（市、区）政府, 各乡镇〈街道〉): shown and
    # registered in that spelling; ``name`` is the same name without brackets, for matching.
    written: str | None = None

    def __post_init__(self) -> None:
        if not self.name or not self.name.strip():
            raise ValueError("UnitRef.name must not be empty")
        if has_bracket(self.name) or (self.parent is not None and has_bracket(self.parent)):
            raise ValueError(f"UnitRef names must not contain brackets: {self.name!r} / {self.parent!r}")
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}")
        if self.written is not None and (
            not self.written.strip()
            or "".join(ch for ch in self.written if ch not in BRACKET_CHARS + QUOTE_CHARS) != self.name
        ):
            raise ValueError(f"UnitRef.written must be the name with its brackets: {self.written!r}")

    @property
    def display(self) -> str:
        """The name as a person would write it, e.g. ``区政府办公室〈区大数据局〉``."""
        if self.parent:
            return f"{self.parent}〈{self.name}〉"
        return self.written or self.name


@dataclass
class ParsedSection:
    """A numbered heading. ``key`` is a path such as "1", "1.2", "1.2.3" (unique per document);
    ``label`` is the numbering as printed, normalised: "一", "（一）", "1", "（1）", "一是";
    ``order`` is the position in document order, starting at 1."""

    key: str
    label: str
    title: str
    level: int
    parent_key: str | None
    order: int


@dataclass
class ParsedTask:
    """One requirement with the units that must carry it out.

    ``section_path`` lists the section headings from the top, e.g.
    ["一、深化重点领域政府信息公开", "（一）推进重大事项领域政务公开"]; for annex rows it is
    [the row's 工作任务 category, the sub-task]. ``suggestions`` are unit names read from the
    sentence subject when the task has no annotation; they are never copied into ``units``.
    ``deadline_text`` holds a table's 完成时限 cell when the source has one (prose deadlines stay
    in ``text`` for the deadline-phrase parser).
    """

    number: str
    section_key: str | None
    section_path: list[str]
    heading: str
    text: str
    units: list[UnitRef] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    source_line: int | None = None
    deadline_text: str = ""

    def has_flag(self, flag: str) -> bool:
        return flag in self.flags


# Roles a table column can be given (the preview's column mapping uses these names).
COLUMN_ROLES = ("number", "group", "task", "units", "lead", "cooperating", "deadline", "ignore")


@dataclass
class ParsedTable:
    """What the parser made of one table's columns, for the preview's column mapping.

    ``table_id`` counts the tables of the document from 0; ``header`` holds the header cell
    texts (``[]`` when no header row was found); ``roles`` the role of each column, one of
    ``COLUMN_ROLES`` or ``None`` (not understood, read as ignore); ``needs_mapping`` is set when
    the header was not recognised or a named column could not be placed; ``rows`` are the body
    rows' cells as read (at most ``MAX_RAW_ROWS``); ``mapped`` is set when a column map was applied.
    """

    table_id: int
    header: list[str]
    roles: list[str | None]
    needs_mapping: bool
    rows: list[list[str]] = field(default_factory=list)
    mapped: bool = False


@dataclass(frozen=True)
class Notice:
    """Something the parser reports about a document: a code and its values, no sentence
    (tasks.services.import_messages words it in the language of the page)."""

    code: str
    params: dict = field(default_factory=dict)


@dataclass
class ParsedDocument:
    doc_number: str | None
    title: str
    issuer: str | None
    issued_on: date | None
    year: int | None
    kind: str
    addressees: list[str] = field(default_factory=list)
    sections: list[ParsedSection] = field(default_factory=list)
    tasks: list[ParsedTask] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)
    tables: list[ParsedTable] = field(default_factory=list)

    def section(self, key: str) -> ParsedSection | None:
        return next((s for s in self.sections if s.key == key), None)


class ParseError(ValueError):
    """The input cannot be read as a document.

    ``code`` says why (``empty``, ``binary``, ``no_structure``, ``no_header``, ``no_rows``,
    ``unsupported``, ``corrupt``, ``bad_column_map``, ``no_task_column``, ``limit``) and ``params``
    holds its values; the words are chosen where the error is shown
    (tasks.services.import_messages.parse_error_text). ``str()`` is the code, for logs.
    """

    def __init__(self, code: str = "invalid", params: dict | None = None,
                 tables: list[ParsedTable] | None = None) -> None:
        self.code = code
        self.params = dict(params or {})
        self.tables = tables or []  # tables found but not understood: the preview may map them
        super().__init__(code)
