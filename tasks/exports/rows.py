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
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice

from django.db.models import F, QuerySet

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
from tasks.models import Assignment, Document
from tasks.selectors.assignments import LightWindow, assignment_rows, completion_by_unit
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


def document_rows(*, document: Document, access: Access, window: LightWindow) -> Iterator[Row]:
    """Tasks in document order, each with its visible assignments (two queries per chunk of tasks)."""
    tasks = scopes.document_tasks(document=document, access=access).values("id", **task_values())
    assignments = (
        assignment_rows(scopes.document_assignments(document=document, access=access), window)
        .annotate(role_rank=scopes.ROLE_RANK)
        .order_by("task_id", "role_rank", "unit__order", "unit_id")
        .values(*ASSIGNMENT_FIELDS, **ASSIGNMENT_VALUES)
    )
    current, number = None, 0
    for chunk in _chunks(tasks.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE):
        by_task = defaultdict(list)
        for a in assignments.filter(task_id__in=[t["id"] for t in chunk]):
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
    )


# --- unit and list ledgers: one row per assignment ----------------------------------------------


def assignment_row(number: int, a: dict) -> LedgerRow:
    return LedgerRow(
        cells=(
            number,
            full_section_path(a),  # no section row per part here (those are the documents)
            a["task_text"],
            unit_label(a),
            deadline_text(a["task_phrase"], a["due_on"], a["due_provisional"]),
            progress_text(a),
            status_text(a),
            light_label(a["light"]),
        ),
        light=a["light"],
    )


def assignment_ledger_rows(qs: QuerySet[Assignment], window: LightWindow) -> Iterator[Row]:
    rows = (
        assignment_rows(qs, window)
        .annotate(role_rank=scopes.ROLE_RANK)
        .order_by(*scopes.ASSIGNMENT_LEDGER_ORDER)
        .values(
            *ASSIGNMENT_FIELDS, **ASSIGNMENT_VALUES, **task_values("task__"),
            document_id=F("task__document_id"), document_title=F("task__document__title"),
            document_number=F("task__document__doc_number"),
        )
    )
    current = None
    for number, a in enumerate(rows.iterator(chunk_size=CHUNK_SIZE), 1):
        if a["document_id"] != current:
            current = a["document_id"]
            title, doc_number = a["document_title"], a["document_number"]
            yield SectionRow(f"{title}（{doc_number}）" if doc_number else title)  # as str(Document)
        yield assignment_row(number, a)


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
