"""Turn a task's deadline phrase into stored due dates, reporting periods and per-unit due dates.

The pure resolver (tasks.deadlines) does the reading; this module writes its result into rows
and keeps each assignment's *effective* due date current through
tasks.services.assignments (the rule is ``assignments.effective_due``).
"""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from tasks import deadlines
from tasks.bounds import FIRST_SUPPORTED_DATE, LAST_SUPPORTED_DATE, date_supported
from tasks.models import (
    AssignmentPeriod,
    DeadlineKind,
    ReportingPeriod,
    Task,
)
from tasks.services.assignments import assignments_refresh_due
from tasks.services.errors import ServiceError
from tasks.workdays import CalendarSet, WorkCalendar

_UNSET = object()


class DeadlineError(ServiceError, ValueError):
    """A deadline change that cannot be made (e.g. an event date on a task without an event)."""


def supported_date_check(*, value: date | None) -> None:
    """Refuse a date a person entered (event date, due date) outside ``bounds.SUPPORTED_YEARS``."""
    if value is not None and not date_supported(value):
        raise DeadlineError(
            _("%(date)s is outside the supported range of dates (%(first)s to %(last)s).")
            % {"date": value.isoformat(), "first": FIRST_SUPPORTED_DATE.isoformat(),
               "last": LAST_SUPPORTED_DATE.isoformat()}
        )


def resolve_for_task(
    task: Task, *, calendar: WorkCalendar, phrase: str | None = None, event_on=_UNSET
) -> deadlines.Deadline:
    """Resolve the task's phrase (or ``phrase``) with the task's event date (or ``event_on``)."""
    document = task.document
    return deadlines.resolve(
        task.deadline_phrase if phrase is None else phrase,
        issued_on=document.issued_on,
        year=document.year,
        calendar=calendar,
        event_on=task.event_on if event_on is _UNSET else event_on,
    )


def _resolve_failed(task: Task, deadline: deadlines.Deadline) -> bool:
    """A phrase that resolved before now gives nothing, with a warning (a date out of range…)."""
    return deadline.kind == DeadlineKind.NONE and bool(deadline.warnings) and task.deadline_kind != DeadlineKind.NONE


def _apply(task: Task, deadline: deadlines.Deadline) -> bool:
    """Copy a resolved deadline onto the task; True when anything stored changed."""
    before = (task.deadline_kind, task.due_on, task.due_provisional, task.deadline_data)
    task.deadline_kind = deadline.kind if deadline.kind in DeadlineKind.values else DeadlineKind.NONE
    task.due_on = deadline.due
    task.due_provisional = bool(deadline.provisional and deadline.due)
    task.deadline_data = deadline.to_dict()
    return before != (task.deadline_kind, task.due_on, task.due_provisional, task.deadline_data)


def periods_sync(task: Task, deadline: deadlines.Deadline) -> None:
    """Make the task's reporting periods match the resolved series (recurring kinds only).

    Periods are matched by index so that units' reports on a period survive a recomputation.
    """
    wanted = deadline.periods if deadline.kind == DeadlineKind.RECURRING else []
    existing = {p.index: p for p in task.periods.all()}
    for index, period in enumerate(wanted):
        row = existing.pop(index, None)
        values = {"label": period.label, "starts_on": period.start, "due_on": period.due,
                  "due_provisional": deadline.provisional}
        if row is None:
            row = ReportingPeriod.objects.create(task=task, index=index, **values)
        elif any(getattr(row, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(row, key, value)
            row.save()
        assignment_ids = task.assignments.values_list("pk", flat=True)
        AssignmentPeriod.objects.bulk_create(
            [AssignmentPeriod(assignment_id=a_id, period=row) for a_id in assignment_ids], ignore_conflicts=True
        )
    if existing:
        ReportingPeriod.objects.filter(pk__in=[p.pk for p in existing.values()]).delete()


def task_assignments_refresh_due(task: Task) -> int:
    """Refresh every unit's effective due date on the task (see tasks.services.assignments)."""
    return assignments_refresh_due(assignments=task.assignments.all())


@transaction.atomic
def task_deadline_set(*, task: Task, phrase: str | None, calendar: WorkCalendar, reason: str = "") -> bool:
    """Set (or re-resolve) a task's deadline phrase and everything computed from it."""
    if phrase is not None:
        task.deadline_phrase = phrase.strip()[:200]
    deadline = resolve_for_task(task, calendar=calendar)
    changed = _apply(task, deadline)
    if changed or phrase is not None:
        if reason:
            task._change_reason = reason
        task.save()
    periods_sync(task, deadline)
    task_assignments_refresh_due(task)
    return changed


@transaction.atomic
def task_event_date_set(*, task: Task, event_on: date | None, calendar: WorkCalendar) -> Task:
    """Office staff or a liaison enter the date of the event a deadline counts from.

    A date outside ``bounds.SUPPORTED_YEARS``, or one the due date cannot be computed from, is
    refused with :class:`DeadlineError` and nothing changes: the deadline kind and every due date
    stay as they were.
    """
    if task.deadline_kind != DeadlineKind.EVENT:
        raise DeadlineError(_("This task's deadline does not count from an event."))
    supported_date_check(value=event_on)
    deadline = resolve_for_task(task, calendar=calendar, event_on=event_on)
    if deadline.kind != DeadlineKind.EVENT or (event_on is not None and deadline.due is None):
        raise DeadlineError(_("No due date can be computed from this event date; nothing was changed."))
    task.event_on = event_on
    _apply(task, deadline)
    task._change_reason = "event date entered"
    task.save()
    task_assignments_refresh_due(task)
    return task


CALENDAR_DEPENDENT_KINDS = [
    DeadlineKind.WORKDAYS_AFTER_ISSUE,
    DeadlineKind.EVENT,
    DeadlineKind.RECURRING,
    DeadlineKind.FIXED,
    DeadlineKind.PERIOD,
]


@transaction.atomic
def due_dates_recompute(*, calendars: CalendarSet, jurisdiction_id: int | None = None) -> int:
    """Re-resolve every task whose due date can depend on the calendar; returns tasks changed.

    Called after the working-day calendar changes: a national change recomputes every
    jurisdiction's tasks, a local change (``jurisdiction_id``) only that jurisdiction's. Each task
    uses the calendar of its document's jurisdiction (``calendars.for_jurisdiction``). Each changed
    task gets a history record with the reason, so the change is visible on its page. A task whose
    phrase no longer resolves (a warning such as a date out of range) is left as it was rather than
    losing its kind and dates.
    """
    changed = 0
    tasks = Task.objects.filter(deadline_kind__in=CALENDAR_DEPENDENT_KINDS).select_related("document")
    if jurisdiction_id is not None:
        tasks = tasks.filter(document__jurisdiction_id=jurisdiction_id)
    for task in tasks.iterator(chunk_size=500):
        deadline = resolve_for_task(task, calendar=calendars.for_jurisdiction(task.document.jurisdiction_id))
        if _resolve_failed(task, deadline):
            continue
        if _apply(task, deadline):
            task._change_reason = "working-day calendar changed"
            task.save()
            periods_sync(task, deadline)
            task_assignments_refresh_due(task)
            changed += 1
    return changed
