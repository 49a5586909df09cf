"""The text of each ledger cell, from plain value dicts (not model instances).

Exports read rows with ``.values()`` under the names below, so that a 100,000-row ledger does not
build six model instances per row; these helpers turn such a dict into the words of the 工作台账.

Assignment keys: role, status, percent, due_on, due_provisional, light, accepted_text,
accepted_at, unit_name, unit_short, parent_name, parent_short.
Task keys: task_text, task_heading, task_path, section_label, section_title, task_phrase,
task_due_on, task_due_provisional.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime

from django.db.models import F
from django.utils import timezone

from tasks.models import Light, Role, Status
from tasks.models.choices import ChineseLabels
from units.display import nested_unit_name

STATUS_LABELS = ChineseLabels(Status)
LIGHT_LABELS = ChineseLabels(Light)
ROLE_LABELS = ChineseLabels(Role)
# The ledger marks the lead and the cooperating units after their names, 区发改局（牵头）; a unit
# merely responsible (负责) is the plain case of the annex tables and carries no mark.
_MARKED_ROLES = frozenset({Role.LEAD, Role.COOPERATING})
# Which light a task with several units shows while not all of them are done: the worst one.
_OPEN_LIGHT_RANK = {Light.RED: 0, Light.YELLOW: 1, Light.GREEN: 2, Light.GREY: 3}

# .values() arguments, relative to Assignment and to Task.
ASSIGNMENT_VALUES = {
    "unit_name": F("unit__name"),
    "unit_short": F("unit__short_name"),
    "parent_name": F("unit__parent__name"),
    "parent_short": F("unit__parent__short_name"),
}
ASSIGNMENT_FIELDS = ("task_id", "role", "status", "percent", "due_on", "due_provisional", "light", "accepted_text",
                     "accepted_at")


def task_values(prefix: str = "") -> dict[str, F]:
    """The task keys above; ``prefix="task__"`` when reading them through an assignment."""
    return {
        "task_text": F(f"{prefix}text"),
        "task_heading": F(f"{prefix}heading"),
        "task_path": F(f"{prefix}section_path"),
        "section_label": F(f"{prefix}section__label"),
        "section_title": F(f"{prefix}section__title"),
        "task_phrase": F(f"{prefix}deadline_phrase"),
        "task_due_on": F(f"{prefix}due_on"),
        "task_due_provisional": F(f"{prefix}due_provisional"),
    }


def day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.isoformat()


def deadline_text(phrase: str, due_on: date | None, provisional: bool) -> str:
    lines = [phrase] if phrase else []
    if due_on:
        lines.append(day(due_on) + ("（暂定）" if provisional else ""))
    return "\n".join(lines)


def unit_display(a: dict) -> str:
    """As units.models.Unit.display_name: 区政府办公室〈区大数据局〉 for a unit inside another."""
    return nested_unit_name(a["unit_name"], a["unit_short"], a["parent_name"], a["parent_short"])


def role_suffix(role: str) -> str:
    """（牵头） / （配合） from the Role labels in Chinese; "" for a responsible unit."""
    return f"（{ROLE_LABELS[role]}）" if role in _MARKED_ROLES else ""


def unit_label(a: dict) -> str:
    return unit_display(a) + role_suffix(a["role"])


def status_text(a: dict) -> str:
    label = STATUS_LABELS.get(a["status"], a["status"])
    if a["status"] in (Status.IN_PROGRESS, Status.SUBMITTED, Status.RETURNED) and a["percent"]:
        label += f" {a['percent']}%"
    return label


def progress_text(a: dict) -> str:
    """The latest accepted report and its date."""
    if not a["accepted_text"]:
        return ""
    return f"{a['accepted_text']}（{day(a['accepted_at'])}）"


def light_label(light: str) -> str:
    return LIGHT_LABELS.get(light, light)


def task_light(lights: Iterable[str]) -> str:
    """A task's light from its units': done when all are done (late if any was), else the worst."""
    lights = list(lights)
    if not lights:
        return Light.GREY
    open_lights = [light for light in lights if light not in (Light.DONE, Light.DONE_LATE)]
    if not open_lights:
        return Light.DONE_LATE if Light.DONE_LATE in lights else Light.DONE
    return min(open_lights, key=lambda light: _OPEN_LIGHT_RANK.get(light, 9))


def split_section_path(t: dict) -> tuple[str, str]:
    """(top-level section, the rest of the path and the task heading) for the 工作任务 column."""
    path = [str(part) for part in (t["task_path"] or []) if part]
    if not path and (t["section_label"] or t["section_title"]):
        path = [f"{t['section_label'] or ''}{t['section_title'] or ''}"]
    top = path[0] if path else ""
    rest = path[1:]
    # The importer's heading is usually the innermost section title without its label.
    heading = t["task_heading"]
    if heading and not any(heading in part for part in path):
        rest.append(heading)
    return top, "\n".join(rest) or top


def full_section_path(t: dict) -> str:
    top, rest = split_section_path(t)
    return top if rest == top else "\n".join(part for part in (top, rest) if part)


def per_unit_lines(assignments: list[dict], text: Callable[[dict], str], *, same_once: bool = False) -> str:
    """One line per unit; just the text when the task has a single unit (or, with ``same_once``,
    when every unit's text is the same, e.g. all 未开始)."""
    if len(assignments) == 1:
        return text(assignments[0])
    if same_once and assignments and len({text(a) for a in assignments}) == 1:
        return text(assignments[0])
    lines = []
    for a in assignments:
        value = text(a)
        if value:
            lines.append(f"{unit_display(a)}：{value}")
    return "\n".join(lines)
