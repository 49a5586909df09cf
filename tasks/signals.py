"""Saves and deletes of what the dashboards read move the data version of their jurisdiction on
(tasks.caching).

The jurisdiction is derived from the instance (a document's, its task's document's, an
assignment's unit's, ...); the national calendar and anything whose jurisdiction cannot be told
move the global version, which every cached read keys on.

``QuerySet.update()``, ``bulk_create`` and raw SQL send no signals: the services that use them
call ``tasks.caching.data_changed`` themselves, with :func:`jurisdiction_of` their instance.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from tasks.caching import data_changed, transaction_memo

# Everything a cached dashboard figure or the light window is computed from.
WATCHED = (
    "tasks.Document", "tasks.Section", "tasks.Task", "tasks.Assignment", "tasks.ReportingPeriod",
    "tasks.AssignmentPeriod", "tasks.ProgressReport", "tasks.ExtensionRequest", "tasks.CalendarYear",
    "tasks.CalendarDay", "units.Jurisdiction", "units.Unit",
)

def _through(label: str, pk: int | None, lookup: str | tuple[str, ...]):
    """The jurisdiction of the ``label`` row ``pk`` (``lookup`` is its path from there; a tuple of
    paths gives a tuple of values).

    Read once per transaction (tasks.caching.transaction_memo): deleting a document with its
    thousands of assignments asks once per unit, not once per row. Parents never move to another
    jurisdiction (services refuse it), and the memo ends with the transaction, so a primary key
    used again later (a flushed database) is never answered from it."""
    if pk is None:
        return None
    memo = transaction_memo()
    key = (label, pk)
    if memo is not None and key in memo:
        return memo[key]
    from django.apps import apps

    rows = apps.get_model(label).objects.filter(pk=pk)
    found = rows.values_list(*lookup).first() if isinstance(lookup, tuple) else rows.values_list(
        lookup, flat=True).first()
    if found is not None and memo is not None:
        memo[key] = found
    return found  # None (gone already): the caller moves the global version


# Rows that belong to one unit's assignment: a change to them is confined to that unit (tasks.caching).
_OF_ASSIGNMENT = ("tasks.AssignmentPeriod", "tasks.ProgressReport", "tasks.ExtensionRequest")


def jurisdiction_of(instance) -> int | None:
    """The jurisdiction whose figures a change to ``instance`` moves; ``None`` when it spans all
    (the national calendar) or cannot be told."""
    label = instance._meta.label
    if label == "units.Jurisdiction":
        return instance.pk
    if label in ("tasks.Document", "units.Unit", "tasks.CalendarDay"):
        return instance.jurisdiction_id  # CalendarDay: None for a national day
    if label in ("tasks.Section", "tasks.Task"):
        return _through("tasks.Document", instance.document_id, "jurisdiction_id")
    if label == "tasks.ReportingPeriod":
        return _through("tasks.Task", instance.task_id, "document__jurisdiction_id")
    if label == "tasks.Assignment":
        return _unit_jurisdiction(instance)
    if label in _OF_ASSIGNMENT:
        return _assignment_unit(instance)[0]
    return None  # CalendarYear (national) and anything else: everything


def _loaded(instance, name: str):
    """The related object ``name`` when it is already loaded on ``instance`` (a service that saves a
    report holds its assignment and unit), else None: no query either way."""
    field = instance._meta.get_field(name)
    return getattr(instance, name) if field.is_cached(instance) else None


def _unit_jurisdiction(assignment) -> int | None:
    """An assignment's unit's jurisdiction: from the loaded unit when there is one (kept in the
    transaction's memo for the next row of that unit), else one query per unit and transaction."""
    unit = _loaded(assignment, "unit")
    if unit is not None and unit.pk == assignment.unit_id and unit.jurisdiction_id is not None:
        memo = transaction_memo()
        if memo is not None:
            memo.setdefault(("units.Unit", unit.pk), unit.jurisdiction_id)
        return unit.jurisdiction_id
    return _through("units.Unit", assignment.unit_id, "jurisdiction_id")


def _assignment_unit(instance) -> tuple[int | None, int | None]:
    """``(jurisdiction, unit)`` of the assignment a report, extension request or period state
    belongs to."""
    assignment = _loaded(instance, "assignment")
    if assignment is not None and assignment.pk == instance.assignment_id:
        return _unit_jurisdiction(assignment), assignment.unit_id
    found = _through("tasks.Assignment", instance.assignment_id, ("unit__jurisdiction_id", "unit_id"))
    return tuple(found) if found else (None, None)


def change_of(instance) -> tuple[int | None, int | None]:
    """``(jurisdiction, unit)`` of a change to ``instance``: the unit is set when the change is
    confined to that unit's assignment (the assignment, its reports, extension requests and
    period states), else ``None`` (documents, tasks, units, calendars: tasks.caching)."""
    label = instance._meta.label
    if label == "tasks.Assignment":
        return jurisdiction_of(instance), instance.unit_id
    if label in _OF_ASSIGNMENT:
        return _assignment_unit(instance)
    return jurisdiction_of(instance), None


def instance_changed(instance) -> None:
    """Move the version of what a change to ``instance`` touches: its jurisdiction's, and its
    unit's alone when the change is confined to one unit's assignment (tasks.caching)."""
    jurisdiction, unit = change_of(instance)
    if unit is not None:
        data_changed(jurisdictions=[jurisdiction], units=[unit])
    else:
        data_changed(jurisdictions=[jurisdiction])


def _changed(sender, instance, **kwargs) -> None:
    instance_changed(instance)


def connect() -> None:
    from django.apps import apps

    for label in WATCHED:
        model = apps.get_model(label)
        uid = f"opensched-data-version-{label}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-delete")
