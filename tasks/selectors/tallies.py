"""Unit × document tallies: the overviews of one or several jurisdictions from one grouped query.

Completion by unit, completion by document, the unit × document matrix and the light counts all
count the same assignments by light and status; grouping once by (unit, document, light, status)
and summing in Python replaces a scan of the whole jurisdiction per widget. On SQLite, with the
``assignment_light_cover`` index, the query reads that index alone: about 145 ms at 98,846
assignments, where completion by unit and by document took about 310 ms each (bench/README.md).

``by_unit`` has the shape of ``completion_by_unit``; tests/test_selectors_tallies.py compares all
three with straightforward one-aggregate-per-widget versions.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, QuerySet, Sum

from tasks.models import Assignment, Document, Light
from tasks.selectors.assignments import LightWindow, count_group, with_light
from units.models import Unit

# Worst first: the order lists are sorted in and the colour a matrix cell takes.
LIGHT_SEVERITY = [Light.RED, Light.YELLOW, Light.GREEN, Light.GREY, Light.DONE_LATE, Light.DONE]
COUNT_KEYS = ("total", *(light.value for light in LIGHT_SEVERITY), "in_progress", "submitted", "not_started",
              "completed")


def cell_light(row: dict) -> str:
    """A matrix cell's colour: its worst open light, else done (late if any was)."""
    for light in LIGHT_SEVERITY:
        if row[light]:
            if light in (Light.DONE_LATE, Light.DONE) and (row["total"] != row["done"] + row["done_late"]):
                continue
            return light
    return Light.GREY


def document_label(row: dict) -> str:
    return row["task__document__doc_number"] or row["task__document__title"] or "—"


def descending_date(day) -> int:
    return -day.toordinal() if day else 0


def document_order(row: dict) -> tuple:
    """Newest document first: year, then issue date, then id."""
    return (-(row["task__document__year"] or 0), descending_date(row["task__document__issued_on"]),
            row["task__document_id"])


def tallies(qs: QuerySet[Assignment], window: LightWindow) -> list[tuple]:
    """``(unit_id, document_id, light, status, n, percent_sum)`` for the assignments of ``qs``
    (tuples: at 100,000 assignments there are some 12,000 of them)."""
    return list(
        with_light(qs.order_by(), window)
        .values_list("unit_id", "document_id", "light", "status")
        .annotate(n=Count("pk"), percent_sum=Sum("percent"))
        .order_by()
    )


def _new() -> dict:
    return dict.fromkeys((*COUNT_KEYS, "percent_sum"), 0)


def _add(counts: dict, light: str, status: str, n: int, percent_sum: int) -> None:
    count_group(counts, light, status, n)
    counts["percent_sum"] += percent_sum or 0


def _sums(rows: list[tuple], *, cells: bool) -> tuple[dict, dict, dict, dict]:
    """Per unit, per document, per (unit, document) when ``cells``, and in all: one pass."""
    per_unit: dict = defaultdict(_new)
    per_document: dict = defaultdict(_new)
    per_cell: dict = defaultdict(_new)
    total = _new()
    for unit_id, document_id, light, status, n, percent_sum in rows:
        _add(per_unit[unit_id], light, status, n, percent_sum)
        _add(per_document[document_id], light, status, n, percent_sum)
        _add(total, light, status, n, percent_sum)
        if cells:
            _add(per_cell[unit_id, document_id], light, status, n, percent_sum)
    for counts in (*per_unit.values(), *per_document.values(), *per_cell.values(), total):
        counts["completed"] = counts[Light.DONE] + counts[Light.DONE_LATE]
    for counts in (*per_document.values(), *per_cell.values(), total):
        del counts["percent_sum"]  # only the units' rows show a mean progress
    return per_unit, per_document, per_cell, total


def _rate(part: int, total: int) -> int:
    return round(100 * part / total) if total else 0


def _units(ids) -> dict[int, dict]:
    return {u["id"]: u for u in Unit.objects.filter(pk__in=list(ids)).values("id", "name", "short_name", "order")}


def _documents(ids) -> dict[int, dict]:
    fields = ("id", "title", "doc_number", "year", "issued_on", "jurisdiction_id")
    return {d["id"]: d for d in Document.objects.filter(pk__in=list(ids)).values(*fields)}


def by_unit_rows(per_unit: dict, units: dict) -> list[dict]:
    """``completion_by_unit``'s rows from per-unit sums."""
    rows = []
    for unit_id, c in per_unit.items():
        unit = units[unit_id]
        rows.append({
            "unit_id": unit_id, "unit__name": unit["name"], "unit__short_name": unit["short_name"],
            "unit__order": unit["order"], "total": c["total"], "completed": c["completed"], "on_time": c[Light.DONE],
            "late": c[Light.DONE_LATE], "overdue": c[Light.RED], "due_soon": c[Light.YELLOW],
            "rate": _rate(c["completed"], c["total"]), "on_time_rate": _rate(c[Light.DONE], c["total"]),
            # Mean progress: moves with accepted partial progress (a quarter of an 按季度 task at 55%).
            "progress": round(c["percent_sum"] / c["total"]) if c["total"] else 0,
        })
    rows.sort(key=lambda r: (r["unit__order"], r["unit__name"]))
    return rows


def _document_fields(document: dict) -> dict:
    return {
        "task__document_id": document["id"], "task__document__title": document["title"],
        "task__document__doc_number": document["doc_number"], "task__document__year": document["year"],
        "task__document__issued_on": document["issued_on"],
        "task__document__jurisdiction_id": document["jurisdiction_id"],
    }


def by_document_rows(per_document: dict, documents: dict) -> list[dict]:
    """One row per document from per-document sums, newest first: id, label, title, the
    ``task__document__*`` fields, the ``light_counts`` figures, overdue and rate."""
    rows = []
    for document_id, c in per_document.items():
        row = {**_document_fields(documents[document_id]), **c}
        row.update(id=document_id, label=document_label(row), title=row["task__document__title"],
                   overdue=c[Light.RED], rate=_rate(c["completed"], c["total"]))
        rows.append(row)
    rows.sort(key=document_order)
    return rows


def matrix_of(cells: dict, units: dict, documents: dict) -> dict:
    """The unit × document lights (the shape of ``unit_section_matrix``, columns newest document
    first, each cell the worst light in it) from the per-(unit, document) sums."""
    headers = {}
    for document_id in {document_id for _unit, document_id in cells}:
        fields = _document_fields(documents[document_id])
        headers[document_order(fields)] = {"id": document_id, "label": document_label(fields),
                                           "title": fields["task__document__title"] or ""}
    keys = sorted(headers)
    column = {headers[k]["id"]: index for index, k in enumerate(keys)}
    table: dict[int, dict] = {}
    for (unit_id, document_id), c in cells.items():
        unit = units[unit_id]
        entry = table.setdefault(unit_id, {
            "unit_id": unit_id, "name": unit["short_name"] or unit["name"], "order": (unit["order"], unit["name"]),
            "cells": [None] * len(keys),
        })
        entry["cells"][column[document_id]] = {"light": cell_light(c), "total": c["total"], "done": c["completed"],
                                               "red": c[Light.RED]}
    return {"kind": "document", "sections": [headers[k] for k in keys],
            "rows": sorted(table.values(), key=lambda u: u["order"])}


def jurisdiction_board(qs: QuerySet[Assignment], window: LightWindow, *, with_matrix: bool) -> dict:
    """``by_unit``, ``by_document``, ``counts`` and, with ``with_matrix``, ``matrix`` (three queries)."""
    per_unit, per_document, per_cell, total = _sums(tallies(qs, window), cells=with_matrix)
    units, documents = _units(per_unit), _documents(per_document)
    board = {
        "by_unit": by_unit_rows(per_unit, units),
        "by_document": by_document_rows(per_document, documents),
        "counts": total,
    }
    if with_matrix:
        board["matrix"] = matrix_of(per_cell, units, documents)
    return board
