"""Reads behind the portal's lists and dashboards; each a fixed number of queries.

Builds on tasks.selectors.assignments (lights, counts, completion) with what only the portal
pages need: a sortable light rank, the "due this week" strip, the unit × section light matrix,
on-time rates per year, per-jurisdiction summaries and the document list.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from tasks.models import Assignment, Document, Light, Section, Status
from tasks.selectors.assignments import (
    LightWindow,
    assignment_rows,
    completion_by_section,
    completion_by_unit,
    light_counts,
    with_light,
)

# Worst first: the order lists are sorted in and the colour a matrix cell takes.
LIGHT_SEVERITY = [Light.RED, Light.YELLOW, Light.GREEN, Light.GREY, Light.DONE_LATE, Light.DONE]


def with_light_rank(qs: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """Add ``light_rank`` (0 = overdue … 5 = done on time) to a queryset that has ``light``."""
    return qs.annotate(
        light_rank=Case(
            *[When(light=light, then=Value(rank)) for rank, light in enumerate(LIGHT_SEVERITY)],
            default=Value(len(LIGHT_SEVERITY)),
            output_field=IntegerField(),
        )
    )


def list_rows(qs: QuerySet[Assignment], window: LightWindow) -> QuerySet[Assignment]:
    """Rows for an assignment table: everything shown plus the sortable light rank."""
    return with_light_rank(assignment_rows(qs, window))


def due_this_week(qs: QuerySet[Assignment], window: LightWindow, *, limit: int = 12) -> list[Assignment]:
    """Open assignments due from today to the end of this calendar week (Sunday)."""
    end = window.today + timedelta(days=6 - window.today.weekday())
    rows = (
        with_light(qs, window)
        .filter(due_on__gte=window.today, due_on__lte=end)
        .exclude(status=Status.COMPLETED)
        .select_related("task__document", "unit__parent")
        .order_by("due_on", "pk")
    )
    return list(rows[:limit])


def overdue(qs: QuerySet[Assignment], window: LightWindow, *, limit: int = 50) -> list[Assignment]:
    rows = (
        with_light(qs, window)
        .filter(light=Light.RED)
        .select_related("task__document", "task__section", "unit__parent")
        .order_by("due_on", "unit__order", "pk")
    )
    return list(rows[:limit])


def _cell_light(row: dict) -> str:
    for light in LIGHT_SEVERITY:
        if row[light]:
            if light in (Light.DONE_LATE, Light.DONE) and (row["total"] != row["done"] + row["done_late"]):
                continue
            return light
    return Light.GREY


def unit_section_matrix(qs: QuerySet[Assignment], window: LightWindow) -> dict:
    """A unit × section table of lights in one query; a cell shows the worst light in it.

    Returns ``{"sections": [{id, label, title}], "rows": [{unit_id, name, cells: [cell|None]}]}``.
    """
    counts = {light: Count("pk", filter=Q(light=light)) for light in LIGHT_SEVERITY}
    data = list(
        with_light(qs.order_by(), window)
        .values(
            "unit_id", "unit__name", "unit__short_name", "unit__order",
            "task__section_id", "task__section__label", "task__section__title", "task__section__order",
            "task__section__parent__label", "task__document_id",
        )
        .annotate(total=Count("pk"), **counts)
    )
    sections: dict = {}
    units: dict = {}
    for row in data:
        key = (row["task__document_id"], row["task__section__order"] or 0, row["task__section_id"] or 0)
        sections.setdefault(key, {
            "id": row["task__section_id"],
            "label": (row["task__section__parent__label"] or "") + (row["task__section__label"] or "—"),
            "title": row["task__section__title"] or "",
        })
        unit = units.setdefault(row["unit_id"], {
            "unit_id": row["unit_id"],
            "name": row["unit__short_name"] or row["unit__name"],
            "order": (row["unit__order"], row["unit__name"]),
            "cells": {},
        })
        unit["cells"][key] = {"light": _cell_light(row), "total": row["total"],
                              "done": row[Light.DONE] + row[Light.DONE_LATE], "red": row[Light.RED]}
    keys = sorted(sections)
    rows = sorted(units.values(), key=lambda u: u["order"])
    for unit in rows:
        unit["cells"] = [unit["cells"].get(k) for k in keys]
    return {"sections": [sections[k] for k in keys], "rows": rows}


def unit_ranking(by_unit: list[dict]) -> list[dict]:
    """Units ordered by on-time completion rate, then completion rate, then fewest overdue."""
    return sorted(by_unit, key=lambda r: (-r["on_time_rate"], -r["rate"], r["overdue"], r["unit__order"]))


def on_time_by_year(qs: QuerySet[Assignment], window: LightWindow) -> list[dict]:
    """A unit's record per document year: totals, completed on time / late, overdue, rates."""
    rows = list(
        with_light(qs.order_by(), window)
        .values("task__document__year")
        .annotate(
            total=Count("pk"),
            on_time=Count("pk", filter=Q(light=Light.DONE)),
            late=Count("pk", filter=Q(light=Light.DONE_LATE)),
            overdue=Count("pk", filter=Q(light=Light.RED)),
        )
        .order_by("-task__document__year")
    )
    for row in rows:
        completed = row["on_time"] + row["late"]
        row["year"] = row["task__document__year"]
        row["rate"] = round(100 * completed / row["total"]) if row["total"] else 0
        row["on_time_rate"] = round(100 * row["on_time"] / completed) if completed else None
    return rows


def jurisdiction_summaries(qs: QuerySet[Assignment], window: LightWindow) -> list[dict]:
    """One row per jurisdiction: total, completed, overdue, due soon, rate."""
    rows = list(
        with_light(qs.order_by(), window)
        .values("task__document__jurisdiction_id", "task__document__jurisdiction__name",
                "task__document__jurisdiction__order")
        .annotate(
            total=Count("pk"),
            completed=Count("pk", filter=Q(status=Status.COMPLETED)),
            on_time=Count("pk", filter=Q(light=Light.DONE)),
            overdue=Count("pk", filter=Q(light=Light.RED)),
            due_soon=Count("pk", filter=Q(light=Light.YELLOW)),
        )
        .order_by("task__document__jurisdiction__order", "task__document__jurisdiction__name")
    )
    for row in rows:
        row["id"] = row["task__document__jurisdiction_id"]
        row["name"] = row["task__document__jurisdiction__name"]
        row["rate"] = round(100 * row["completed"] / row["total"]) if row["total"] else 0
    return rows


def documents_with_progress(qs: QuerySet[Document], window: LightWindow) -> QuerySet[Document]:
    """Documents with task and assignment counts (one query when evaluated)."""
    return qs.select_related("jurisdiction").annotate(
        task_count=Count("tasks", distinct=True),
        assignment_count=Count("tasks__assignments", distinct=True),
        completed_count=Count("tasks__assignments", filter=Q(tasks__assignments__status=Status.COMPLETED),
                              distinct=True),
        overdue_count=Count(
            "tasks__assignments",
            filter=Q(tasks__assignments__due_on__lt=window.today)
            & ~Q(tasks__assignments__status=Status.COMPLETED),
            distinct=True,
        ),
    )


def document_outline(document: Document, window: LightWindow, *, assignments: QuerySet[Assignment]) -> list[dict]:
    """Sections in order, each with its tasks and each task's units and lights (three queries)."""
    sections = list(Section.objects.filter(document=document).order_by("order", "pk"))
    tasks = list(document.tasks.order_by("order", "pk"))
    by_task: dict[int, list] = {}
    for a in with_light(assignments, window).select_related("unit__parent").order_by("role", "unit__order"):
        by_task.setdefault(a.task_id, []).append(a)
    for task in tasks:
        task.unit_rows = by_task.get(task.pk, [])
    by_section: dict = {}
    for task in tasks:
        by_section.setdefault(task.section_id, []).append(task)
    outline = [{"section": None, "tasks": by_section.pop(None)}] if None in by_section else []
    for section in sections:
        outline.append({"section": section, "tasks": by_section.get(section.pk, [])})
    return outline


def section_names(section_ids) -> dict[int, str]:
    """Full names of sections, with the parent's label so that 一（一） and 二（一） differ (one query)."""
    names = {}
    for section in Section.objects.filter(pk__in=[i for i in section_ids if i]).select_related("parent"):
        prefix = section.parent.label if section.parent_id else ""
        names[section.pk] = f"{prefix}{section.label}{section.title}"
    return names


def dashboard(qs: QuerySet[Assignment], window: LightWindow, *, with_matrix: bool) -> dict:
    """Everything the overview widgets show for a set of assignments (five or six queries)."""
    by_unit = completion_by_unit(qs, window)
    result = {
        "counts": light_counts(qs, window),
        "by_section": completion_by_section(qs, window),
        "by_unit": by_unit,
        "ranking": unit_ranking(by_unit),
        "overdue": overdue(qs, window),
    }
    result["section_names"] = section_names(row["task__section_id"] for row in result["by_section"])
    if with_matrix:
        result["matrix"] = unit_section_matrix(qs, window)
    return result


__all__ = [
    "LIGHT_SEVERITY",
    "dashboard",
    "document_outline",
    "documents_with_progress",
    "due_this_week",
    "jurisdiction_summaries",
    "list_rows",
    "on_time_by_year",
    "overdue",
    "section_names",
    "unit_ranking",
    "unit_section_matrix",
    "with_light_rank",
]
