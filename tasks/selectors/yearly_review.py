"""Reads for the year-over-year review (回头看): a past document's tasks with their final state,
what was carried into later documents, and each unit's record year by year.

Every function runs a fixed number of queries whatever the number of tasks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from tasks.models import Assignment, Document, Light, Role, Task
from tasks.selectors.assignments import LightWindow, with_light
from units.display import nested_unit_name

# A task's final state, from its units' lights.
TASK_DONE = "done"  # every unit completed on time
TASK_DONE_LATE = "done_late"  # every unit completed, at least one late
TASK_OVERDUE = "overdue"  # at least one unit not completed and past due
TASK_OPEN = "open"  # not completed, not past due (or no due date)
TASK_UNASSIGNED = "unassigned"  # no unit was ever assigned

# The completed states read as the completed lights (one home: tasks.models.choices.Light).
TASK_STATE_LABELS = {
    TASK_DONE: Light.DONE.label,
    TASK_DONE_LATE: Light.DONE_LATE.label,
    TASK_OVERDUE: _("Not completed, overdue"),
    TASK_OPEN: _("Not completed"),
    TASK_UNASSIGNED: _("No unit assigned"),
}
UNIT_STATE_LABELS = {
    Light.DONE: Light.DONE.label,
    Light.DONE_LATE: Light.DONE_LATE.label,
    Light.RED: _("Not completed, overdue"),
    Light.YELLOW: _("Not completed, not yet due"),
    Light.GREEN: _("Not completed, not yet due"),
    Light.GREY: _("Not completed, no deadline"),
}
_STATE_ORDER = [Light.RED, Light.GREY, Light.GREEN, Light.DONE_LATE, Light.DONE]
_ROLE_ORDER = {Role.LEAD: 0, Role.RESPONSIBLE: 1, Role.COOPERATING: 2}

# The source section of carried-over tasks in the target document (a document heading, not UI text).
CARRY_OVER_SECTION_TITLE = "上年度未完成任务"


def final_window(on: date) -> LightWindow:
    """Judge final states on a day; "due soon" has no meaning in a look back, so no calendar is read."""
    return LightWindow(today=on, soon_until=on)


@dataclass
class ReviewUnit:
    unit_id: int
    name: str
    role: str
    state: str  # a Light value
    due_on: date | None
    completed_on: date | None

    @property
    def state_label(self) -> str:
        return str(UNIT_STATE_LABELS.get(self.state, self.state))

    @property
    def is_finished_on_time(self) -> bool:
        return self.state == Light.DONE


@dataclass
class CarriedCopy:
    task_id: int
    document_id: int
    document_label: str


@dataclass
class ReviewTask:
    id: int
    number: str
    heading: str
    text: str
    section_path: list
    deadline_phrase: str
    due_on: date | None
    units: list[ReviewUnit] = field(default_factory=list)
    carried_into: list[CarriedCopy] = field(default_factory=list)

    @property
    def state(self) -> str:
        if not self.units:
            return TASK_UNASSIGNED
        lights = {unit.state for unit in self.units}
        if lights <= {Light.DONE}:
            return TASK_DONE
        if lights <= {Light.DONE, Light.DONE_LATE}:
            return TASK_DONE_LATE
        if Light.RED in lights:
            return TASK_OVERDUE
        return TASK_OPEN

    @property
    def state_label(self) -> str:
        return str(TASK_STATE_LABELS[self.state])

    @property
    def is_unfinished(self) -> bool:
        """Not completed by every unit, or completed late: what the look back is about."""
        return self.state != TASK_DONE

    @property
    def units_by_state(self) -> list[dict]:
        """The units grouped by final state, worst first: [{state, label, units: [ReviewUnit]}]."""
        groups: dict[str, list[ReviewUnit]] = {}
        for unit in self.units:
            # Due soon and on track read the same in a look back: not completed, not yet due.
            state = Light.GREEN if unit.state == Light.YELLOW else unit.state
            groups.setdefault(state, []).append(unit)
        return [
            {"state": state, "label": str(UNIT_STATE_LABELS[state]), "units": groups[state]}
            for state in _STATE_ORDER
            if state in groups
        ]

    @property
    def section_label(self) -> str:
        return " / ".join(str(part) for part in self.section_path) if self.section_path else ""


def _document_label(row_doc_number: str, row_title: str) -> str:
    return row_doc_number or row_title


def review_tasks(*, document: Document, on: date) -> list[ReviewTask]:
    """Every task of the document with each unit's final state and its carried copies (three queries)."""
    tasks = {
        row["id"]: ReviewTask(**row)
        for row in Task.objects.filter(document=document).order_by("order", "pk").values(
            "id", "number", "heading", "text", "section_path", "deadline_phrase", "due_on"
        )
    }
    rows = (
        with_light(Assignment.objects.filter(task__document=document).order_by(), final_window(on))
        .order_by("unit__order", "unit__name", "pk")
        .values("task_id", "unit_id", "role", "light", "due_on", "completed_on", "unit__name", "unit__short_name",
                "unit__parent__name", "unit__parent__short_name")
    )
    for row in rows:
        tasks[row["task_id"]].units.append(ReviewUnit(
            unit_id=row["unit_id"], role=row["role"], state=row["light"],
            due_on=row["due_on"], completed_on=row["completed_on"],
            name=nested_unit_name(row["unit__name"], row["unit__short_name"], row["unit__parent__name"],
                                  row["unit__parent__short_name"]),
        ))
    copies = (
        Task.objects.filter(origin__document=document)
        .order_by("document__year", "document_id", "pk")
        .values("id", "origin_id", "document_id", "document__doc_number", "document__title")
    )
    for row in copies:
        tasks[row["origin_id"]].carried_into.append(CarriedCopy(
            task_id=row["id"], document_id=row["document_id"],
            document_label=_document_label(row["document__doc_number"], row["document__title"]),
        ))
    for task in tasks.values():
        task.units.sort(key=lambda unit: _ROLE_ORDER.get(unit.role, 9))
    return list(tasks.values())


def review_summary(tasks: list[ReviewTask]) -> dict[str, int]:
    counts = dict.fromkeys(TASK_STATE_LABELS, 0)
    for task in tasks:
        counts[task.state] += 1
    counts["total"] = len(tasks)
    counts["unfinished"] = counts["total"] - counts[TASK_DONE]
    counts["carried"] = sum(1 for task in tasks if task.carried_into)
    return counts


def unfinished_by_unit(tasks: list[ReviewTask]) -> list[dict]:
    """Per unit: the tasks it did not complete and those it completed late (in document order)."""
    units: dict[int, dict] = {}
    for task in tasks:
        for unit in task.units:
            if unit.is_finished_on_time:
                continue
            entry = units.setdefault(unit.unit_id, {"unit_id": unit.unit_id, "name": unit.name, "not_completed": [],
                                                    "late": []})
            (entry["late"] if unit.state == Light.DONE_LATE else entry["not_completed"]).append(task)
    return sorted(units.values(), key=lambda e: (-len(e["not_completed"]), -len(e["late"]), e["name"]))


def carry_over_targets(*, document: Document):
    """Documents of the same jurisdiction a task may be carried into: later ones first, never itself."""
    qs = Document.objects.filter(jurisdiction_id=document.jurisdiction_id).exclude(pk=document.pk)
    if document.year:
        qs = qs.filter(Q(year__gt=document.year) | Q(year__isnull=True))
    return qs.order_by("-year", "-issued_on", "pk")


def documents_by_year(*, jurisdiction_id: int) -> list[tuple[int | None, list[dict]]]:
    """The jurisdiction's documents grouped by year, newest first, with task counts (one query)."""
    rows = (
        Document.objects.filter(jurisdiction_id=jurisdiction_id)
        .annotate(n_tasks=Count("tasks"))
        .order_by("-year", "-issued_on", "pk")
        .values("id", "title", "doc_number", "year", "issued_on", "n_tasks")
    )
    groups: list[tuple[int | None, list[dict]]] = []
    for row in rows:
        if not groups or groups[-1][0] != row["year"]:
            groups.append((row["year"], []))
        groups[-1][1].append(row)
    return groups


@dataclass
class YearRecord:
    total: int = 0
    completed: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0

    @property
    def decided(self) -> int:
        """Assignments whose outcome is known: completed, or past due without completion."""
        return self.completed + self.overdue

    @property
    def on_time_rate(self) -> int | None:
        """Completed on time ÷ (completed + overdue); None while nothing is decided yet."""
        return round(100 * self.on_time / self.decided) if self.decided else None


def unit_records_by_year(*, jurisdiction_id: int, on: date, years: list[int] | None = None) -> tuple[list[int], list]:
    """Each unit's record per document year, side by side (one query).

    Returns (years ascending, rows) where each row is {"unit_id", "name", "cells": [YearRecord | None per year]}.
    """
    qs = Assignment.objects.filter(task__document__jurisdiction_id=jurisdiction_id, task__document__year__isnull=False)
    if years:
        qs = qs.filter(task__document__year__in=years)
    rows = (
        with_light(qs.order_by(), final_window(on))
        .values("unit_id", "unit__name", "unit__short_name", "unit__order", "task__document__year")
        .annotate(
            total=Count("pk"),
            completed=Count("pk", filter=Q(light__in=[Light.DONE, Light.DONE_LATE])),
            on_time=Count("pk", filter=Q(light=Light.DONE)),
            late=Count("pk", filter=Q(light=Light.DONE_LATE)),
            overdue=Count("pk", filter=Q(light=Light.RED)),
        )
        .order_by("unit__order", "unit__name", "task__document__year")
    )
    all_years: set[int] = set()
    units: dict[int, dict] = {}
    records: dict[tuple[int, int], YearRecord] = {}
    for row in rows:
        year = row["task__document__year"]
        all_years.add(year)
        name = row["unit__short_name"] or row["unit__name"]
        units.setdefault(row["unit_id"], {"unit_id": row["unit_id"], "name": name})
        records[(row["unit_id"], year)] = YearRecord(
            total=row["total"], completed=row["completed"], on_time=row["on_time"], late=row["late"],
            overdue=row["overdue"],
        )
    ordered_years = sorted(all_years)
    out = []
    for unit_id, unit in units.items():
        cells = [records.get((unit_id, year)) for year in ordered_years]
        out.append({**unit, "cells": cells})
    return ordered_years, out
