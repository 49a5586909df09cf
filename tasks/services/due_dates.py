"""Turn a task's deadline phrase into stored due dates, reporting periods and per-unit due dates.

The pure resolver (tasks.deadlines) does the reading; this module writes its result into rows
and keeps each assignment's *effective* due date current through
tasks.services.assignments (the rule is ``assignments.effective_due``).
"""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from tasks import deadlines
from tasks.bounds import (
    FIRST_SUPPORTED_DATE,
    LAST_SUPPORTED_DATE,
    MAX_BATCH_TASKS,
    MAX_CHANGE_REASON_CHARS,
    MAX_DEADLINE_PHRASE_CHARS,
    date_supported,
)
from tasks.models import (
    Assignment,
    AssignmentPeriod,
    DeadlineKind,
    ReportingPeriod,
    Task,
)
from tasks.services.assignments import (
    assignment_refresh_due,
    assignment_update,
    assignments_refresh_due,
    touch_document,
)
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


# ---------------------------------------------------------------------------------------------
# Office staff set deadlines in the portal: a task's phrase or date (one task or many at once),
# and one unit's own date on its assignment. Each change is recorded in history with its reason.


def reason_check(*, reason: str) -> str:
    """The reason kept in history: required, at most ``MAX_CHANGE_REASON_CHARS`` characters."""
    reason = (reason or "").strip()
    if not reason:
        raise DeadlineError(_("Say why the deadline changes (it is kept in the history)."))
    if len(reason) > MAX_CHANGE_REASON_CHARS:
        raise DeadlineError(
            _("The reason may have at most %(max)d characters.") % {"max": MAX_CHANGE_REASON_CHARS}
        )
    return reason


def date_phrase(value: date) -> str:
    """The phrase that stands for a date the office entered (resolved like any fixed date)."""
    return f"{value.year}年{value.month}月{value.day}日前"


def _wanted_phrase(*, phrase: str | None, due_on: date | None) -> str:
    if (phrase is None or not phrase.strip()) == (due_on is None):
        raise DeadlineError(_("Enter either a deadline phrase or a due date."))
    if due_on is not None:
        supported_date_check(value=due_on)
        return date_phrase(due_on)
    phrase = phrase.strip()
    if len(phrase) > MAX_DEADLINE_PHRASE_CHARS:
        raise DeadlineError(
            _("A deadline phrase may have at most %(max)d characters.") % {"max": MAX_DEADLINE_PHRASE_CHARS}
        )
    return phrase


@transaction.atomic
def tasks_deadline_set(*, tasks, phrase: str | None = None, due_on: date | None = None, user,
                       reason: str) -> int:
    """Give every task of ``tasks`` the same deadline phrase (or date); returns how many changed.

    Every task is resolved with its own document (issue date, year) and its jurisdiction's
    calendar, its reporting periods and its units' effective due dates follow, and each changed
    task gets a history row with ``user`` and ``reason``. At most ``MAX_BATCH_TASKS`` tasks; a
    phrase that gives no date for a reason (an impossible date, an implausible count) or a date
    outside the supported years is refused, and then nothing changes.
    """
    from tasks.selectors.calendar import work_calendars

    reason = reason_check(reason=reason)
    wanted = _wanted_phrase(phrase=phrase, due_on=due_on)
    task_ids = sorted({getattr(t, "pk", t) for t in tasks})
    if not task_ids:
        raise DeadlineError(_("Choose at least one task."))
    if len(task_ids) > MAX_BATCH_TASKS:
        raise DeadlineError(
            _("At most %(max)d tasks can be changed at once; %(count)d were chosen.")
            % {"max": MAX_BATCH_TASKS, "count": len(task_ids)}
        )
    rows = list(Task.objects.select_for_update().filter(pk__in=task_ids).select_related("document"))
    if len(rows) != len(task_ids):
        raise DeadlineError(_("Some of the chosen tasks no longer exist; nothing was changed."))
    calendars = work_calendars(jurisdiction_ids={t.document.jurisdiction_id for t in rows})
    resolved = []
    for task in rows:
        deadline = resolve_for_task(task, calendar=calendars.for_jurisdiction(task.document.jurisdiction_id),
                                    phrase=wanted)
        if deadline.warnings or (due_on is not None and deadline.due is None):
            raise DeadlineError(
                _("No due date can be computed from “%(phrase)s” for task %(number)s; nothing was changed.")
                % {"phrase": wanted, "number": task.number or task.pk}
            )
        resolved.append((task, deadline))
    changed = 0
    for task, deadline in resolved:
        phrase_changed = task.deadline_phrase != wanted
        task.deadline_phrase = wanted
        if _apply(task, deadline) or phrase_changed:
            task._change_reason = reason
            task._history_user = user
            task.save()
            changed += 1
        periods_sync(task, deadline)
        assignments_refresh_due(assignments=task.assignments.all(), user=user)
    if changed:
        for document in {t.document_id: t.document for t, _d in resolved}.values():
            touch_document(document)
    return changed


@transaction.atomic
def assignment_due_set(*, assignment: Assignment, due_on: date | None, user, reason: str,
                       version: int | None = None) -> Assignment:
    """Give one unit its own due date on a task (``None`` clears it: the task's date applies again).

    The date replaces the task's date and the periods' dates in ``effective_due``; the change is in
    the assignment's history with ``reason``. ``version`` is the one the form was loaded with.
    """
    reason = reason_check(reason=reason)
    supported_date_check(value=due_on)
    current = Assignment.objects.filter(pk=assignment.pk).values_list("due_override", flat=True).first()
    if current == due_on:
        raise DeadlineError(_("The unit already has this due date."))
    fresh = assignment_update(assignment_id=assignment.pk, user=user, version=version, reason=reason,
                              due_override=due_on)
    fresh = assignment_refresh_due(assignment=fresh, user=user, reason=reason)
    touch_document(fresh.task.document, units=[fresh.unit_id])
    return fresh
