"""Ledger rows built from the shared selectors; every format (XLSX, CSV, PDF) writes these rows.

Two shapes, one header:

- the **document ledger** has one row per task with all its units in the cell, one line each
  (lead marked 牵头), the way the annex tables of the seed documents list them, and a section row
  (the top-level heading) before each part;
- the **unit and list ledgers** have one row per assignment (task × unit): each unit has its own
  status, due date, progress and light, so a row per task would have to merge what differs, and a
  filter by status or light selects assignments, not tasks. Their section rows are the documents.

The ledger's words (headers, status and light names) are the Chinese of the official 工作台账
format, whatever the interface language: the file is a government record, not a page.

Rows are produced lazily from ``.iterator(chunk_size=…)`` so memory does not grow with the ledger.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from tasks.access import Access
from tasks.exports import scopes
from tasks.models import Assignment, Document, Light, Role, Status, Task
from tasks.selectors.assignments import LightWindow, assignment_rows, completion_by_unit
from units.models import Unit

CHUNK_SIZE = 2000

HEADER = ("序号", "工作任务", "具体要求", "责任单位", "完成时限", "进展情况", "完成状态", "信号灯")
SUMMARY_HEADER = ("序号", "责任单位", "任务数", "已完成", "按时完成", "逾期完成", "已逾期", "即将到期", "完成率")

STATUS_LABELS = {
    Status.NOT_STARTED: "未开始",
    Status.IN_PROGRESS: "推进中",
    Status.SUBMITTED: "已报送待审核",
    Status.COMPLETED: "已完成",
    Status.RETURNED: "已退回",
}
LIGHT_LABELS = {
    Light.GREEN: "绿灯",
    Light.YELLOW: "黄灯",
    Light.RED: "红灯",
    Light.GREY: "灰灯",
    Light.DONE: "按时完成",
    Light.DONE_LATE: "逾期完成",
}
ROLE_SUFFIX = {Role.LEAD: "（牵头）", Role.COOPERATING: "（配合）"}
# Which light a task with several units shows while not all of them are done: the worst one.
_OPEN_LIGHT_RANK = {Light.RED: 0, Light.YELLOW: 1, Light.GREEN: 2, Light.GREY: 3}


@dataclass(frozen=True)
class SectionRow:
    """A heading row spanning all columns: a top-level section, or a document in unit/list ledgers."""

    title: str
    is_section = True  # for templates, which cannot use isinstance


@dataclass(frozen=True)
class LedgerRow:
    """One data row: the cells under HEADER, and the light that colours the last cell."""

    cells: tuple
    light: str
    is_section = False


Row = SectionRow | LedgerRow


@dataclass
class Ledger:
    """What one export covers: its title lines, its rows and its per-unit summary."""

    title: str
    subtitle: str
    filename_stem: str
    window: LightWindow
    assignments: QuerySet[Assignment]
    row_source: Callable[[], Iterator[Row]]
    per_task: bool = True

    @property
    def generated_on(self) -> date:
        return self.window.today

    @property
    def heading(self) -> str:
        return f"{self.title}工作台账"

    def rows(self) -> Iterator[Row]:
        return self.row_source()

    def summary(self) -> list[dict]:
        return completion_by_unit(self.assignments, self.window)

    def summary_rows(self) -> Iterator[tuple]:
        for n, row in enumerate(self.summary(), 1):
            yield (
                n, row["unit__short_name"] or row["unit__name"], row["total"], row["completed"], row["on_time"],
                row["late"], row["overdue"], row["due_soon"], f"{row['rate']}%",
            )


# --- cell text -------------------------------------------------------------------------------


def _day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.isoformat()


def deadline_text(phrase: str, due_on: date | None, provisional: bool) -> str:
    lines = [phrase] if phrase else []
    if due_on:
        lines.append(_day(due_on) + ("（暂定）" if provisional else ""))
    return "\n".join(lines)


def unit_label(assignment: Assignment) -> str:
    return assignment.unit.display_name + ROLE_SUFFIX.get(assignment.role, "")


def status_text(assignment: Assignment) -> str:
    label = STATUS_LABELS.get(assignment.status, assignment.status)
    if assignment.status in (Status.IN_PROGRESS, Status.SUBMITTED, Status.RETURNED) and assignment.percent:
        label += f" {assignment.percent}%"
    return label


def progress_text(assignment: Assignment) -> str:
    """The latest accepted report and its date (annotated by assignment_rows)."""
    text = getattr(assignment, "accepted_text", None)
    if not text:
        return ""
    return f"{text}（{_day(assignment.accepted_at)}）"


def task_light(lights: Iterable[str]) -> str:
    """A task's light from its units': done when all are done (late if any was), else the worst."""
    lights = list(lights)
    if not lights:
        return Light.GREY
    open_lights = [light for light in lights if light not in (Light.DONE, Light.DONE_LATE)]
    if not open_lights:
        return Light.DONE_LATE if Light.DONE_LATE in lights else Light.DONE
    return min(open_lights, key=lambda light: _OPEN_LIGHT_RANK.get(light, 9))


def split_section_path(task: Task) -> tuple[str, str]:
    """(top-level section, the rest of the path and the task heading) for the 工作任务 column."""
    path = [str(part) for part in (task.section_path or []) if part]
    if not path and task.section_id:
        path = [str(task.section)]
    top = path[0] if path else ""
    rest = path[1:]
    # The importer's heading is usually the innermost section title without its label.
    if task.heading and not any(task.heading in part for part in path):
        rest.append(task.heading)
    return top, "\n".join(rest) or top


def _per_unit_lines(assignments: list[Assignment], text: Callable[[Assignment], str], *, same_once=False) -> str:
    """One line per unit; just the text when the task has a single unit (or, with ``same_once``,
    when every unit's text is the same, e.g. all 未开始)."""
    if len(assignments) == 1:
        return text(assignments[0])
    if same_once and assignments and len({text(a) for a in assignments}) == 1:
        return text(assignments[0])
    lines = []
    for assignment in assignments:
        value = text(assignment)
        if value:
            lines.append(f"{assignment.unit.display_name}：{value}")
    return "\n".join(lines)


# --- document ledger: one row per task ----------------------------------------------------------


def task_row(number: int, task: Task, assignments: list[Assignment]) -> LedgerRow:
    _, path = split_section_path(task)
    return LedgerRow(
        cells=(
            number,
            path,
            task.text,
            "\n".join(unit_label(a) for a in assignments),
            deadline_text(task.deadline_phrase, task.due_on, task.due_provisional),
            _per_unit_lines(assignments, progress_text),
            _per_unit_lines(assignments, status_text, same_once=True),
            None,  # filled below from the light
        ),
        light=task_light(a.light for a in assignments),
    )


def _with_light_label(row: LedgerRow) -> LedgerRow:
    return LedgerRow(cells=row.cells[:-1] + (LIGHT_LABELS.get(row.light, row.light),), light=row.light)


def document_rows(*, document: Document, access: Access, window: LightWindow) -> Iterator[Row]:
    assignments = (
        assignment_rows(scopes.document_assignments(document=document, access=access), window)
        .annotate(role_rank=scopes.ROLE_RANK)
        .order_by("role_rank", "unit__order", "unit_id")
    )
    tasks = (
        scopes.document_tasks(document=document, access=access)
        .select_related("section")
        .prefetch_related(Prefetch("assignments", queryset=assignments, to_attr="ledger_assignments"))
    )
    current = None
    for number, task in enumerate(tasks.iterator(chunk_size=CHUNK_SIZE), 1):
        top, _ = split_section_path(task)
        if top and top != current:
            current = top
            yield SectionRow(top)
        yield _with_light_label(task_row(number, task, task.ledger_assignments))


def document_ledger(*, document: Document, access: Access, window: LightWindow) -> Ledger:
    subtitle = "　".join(part for part in (document.doc_number, document.issuer) if part)
    return Ledger(
        title=document.title,
        subtitle=subtitle,
        filename_stem=f"{document.title}工作台账",
        window=window,
        assignments=scopes.document_assignments(document=document, access=access),
        row_source=lambda: document_rows(document=document, access=access, window=window),
    )


# --- unit and list ledgers: one row per assignment ----------------------------------------------


def assignment_row(number: int, assignment: Assignment) -> LedgerRow:
    task = assignment.task
    top, rest = split_section_path(task)
    # No section row per part here (those are the documents), so the path starts at the top.
    path = top if rest == top else "\n".join(part for part in (top, rest) if part)
    return LedgerRow(
        cells=(
            number,
            path,
            task.text,
            unit_label(assignment),
            deadline_text(task.deadline_phrase, assignment.due_on, assignment.due_provisional),
            progress_text(assignment),
            status_text(assignment),
            LIGHT_LABELS.get(assignment.light, assignment.light),
        ),
        light=assignment.light,
    )


def assignment_ledger_rows(qs: QuerySet[Assignment], window: LightWindow) -> Iterator[Row]:
    rows = (
        assignment_rows(qs, window)
        .annotate(role_rank=scopes.ROLE_RANK)
        .order_by(*scopes.ASSIGNMENT_LEDGER_ORDER)
    )
    current = None
    for number, assignment in enumerate(rows.iterator(chunk_size=CHUNK_SIZE), 1):
        document = assignment.task.document
        if document.pk != current:
            current = document.pk
            yield SectionRow(str(document))
        yield assignment_row(number, assignment)


def unit_ledger(*, unit: Unit, access: Access, window: LightWindow, document: Document | None = None) -> Ledger:
    qs = scopes.unit_assignments(unit=unit, access=access, document=document)
    title = f"{document.title}·{unit.display_name}" if document else unit.display_name
    return Ledger(
        title=title,
        subtitle=str(document) if document else "",
        filename_stem=f"{title}工作台账",
        window=window,
        assignments=qs,
        row_source=lambda: assignment_ledger_rows(qs, window),
        per_task=False,
    )


def list_ledger(*, access: Access, filters: scopes.ListFilters, window: LightWindow) -> Ledger:
    qs = scopes.filtered_assignments(access=access, filters=filters, window=window)
    return Ledger(
        title="",
        subtitle="筛选条件：" + filters.describe(),
        filename_stem="工作台账",
        window=window,
        assignments=qs,
        row_source=lambda: assignment_ledger_rows(qs, window),
        per_task=False,
    )
