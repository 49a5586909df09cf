"""Reads behind the portal's lists and dashboards; each a fixed number of queries.

Builds on tasks.selectors.assignments (lights, counts, completion) with what only the portal
pages need: an index-friendly light order, pages of rows, the "due this week" strip, the unit ×
section light matrix of one document, on-time rates per year, per-jurisdiction summaries and the
document list. A jurisdiction's overview (by unit, by document, unit × document) comes from
tasks.selectors.tallies in one grouped query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, QuerySet
from django.urls import reverse

from tasks.caching import ReadScope, cached
from tasks.models import Assignment, Document, Light, Section, Status
from tasks.selectors.assignments import (
    LightWindow,
    completion_by_section,
    completion_by_unit,
    light_counts,
    with_light,
)
from tasks.selectors.tallies import LIGHT_SEVERITY, cell_light, jurisdiction_board
from units.display import nested_unit_name
from units.models import Unit


def light_ordering(*, descending: bool = False) -> list:
    """ORDER BY keys that give the light order without computing the light.

    For open assignments the light order (red < yellow < green < grey) *is* due-date order with
    the undated last, so "completed last, due_on NULLS LAST, pk" matches it and is plain columns
    (the ``(status, due_on)`` index), where ordering by a rank over the light CASE forces every row
    of the scope to be computed and sorted. Completed ones come last, by due date.
    """
    completed = ExpressionWrapper(Q(status=Status.COMPLETED), output_field=BooleanField())
    if descending:
        return [completed.desc(), F("due_on").desc(nulls_first=True), F("pk").desc()]
    return [completed.asc(), F("due_on").asc(nulls_last=True), F("pk").asc()]


def page_keys(qs: QuerySet[Assignment], *, order: list, offset: int, limit: int) -> list[int]:
    """The primary keys of one page of ``qs`` in ``order``."""
    return list(qs.order_by(*order).values_list("pk", flat=True)[offset:offset + limit])


# What a list row shows (tasks.tables.AssignmentTable's cells and cards): the other columns of the
# five tables are not read, nor turned into Python values (the task's JSON fields, timestamps).
ROW_FIELDS = (
    "role", "status", "percent", "due_on", "due_provisional", "last_reported_at", "task_id", "unit_id",
    "task__number", "task__heading", "task__text", "task__document_id",
    "task__document__title", "task__document__doc_number",
    "unit__name", "unit__short_name", "unit__parent_id", "unit__parent__name", "unit__parent__short_name",
)


def page_rows(qs: QuerySet[Assignment], window: LightWindow, *, order: list, offset: int, limit: int,
              keys: list[int] | None = None) -> list:
    """One page of list rows in two queries: the page's keys (``page_keys``, unless given), then
    what the rows show (``ROW_FIELDS`` of the task, document, unit, and the light) for those keys
    only, so that the joins are made for a page of rows instead of every row in scope."""
    if keys is None:
        keys = page_keys(qs, order=order, offset=offset, limit=limit)
    rows = with_light(Assignment.objects.filter(pk__in=keys).select_related("task__document", "unit__parent")
                      .only(*ROW_FIELDS).order_by(), window)
    found = {a.pk: a for a in rows}
    return [found[pk] for pk in keys if pk in found]


@dataclass(frozen=True)
class UnitBadge:
    """A unit of the liaison's own, as the home's header links to it."""

    pk: int
    display_name: str

    def get_absolute_url(self) -> str:
        return reverse("portal:unit_detail", args=[self.pk])


def unit_badges(access) -> list[UnitBadge]:
    """The user's own units, in their order. Kept until the registry changes: a unit's name is
    shared data of its jurisdiction (``tasks.caching``), which the units' reports do not move."""
    scope = ReadScope(("unit-badges", tuple(sorted(access.unit_ids))), jurisdictions=access.unit_jurisdictions,
                      units=())
    return cached("unit-badges", (scope,), lambda: [
        UnitBadge(pk=unit.pk, display_name=unit.display_name)
        for unit in Unit.objects.filter(pk__in=access.unit_ids).select_related("parent")
    ])


@dataclass(frozen=True)
class DueRow:
    """One card of the liaison home's "due this week" strip."""

    pk: int
    due_on: date
    light: str
    task_number: str
    task_title: str  # its heading, else its text

    def get_absolute_url(self) -> str:
        return reverse("portal:assignment_detail", args=[self.pk])


def due_this_week(qs: QuerySet[Assignment], window: LightWindow, *, limit: int = 12) -> list[DueRow]:
    """Open assignments due from today to the end of this calendar week (Sunday), as plain values."""
    end = window.today + timedelta(days=6 - window.today.weekday())
    rows = (
        with_light(qs, window)
        .filter(due_on__gte=window.today, due_on__lte=end)
        .exclude(status=Status.COMPLETED)
        .order_by("due_on", "pk")
        .values_list("pk", "due_on", "light", "task__number", "task__heading", "task__text")
    )
    return [DueRow(pk=pk, due_on=due_on, light=light, task_number=number, task_title=heading or text)
            for pk, due_on, light, number, heading, text in rows[:limit]]


@dataclass(frozen=True)
class OverdueRow:
    """One line of the overdue list: what the dashboards and the overview PDF show of it."""

    pk: int
    due_on: date
    unit: str  # as the documents write it (units.display.nested_unit_name)
    task_number: str
    task_title: str  # its heading, else its text
    document: str  # its number, else its title

    def get_absolute_url(self) -> str:
        return reverse("portal:assignment_detail", args=[self.pk])


OVERDUE_FIELDS = ("pk", "due_on", "unit__name", "unit__short_name", "unit__parent__name", "unit__parent__short_name",
                  "task__number", "task__heading", "task__text", "task__document__doc_number",
                  "task__document__title")


def overdue(qs: QuerySet[Assignment], window: LightWindow, *, limit: int = 50) -> list[OverdueRow]:
    """The oldest overdue assignments (red: open and due before today), filtered on plain columns
    so that the database need not compute the light of every row in scope, and read as plain
    values (model instances of four tables per row cost more than the query)."""
    order = ("due_on", "unit__order", "pk")
    # The first ``limit`` keys in a subquery, then their fields: the joins for the page only, in one
    # query whether or not anything is overdue.
    keys = qs.exclude(status=Status.COMPLETED).filter(due_on__lt=window.today).order_by(*order).values("pk")[:limit]
    rows = Assignment.objects.filter(pk__in=keys).order_by(*order).values_list(*OVERDUE_FIELDS)
    return [
        OverdueRow(pk=pk, due_on=due_on, unit=nested_unit_name(name, short, parent, parent_short), task_number=number,
                   task_title=heading or text, document=doc_number or title)
        for pk, due_on, name, short, parent, parent_short, number, heading, text, doc_number, title in rows
    ]


def _light_matrix(qs: QuerySet[Assignment], window: LightWindow, *, kind: str, fields: tuple, column) -> dict:
    """Unit × column lights in one query; ``column(row)`` gives ``(sort key, header dict)``."""
    counts = {light: Count("pk", filter=Q(light=light)) for light in LIGHT_SEVERITY}
    data = list(
        with_light(qs.order_by(), window)
        .values("unit_id", "unit__name", "unit__short_name", "unit__order", *fields)
        .annotate(total=Count("pk"), **counts)
    )
    columns: dict = {}
    units: dict = {}
    for row in data:
        key, header = column(row)
        columns.setdefault(key, header)
        unit = units.setdefault(row["unit_id"], {
            "unit_id": row["unit_id"],
            "name": row["unit__short_name"] or row["unit__name"],
            "order": (row["unit__order"], row["unit__name"]),
            "cells": {},
        })
        unit["cells"][key] = {"light": cell_light(row), "total": row["total"],
                              "done": row[Light.DONE] + row[Light.DONE_LATE], "red": row[Light.RED]}
    keys = sorted(columns)
    rows = sorted(units.values(), key=lambda u: u["order"])
    for unit in rows:
        unit["cells"] = [unit["cells"].get(k) for k in keys]
    return {"kind": kind, "sections": [columns[k] for k in keys], "rows": rows}


def unit_section_matrix(qs: QuerySet[Assignment], window: LightWindow) -> dict:
    """A unit × section table of lights (for one document); a cell shows the worst light in it.

    Returns ``{"kind": "section", "sections": [{id, label, title}], "rows": [{unit_id, name, cells: [cell|None]}]}``.
    """
    def column(row):
        key = (row["task__document_id"], row["task__section__order"] or 0, row["task__section_id"] or 0)
        return key, {
            "id": row["task__section_id"],
            "label": (row["task__section__parent__label"] or "") + (row["task__section__label"] or "—"),
            "title": row["task__section__title"] or "",
        }

    fields = ("task__section_id", "task__section__label", "task__section__title", "task__section__order",
              "task__section__parent__label", "task__document_id")
    return _light_matrix(qs, window, kind="section", fields=fields, column=column)


def jurisdiction_totals(by_document: list[dict]) -> dict[int, dict]:
    """Per jurisdiction id: total, completed, on_time, overdue, due_soon, rate (from the document rows)."""
    totals: dict[int, dict] = {}
    for row in by_document:
        counts = totals.setdefault(row["task__document__jurisdiction_id"],
                                   {"total": 0, "completed": 0, "on_time": 0, "overdue": 0, "due_soon": 0})
        counts["total"] += row["total"]
        counts["completed"] += row["completed"]
        counts["on_time"] += row[Light.DONE]
        counts["overdue"] += row[Light.RED]
        counts["due_soon"] += row[Light.YELLOW]
    for counts in totals.values():
        counts["rate"] = round(100 * counts["completed"] / counts["total"]) if counts["total"] else 0
    return totals


def is_ranked(by_unit: list[dict]) -> bool:
    """Whether ranking the units says anything: not while no unit has completed a task (every
    unit at 0% would be ordered by its overdue count and registry order, and read as a verdict)."""
    return any(r["rate"] or r["on_time_rate"] for r in by_unit)


def unit_ranking(by_unit: list[dict]) -> list[dict]:
    """Units ordered by on-time completion rate, then completion rate, mean progress, fewest
    overdue; in registry order, unranked, while :func:`is_ranked` is false."""
    if not is_ranked(by_unit):
        return by_unit
    return sorted(by_unit, key=lambda r: (-r["on_time_rate"], -r["rate"], -r.get("progress", 0), r["overdue"],
                                          r["unit__order"]))


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


def dashboard(qs: QuerySet[Assignment], window: LightWindow, *, with_matrix: bool, by: str = "section",
              scope: tuple | None = None) -> dict:
    """Everything the overview widgets show for a set of assignments (four to six queries).

    ``by="section"`` (one document's overview): completion and the matrix by section.
    ``by="document"`` (a jurisdiction or several): by document instead, one row per document and
    a link to its page, where the per-section view lives; grouping a whole jurisdiction by section
    gave thousands of rows (every section of every document). ``scope``, the read's cache key
    parts, lets the by-document tallies be kept per unit (``tallies.scope_tallies``).
    """
    if by == "document":  # by unit, by document, counts and matrix from one grouped query
        result = jurisdiction_board(qs, window, with_matrix=with_matrix, scope=scope)
        result.update(ranking=unit_ranking(result["by_unit"]), ranked=is_ranked(result["by_unit"]),
                      overdue=overdue(qs, window))
        return result
    by_unit = completion_by_unit(qs, window)
    result = {
        "by_unit": by_unit,
        "ranking": unit_ranking(by_unit),
        "ranked": is_ranked(by_unit),
        "overdue": overdue(qs, window),
    }
    result["counts"] = light_counts(qs, window)
    result["by_section"] = completion_by_section(qs, window)
    result["section_names"] = section_names(row["task__section_id"] for row in result["by_section"])
    if with_matrix:
        result["matrix"] = unit_section_matrix(qs, window)
    return result


__all__ = [
    "LIGHT_SEVERITY",
    "dashboard",
    "document_outline",
    "documents_with_progress",
    "DueRow",
    "UnitBadge",
    "due_this_week",
    "unit_badges",
    "jurisdiction_totals",
    "light_ordering",
    "on_time_by_year",
    "overdue",
    "OverdueRow",
    "page_keys",
    "page_rows",
    "section_names",
    "is_ranked",
    "unit_ranking",
    "unit_section_matrix",
]


def reports_waiting_query(access) -> QuerySet:
    """Reports waiting for review in the jurisdictions the user reads as staff (the review queue)."""
    from tasks.models import ProgressReport

    return ProgressReport.objects.filter(
        access.staff_jurisdiction_filter("assignment__"), state=ProgressReport.State.SUBMITTED
    )


def reports_waiting_count(access) -> int:
    """How many reports wait in the user's review queue: one COUNT per data version and scope
    (the 审核 menu's badge and the queue's paginator share it)."""
    return cached("reports-waiting", (access.read_scope,), lambda: reports_waiting_query(access).count())


def review_queue_keys(access) -> QuerySet:
    """The review queue's reports, oldest first (the order the queue's pages are cut from)."""
    return reports_waiting_query(access).order_by("created_at", "pk")


def review_queue_reports(access) -> QuerySet:
    """The review queue's reports, oldest first, with what its rows show."""
    return (
        review_queue_keys(access)
        .select_related("assignment__task__document", "assignment__unit__parent", "author", "period")
        .prefetch_related("attachments")
    )


def pending_extensions(access, *, limit: int = 100) -> list:
    """The oldest ``limit`` extension requests waiting in the jurisdictions the user reads as staff."""
    from tasks.models import ExtensionRequest

    return list(
        ExtensionRequest.objects.filter(access.staff_jurisdiction_filter("assignment__"),
                                        state=ExtensionRequest.State.PENDING)
        .select_related("assignment__task__document", "assignment__unit__parent", "requested_by")
        .order_by("created_at", "pk")[:limit]
    )


def cached_dashboard(scope: tuple, qs: QuerySet[Assignment], window: LightWindow, **options) -> dict:
    """:func:`dashboard` for ``qs`` (named by ``scope``, see tasks.caching), kept until its data changes."""
    return cached("dashboard", (scope, window, sorted(options.items())),
                  lambda: dashboard(qs, window, scope=scope, **options))
