"""Ledger rows built from the shared selectors; every format (XLSX, CSV, PDF) writes these rows.

Two shapes, one header:

- the **document ledger** has one row per task with all its units in the cell, one line each
  (lead marked 牵头), the way the annex tables of the seed documents list them, and a section row
  (the top-level heading) before each part; tasks no unit is assigned to yet are listed too;
- the **unit and list ledgers** have one row per assignment (task × unit): each unit has its own
  status, due date, progress and light, so a row per task would have to merge what differs, and a
  filter by status or light selects assignments, not tasks. Their section rows are the documents.

The ledger's words (headers, status and light names) are the Chinese of the official 工作台账
format, whatever the interface language: the file is a government record, not a page.

Rows are read with ``.values()`` and ``.iterator(chunk_size=CHUNK_SIZE)`` and produced lazily, so
memory stays at about two chunks whatever the size of the ledger (see bench/bench_exports.py).
Each unit's latest accepted report is read once per chunk (``with_accepted``), not as two
correlated subqueries per row, which the database ran for every assignment of the ledger.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice

from django.db.models import F, QuerySet
from django.utils import timezone

from tasks.access import Access
from tasks.exports import scopes
from tasks.exports.cells import (
    ASSIGNMENT_FIELDS,
    ASSIGNMENT_VALUES,
    LIGHT_LABELS,
    STATUS_LABELS,
    deadline_text,
    full_section_path,
    light_label,
    per_unit_lines,
    progress_text,
    split_section_path,
    status_text,
    task_light,
    task_values,
    unit_label,
)
from tasks.models import Assignment, Document, ProgressReport
from tasks.selectors.assignments import LightWindow, completion_by_unit, with_light
from units.models import Unit

__all__ = ["HEADER", "LIGHT_LABELS", "STATUS_LABELS", "Ledger", "LedgerRow", "SectionRow"]

CHUNK_SIZE = 2000

HEADER = ("序号", "工作任务", "具体要求", "责任单位", "完成时限", "进展情况", "完成状态", "信号灯")
SUMMARY_HEADER = ("序号", "责任单位", "任务数", "已完成", "按时完成", "逾期完成", "已逾期", "即将到期", "完成率")


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
    # How many data rows ``rows()`` yields (one COUNT); by default one per assignment.
    counter: Callable[[], int] | None = None

    @property
    def generated_on(self) -> date:
        return self.window.today

    @property
    def heading(self) -> str:
        return f"{self.title}工作台账"

    def rows(self) -> Iterator[Row]:
        return self.row_source()

    def row_count(self) -> int:
        return self.counter() if self.counter is not None else self.assignments.count()

    def summary(self) -> list[dict]:
        return completion_by_unit(self.assignments, self.window)

    def summary_rows(self) -> Iterator[tuple]:
        for n, row in enumerate(self.summary(), 1):
            yield (
                n, row["unit__short_name"] or row["unit__name"], row["total"], row["completed"], row["on_time"],
                row["late"], row["overdue"], row["due_soon"], f"{row['rate']}%",
            )


# --- document ledger: one row per task ----------------------------------------------------------


def task_row(number: int, task: dict, assignments: list[dict]) -> LedgerRow:
    _, path = split_section_path(task)
    light = task_light(a["light"] for a in assignments)
    return LedgerRow(
        cells=(
            number,
            path,
            task["task_text"],
            "\n".join(unit_label(a) for a in assignments),
            deadline_text(task["task_phrase"], task["task_due_on"], task["task_due_provisional"]),
            per_unit_lines(assignments, progress_text),
            per_unit_lines(assignments, status_text, same_once=True),
            light_label(light),
        ),
        light=light,
    )


def _chunks(iterable, size: int) -> Iterator[list]:
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


# What an assignment row reads itself; ``with_accepted`` adds accepted_text and accepted_at.
ROW_FIELDS = tuple(name for name in ASSIGNMENT_FIELDS if name not in ("accepted_text", "accepted_at"))


def with_accepted(rows: list[dict]) -> list[dict]:
    """Fill ``accepted_text`` / ``accepted_at`` of assignment value dicts (with ``id``) from each
    one's latest accepted report, in one query for the whole list; ``accepted_at`` is the day it
    was written, in the portal's time zone (what the ledger shows)."""
    latest: dict[int, tuple] = {}
    reports = (
        ProgressReport.objects.filter(assignment_id__in=[a["id"] for a in rows], state=ProgressReport.State.ACCEPTED)
        .order_by("assignment_id", "created_at", "pk")
        .values_list("assignment_id", "text", "created_at")
    )
    here = timezone.get_current_timezone()  # once per chunk: timezone.localtime per row cost more
    for assignment_id, text, created_at in reports:
        latest[assignment_id] = (text, created_at.astimezone(here).date())  # ascending: the last one wins
    for a in rows:
        a["accepted_text"], a["accepted_at"] = latest.get(a["id"], (None, None))
    return rows


def document_rows(*, document: Document, access: Access, window: LightWindow) -> Iterator[Row]:
    """Tasks in document order, each with its visible assignments (two queries per chunk of tasks)."""
    tasks = scopes.document_tasks(document=document, access=access).values("id", **task_values())
    assignments = (
        with_light(scopes.document_assignments(document=document, access=access), window)
        .annotate(role_rank=scopes.ROLE_RANK)
        .order_by("task_id", "role_rank", "unit__order", "unit_id")
        .values("id", *ROW_FIELDS, **ASSIGNMENT_VALUES)
    )
    current, number = None, 0
    for chunk in _chunks(tasks.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE):
        by_task = defaultdict(list)
        for a in with_accepted(list(assignments.filter(task_id__in=[t["id"] for t in chunk]))):
            by_task[a["task_id"]].append(a)
        for task in chunk:
            top, _ = split_section_path(task)
            if top and top != current:
                current = top
                yield SectionRow(top)
            number += 1
            yield task_row(number, task, by_task[task["id"]])


def document_ledger(*, document: Document, access: Access, window: LightWindow) -> Ledger:
    subtitle = "　".join(part for part in (document.doc_number, document.issuer) if part)
    return Ledger(
        title=document.title,
        subtitle=subtitle,
        filename_stem=f"{document.title}工作台账",
        window=window,
        assignments=scopes.document_assignments(document=document, access=access),
        row_source=lambda: document_rows(document=document, access=access, window=window),
        counter=lambda: scopes.document_tasks(document=document, access=access).count(),
    )


# --- unit and list ledgers: one row per assignment ----------------------------------------------


def assignment_row(number: int, a: dict, *, path: str | None = None) -> LedgerRow:
    """One assignment's row; ``path`` is its task's ``full_section_path`` when already known."""
    return LedgerRow(
        cells=(
            number,
            full_section_path(a) if path is None else path,  # no section row per part (those are the documents)
            a["task_text"],
            unit_label(a),
            deadline_text(a["task_phrase"], a["due_on"], a["due_provisional"]),
            progress_text(a),
            status_text(a),
            light_label(a["light"]),
        ),
        light=a["light"],
    )


# The task's own due date is not shown on a unit's row (the unit's effective one is).
PER_ASSIGNMENT_TASK_VALUES = {
    key: value for key, value in task_values("task__").items() if key not in ("task_due_on", "task_due_provisional")
}


def assignment_ledger_rows(qs: QuerySet[Assignment], window: LightWindow) -> Iterator[Row]:
    rows = (
        with_light(qs, window)
        .annotate(role_rank=scopes.ROLE_RANK)
        .order_by(*scopes.ASSIGNMENT_LEDGER_ORDER)
        .values(
            "id", "document_id", *ROW_FIELDS, **ASSIGNMENT_VALUES, **PER_ASSIGNMENT_TASK_VALUES,
            document_title=F("task__document__title"),
            document_number=F("task__document__doc_number"),
        )
    )
    current, number, task_id, path = None, 0, None, ""
    for chunk in _chunks(rows.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE):
        for a in with_accepted(chunk):
            number += 1
            if a["document_id"] != current:
                current = a["document_id"]
                title, doc_number = a["document_title"], a["document_number"]
                yield SectionRow(f"{title}（{doc_number}）" if doc_number else title)  # as str(Document)
            if a["task_id"] != task_id:  # a task's units come one after another
                task_id, path = a["task_id"], full_section_path(a)
            yield assignment_row(number, a, path=path)


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


def list_ledger(*, scope: scopes.ListScope) -> Ledger:
    """The ledger of a filtered list (``scopes.list_export_scope``, which must be ``ok``)."""
    qs, window = scope.assignments, scope.window
    return Ledger(
        title="",
        subtitle="筛选条件：" + scope.description,
        filename_stem="工作台账",
        window=window,
        assignments=qs,
        row_source=lambda: assignment_ledger_rows(qs, window),
        per_task=False,
    )
