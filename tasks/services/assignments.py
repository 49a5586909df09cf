"""Who does a task: add, remove and re-role units, pick the units behind a vague reference,
acknowledge receipt (签收), and keep each assignment's effective due date current.

Every change to an assignment row goes through :func:`assignment_update`, which bumps
``Assignment.version``; when the caller passes the version its form was loaded with, the update
is conditional and a concurrent change raises :class:`ConflictError` instead of being overwritten.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tasks.caching import data_changed
from tasks.models import Assignment, AssignmentPeriod, Document, ExtensionRequest, Role, Status, Task
from tasks.services.errors import ConflictError, ServiceError
from tasks.services.history import record_change
from units.models import Unit

VAGUE_FLAG = "vague_units"  # the parser's flag for 有关部门, 相关部门单位…: a person picks the units
# Flags that a unit pick resolves (the parser also sets "needs_units" when it found no units).
PICK_FLAGS = (VAGUE_FLAG, "needs_units")


class AssignmentError(ServiceError):
    """An assignment change that breaks a rule (wrong jurisdiction, duplicate, has reports…)."""


def _validate_fields(fields: dict) -> None:
    """Run each field's own validation (choices, ranges) on the values about to be written."""
    errors = {}
    for name, value in fields.items():
        field = Assignment._meta.get_field(name)
        if value is None and field.null:
            continue
        try:
            field.clean(value, None)
        except ValidationError as exc:
            errors[name] = exc.messages
    if "percent" in fields and not 0 <= fields["percent"] <= 100:
        errors["percent"] = [_("Percent must be between 0 and 100.")]
    if errors:
        raise ValidationError(errors)


def assignment_update(
    *, assignment_id: int, user=None, version: int | None = None, reason: str = "", **fields
) -> Assignment:
    """Update fields of one assignment, bump its version and record the change in its history.

    With ``version`` the UPDATE only matches the row as the caller saw it; a concurrent change
    makes it match nothing and :class:`ConflictError` is raised (the transaction rolls back).
    """
    _validate_fields(fields)
    qs = Assignment.objects.filter(pk=assignment_id)
    if version is not None:
        qs = qs.filter(version=version)
    updated = qs.update(version=F("version") + 1, updated_at=timezone.now(), **fields)
    if not updated:
        if version is not None and Assignment.objects.filter(pk=assignment_id).exists():
            raise ConflictError(_("This assignment was changed by someone else. Reload the page and try again."))
        raise AssignmentError(_("This assignment no longer exists."))
    fresh = Assignment.objects.select_related("task__document", "unit").get(pk=assignment_id)
    record_change(fresh, user=user, reason=reason)
    return fresh


def touch_document(document: Document, *, units: Iterable[int] | None = None) -> None:
    """Mark the document's public page as changed (its cache key), and its jurisdiction's cached
    figures: the caller's writes include update() and bulk_create, which send no signals.

    ``units``: the caller changed only those units' assignments (a review): the figures of the
    jurisdiction's other units stay warm (tasks.caching). The public page's stamp is read by no
    figure cached on those versions (tasks.selectors.public keys on it directly)."""
    Document.objects.filter(pk=document.pk).update(content_changed_at=timezone.now())
    data_changed(jurisdictions=[document.jurisdiction_id], units=units)


def effective_due(assignment: Assignment) -> tuple[date | None, bool]:
    """(due date, provisional) for one unit on one task: the office's own date for the unit
    (``due_override``), else the granted extension, else the next open reporting period of a
    recurring task, else the task's due date. The latest office decision holds: granting an
    extension clears the override (tasks.services.extensions)."""
    if assignment.due_override:
        return assignment.due_override, False
    granted = (
        ExtensionRequest.objects.filter(assignment=assignment, state=ExtensionRequest.State.APPROVED)
        .order_by("-decided_at")
        .values_list("requested_due", flat=True)
        .first()
    )
    if granted:
        return granted, False
    task = assignment.task
    states = list(
        AssignmentPeriod.objects.filter(assignment=assignment)
        .select_related("period")
        .order_by("period__index")
    )
    if states:
        open_states = [s for s in states if s.status != Status.COMPLETED]
        period = (open_states[0] if open_states else states[-1]).period
        return period.due_on, period.due_provisional
    return task.due_on, task.due_provisional


def assignment_refresh_due(
    *, assignment: Assignment, user=None, version: int | None = None, reason: str = ""
) -> Assignment:
    """Store the effective due date (rule: :func:`effective_due`), bumping the version.

    With ``version``, raise :class:`ConflictError` if the assignment changed since it was read.
    """
    due, provisional = effective_due(
        Assignment.objects.select_related("task").get(pk=assignment.pk)
    )
    current = Assignment.objects.filter(pk=assignment.pk).values_list("due_on", "due_provisional", "version").first()
    if current[:2] == (due, provisional):
        if version is not None and current[2] != version:
            raise ConflictError(_("This assignment was changed by someone else. Reload the page and try again."))
        return assignment
    return assignment_update(
        assignment_id=assignment.pk, user=user, version=version, reason=reason, due_on=due,
        due_provisional=provisional,
    )


def assignments_refresh_due(*, assignments: Iterable[Assignment], user=None) -> int:
    """Refresh many assignments (after an import or a calendar change); returns how many changed."""
    changed = 0
    for assignment in assignments:
        before = (assignment.due_on, assignment.due_provisional)
        after = assignment_refresh_due(assignment=assignment, user=user)
        changed += (after.due_on, after.due_provisional) != before
    return changed


def _create(*, task: Task, unit: Unit, role: str, user) -> Assignment:
    if unit.jurisdiction_id != task.document.jurisdiction_id:
        raise AssignmentError(_("%(unit)s does not belong to this document's jurisdiction.") % {"unit": unit})
    if not unit.active:
        raise AssignmentError(_("%(unit)s is no longer active.") % {"unit": unit})
    if Assignment.objects.filter(task=task, unit=unit).exists():
        raise AssignmentError(_("%(unit)s is already assigned to this task.") % {"unit": unit})
    assignment = Assignment(task=task, unit=unit, role=role, due_on=task.due_on, due_provisional=task.due_provisional)
    assignment._history_user = user
    assignment.full_clean()
    assignment.save()
    periods = list(task.periods.values_list("pk", flat=True))
    if periods:
        AssignmentPeriod.objects.bulk_create(
            [AssignmentPeriod(assignment=assignment, period_id=pk) for pk in periods], ignore_conflicts=True
        )
    return assignment_refresh_due(assignment=assignment, user=user)


@transaction.atomic
def assignment_add(*, task: Task, unit: Unit, role: str, user) -> Assignment:
    """Assign a unit to a task with a role (牵头 / 负责 / 配合)."""
    assignment = _create(task=task, unit=unit, role=role, user=user)
    touch_document(task.document)
    return assignment


@transaction.atomic
def assignment_change_role(*, assignment: Assignment, role: str, version: int, user) -> Assignment:
    """Change a unit's role on a task; ``version`` is the one the form was loaded with."""
    if role not in Role.values:
        raise AssignmentError(_("Unknown role."))
    fresh = assignment_update(assignment_id=assignment.pk, user=user, version=version, role=role)
    touch_document(fresh.task.document)
    return fresh


@transaction.atomic
def assignment_remove(*, assignment: Assignment, user) -> None:
    """Take a unit off a task. Refused once the unit has reported: its record must stay."""
    if assignment.reports.exists():
        raise AssignmentError(
            _("%(unit)s has already reported on this task; its assignment cannot be removed.")
            % {"unit": assignment.unit}
        )
    document = assignment.task.document
    assignment._history_user = user
    assignment.delete()
    touch_document(document)


@transaction.atomic
def task_pick_vague_units(*, task: Task, units: Iterable[Unit], role: str, user) -> list[Assignment]:
    """Resolve a vague reference (区政府有关部门…): assign the chosen units and clear the flag."""
    units = list(units)
    if not units:
        raise AssignmentError(_("Choose at least one unit."))
    assigned = set(task.assignments.values_list("unit_id", flat=True))
    created = [_create(task=task, unit=u, role=role, user=user) for u in units if u.pk not in assigned]
    if any(flag in PICK_FLAGS for flag in task.flags or []):
        task.flags = [flag for flag in task.flags if flag not in PICK_FLAGS]
        task._history_user = user
        task.full_clean()
        task.save()
    touch_document(task.document)
    return created


@transaction.atomic
def assignment_acknowledge(*, assignment: Assignment, user) -> Assignment:
    """签收: the unit confirms it has received the task. Doing it twice changes nothing."""
    now = timezone.now()
    updated = Assignment.objects.filter(pk=assignment.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=now, acknowledged_by=user, version=F("version") + 1, updated_at=now
    )
    fresh = Assignment.objects.select_related("task__document", "unit").get(pk=assignment.pk)
    if updated:
        record_change(fresh, user=user)
    return fresh


def is_vague(task: Task) -> bool:
    """Whether the task waits for a person to pick its units."""
    return any(flag in PICK_FLAGS for flag in task.flags or [])


__all__ = [
    "AssignmentError",
    "ConflictError",
    "PICK_FLAGS",
    "VAGUE_FLAG",
    "assignment_acknowledge",
    "assignment_add",
    "assignment_change_role",
    "assignment_refresh_due",
    "assignment_remove",
    "assignment_update",
    "assignments_refresh_due",
    "is_vague",
    "task_pick_vague_units",
    "touch_document",
]
