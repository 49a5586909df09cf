"""Unit × document tallies: the overviews of one or several jurisdictions from one grouped query.

Completion by unit, completion by document, the unit × document matrix and the light counts all
count the same assignments by light and status; one query grouped by (unit, document) counts
every light in one pass over the rows (``light_tally_aggregates``: conditions on plain columns, so
the grouping follows the ``assignment_jurisdiction_cover`` index with no temporary B-tree), and
the few hundred rows are summed here, where one scan of the jurisdiction per widget, and then a
grouping by (unit, document, light, status) with thousands of groups, cost more (bench/README.md).

``by_unit`` has the shape of ``completion_by_unit``; tests/test_selectors_tallies.py compares all
three with straightforward one-aggregate-per-widget versions.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import QuerySet, Sum

from tasks.caching import cached_per_unit
from tasks.models import Assignment, Document, Light
from tasks.selectors.assignments import (
    LIGHT_TALLY_KEYS,
    LightWindow,
    finish_light_tally,
    light_tally_aggregates,
    units_apart,
    units_missing,
)
from units.models import Unit

# Worst first: the order lists are sorted in and the colour a matrix cell takes.
LIGHT_SEVERITY = [Light.RED, Light.YELLOW, Light.GREEN, Light.GREY, Light.DONE_LATE, Light.DONE]


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


def tallies(qs: QuerySet[Assignment], window: LightWindow) -> list[dict]:
    """Per (unit, document) of ``qs``: the light counts (``light_tally_aggregates``, not yet
    finished) and ``percent_sum``; one row per unit and document (a few hundred for sixty units)."""
    return list(
        qs.order_by().values("unit_id", "document_id")
        .annotate(**light_tally_aggregates(window), percent_sum=Sum("percent"))
        .order_by()
    )


def scope_tallies(qs: QuerySet[Assignment], window: LightWindow, *, scope: tuple | None) -> list[dict]:
    """:func:`tallies` of ``qs``, read per unit from the cache when ``scope`` (the read's cache key
    parts) covers whole jurisdictions (``assignments.units_apart``): after a report only the
    reporting unit's rows are counted again (tasks.caching.cached_per_unit); else counted whole."""
    apart = units_apart(scope) if scope is not None else None
    if apart is None:
        return tallies(qs, window)
    jurisdictions, every = apart

    def count(units: list[int]) -> dict[int, list[dict]]:
        per_unit: dict[int, list[dict]] = defaultdict(list)
        for row in tallies(units_missing(qs, units, every), window):
            per_unit[row["unit_id"]].append(row)
        return per_unit

    per_unit = cached_per_unit("unit-tallies", (scope, window), jurisdictions=jurisdictions, units=every,
                               compute=count, empty=list)
    return [row for rows in per_unit.values() for row in rows]


SUMMED = (*LIGHT_TALLY_KEYS, "percent_sum")


def _new() -> dict:
    return dict.fromkeys(SUMMED, 0)


def _add(counts: dict, row: dict) -> None:
    for key in SUMMED:
        counts[key] += row[key] or 0


def _sums(rows: list[dict], *, cells: bool) -> tuple[dict, dict, dict, dict]:
    """Per unit, per document, per (unit, document) when ``cells``, and in all: one pass."""
    per_unit: dict = defaultdict(_new)
    per_document: dict = defaultdict(_new)
    per_cell: dict = {}
    total = _new()
    for row in rows:
        unit_id, document_id = row["unit_id"], row["document_id"]
        _add(per_unit[unit_id], row)
        _add(per_document[document_id], row)
        _add(total, row)
        if cells:
            per_cell[unit_id, document_id] = {key: row[key] or 0 for key in SUMMED}
    for counts in (*per_unit.values(), *per_document.values(), *per_cell.values(), total):
        finish_light_tally(counts)
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


def jurisdiction_board(qs: QuerySet[Assignment], window: LightWindow, *, with_matrix: bool,
                       scope: tuple | None = None) -> dict:
    """``by_unit``, ``by_document``, ``counts`` and, with ``with_matrix``, ``matrix`` (three queries;
    the tallies per unit from the cache for a ``scope`` of whole jurisdictions: :func:`scope_tallies`)."""
    per_unit, per_document, per_cell, total = _sums(scope_tallies(qs, window, scope=scope), cells=with_matrix)
    units, documents = _units(per_unit), _documents(per_document)
    board = {
        "by_unit": by_unit_rows(per_unit, units),
        "by_document": by_document_rows(per_document, documents),
        "counts": total,
    }
    if with_matrix:
        board["matrix"] = matrix_of(per_cell, units, documents)
    return board
