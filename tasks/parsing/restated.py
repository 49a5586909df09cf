"""Prose points that a table after them restates: the points are the tasks, the table gives the units.

A short document (a bureau's own 工作要点) may state its points as numbered prose with no unit
annotations and then break them down in a table (重点任务 | 工作内容 | 负责科室) whose content cells
repeat the points' text, one row per point. An office registers each point once, with the units
its row names. A table that cuts an item into several rows (several rows repeating one item) is a
finer breakdown: its rows stay the tasks.
"""

from __future__ import annotations

from .model import FLAG_MORE_UNITS_IMPLIED, ParsedTask
from .tables import norm_label
from .task_builder import flags_for

# Share of a row's character pairs its prose point must hold: the row repeats it, near word for word.
MIN_REPEAT = 0.8
# Share of the rows that must repeat a point of their own for the table to be a restatement.
MIN_ROWS_REPEATING = 0.6
MIN_ROWS = 2


def _bigrams(text: str) -> set[str]:
    text = norm_label(text)
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _best_point(row: set[str], points: list[set[str]]) -> int | None:
    scored = [(len(row & point) / len(row), index) for index, point in enumerate(points) if row]
    scored = [item for item in scored if item[0] >= MIN_REPEAT]
    return max(scored)[1] if scored else None


def merge_restated(prose: list[ParsedTask], rows: list[ParsedTask]) -> list[ParsedTask] | None:
    """The prose tasks with the units of the rows that restate them (rows restating no point are
    kept after them), or None when the table is no one-row-per-point restatement of the prose."""
    if len(rows) < MIN_ROWS or not prose or any(task.units for task in prose):
        return None
    points = [_bigrams(task.text) for task in prose]
    matched: dict[int, ParsedTask] = {}
    extra: list[ParsedTask] = []
    for row in rows:
        index = _best_point(_bigrams(row.text), points)
        if index is None:
            extra.append(row)
        elif index in matched:
            return None  # two rows for one point: the table breaks the point down
        else:
            matched[index] = row
    if len(matched) < max(MIN_ROWS, MIN_ROWS_REPEATING * len(rows)):
        return None
    for index, row in matched.items():
        task = prose[index]
        if not row.units:
            continue
        task.units = list(row.units)
        task.deadline_text = task.deadline_text or row.deadline_text
        task.suggestions = []
        task.flags = flags_for(task.units, FLAG_MORE_UNITS_IMPLIED in row.flags, [], from_annex=False)
    return prose + extra
