"""What the daily reminder digests say, read in a fixed number of queries whatever the data size.

A liaison's digest lists their units' open work in three buckets, seen from one day:
overdue (due before it), due today, and due soon (within settings.OPENSCHED_REMINDER_WORKDAYS
working days after it, Chinese working days from the database calendar). A recurring task is
listed by its open reporting periods (AssignmentPeriod rows), not by the assignment itself, so each
quarter or month that is due shows up on its own.

An office digest lists the reports waiting for review in the jurisdictions the person works for
and the units that have overdue work there.

Users who chose no emails (NotificationSetting.digest = none) get no digest; a user without a
row gets the default, daily.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Exists, OuterRef

from tasks.models import Assignment, AssignmentPeriod, NotificationSetting, ProgressReport, Status
from tasks.selectors.calendar import work_calendar
from tasks.workdays import WorkCalendar
from units.models import JurisdictionRole, Membership

OVERDUE, TODAY, SOON = "overdue", "today", "soon"
# A list longer than this in one email is cut, with a count of what was left out and a link.
ITEMS_PER_SECTION = 50


@dataclass(frozen=True)
class ReminderWindow:
    """The day a digest is written for and the last due date that counts as "due soon"."""

    today: date
    soon_until: date
    workdays: int
    is_working_day: bool = True

    @classmethod
    def for_day(cls, on: date, *, calendar: WorkCalendar | None = None, workdays: int | None = None):
        calendar = calendar or work_calendar()
        n = settings.OPENSCHED_REMINDER_WORKDAYS if workdays is None else workdays
        return cls(today=on, soon_until=calendar.add_working_days(on, n), workdays=n,
                   is_working_day=calendar.is_working(on))

    def bucket(self, due_on: date) -> str:
        if due_on < self.today:
            return OVERDUE
        return TODAY if due_on == self.today else SOON


@dataclass(frozen=True)
class DueItem:
    """One open assignment, or one open period of a recurring assignment, with a due date."""

    bucket: str
    due_on: date
    unit_id: int
    unit_name: str
    jurisdiction_id: int
    assignment_id: int
    task_number: str
    task_heading: str
    task_text: str
    task_order: int
    document_title: str
    status: str
    status_label: str
    period_label: str
    url: str
    provisional: bool = False


def _not_completed_assignments():
    return Assignment.objects.exclude(status=Status.COMPLETED).filter(unit__active=True)


def due_items(
    *, window: ReminderWindow, unit_ids=None, jurisdiction_ids=None, overdue_only: bool = False
) -> list[DueItem]:
    """Open work due on or before window.soon_until (or only overdue), in two queries."""
    until = window.today if overdue_only else window.soon_until
    assignments = _not_completed_assignments().filter(due_on__isnull=False)
    assignments = assignments.filter(due_on__lt=until) if overdue_only else assignments.filter(due_on__lte=until)
    periods = AssignmentPeriod.objects.exclude(status=Status.COMPLETED).filter(
        assignment__in=_not_completed_assignments()
    )
    periods = (
        periods.filter(period__due_on__lt=until) if overdue_only else periods.filter(period__due_on__lte=until)
    )
    if unit_ids is not None:
        assignments = assignments.filter(unit_id__in=unit_ids)
        periods = periods.filter(assignment__unit_id__in=unit_ids)
    if jurisdiction_ids is not None:
        assignments = assignments.filter(task__document__jurisdiction_id__in=jurisdiction_ids)
        periods = periods.filter(assignment__task__document__jurisdiction_id__in=jurisdiction_ids)
    # A recurring assignment is listed by its periods, so leave it out of the plain list.
    assignments = assignments.exclude(Exists(AssignmentPeriod.objects.filter(assignment=OuterRef("pk"))))

    items = [
        _item(window, a, due_on=a.due_on, status=a.status, status_label=a.get_status_display(),
              period_label="", provisional=a.due_provisional)
        for a in assignments.select_related("task__document", "unit__parent")
    ]
    for state in periods.select_related("period", "assignment__task__document", "assignment__unit__parent"):
        items.append(
            _item(window, state.assignment, due_on=state.period.due_on, status=state.status,
                  status_label=state.get_status_display(), period_label=state.period.display_label,
                  provisional=state.period.due_provisional)
        )
    items.sort(key=lambda i: (i.due_on, i.unit_name, i.task_order, i.assignment_id, i.period_label))
    return items


def _item(window, assignment, *, due_on, status, status_label, period_label, provisional) -> DueItem:
    task = assignment.task
    return DueItem(
        bucket=window.bucket(due_on),
        due_on=due_on,
        unit_id=assignment.unit_id,
        unit_name=assignment.unit.display_name,
        jurisdiction_id=task.document.jurisdiction_id,
        assignment_id=assignment.pk,
        task_number=task.number,
        task_heading=task.heading,
        task_text=task.text,
        task_order=task.order,
        document_title=task.document.title,
        status=status,
        status_label=str(status_label),
        period_label=period_label,
        url=assignment.get_absolute_url(),
        provisional=provisional,
    )


@dataclass
class Section:
    """A list as an email shows it: the first ITEMS_PER_SECTION rows and how many were left out."""

    rows: list
    total: int

    @classmethod
    def of(cls, rows: list) -> Section:
        return cls(rows=rows[:ITEMS_PER_SECTION], total=len(rows))

    @property
    def more(self) -> int:
        return self.total - len(self.rows)

    def __bool__(self) -> bool:
        return self.total > 0


@dataclass
class LiaisonDigest:
    user: object
    units: list[str]
    overdue: Section
    today: Section
    soon: Section

    @property
    def total(self) -> int:
        return self.overdue.total + self.today.total + self.soon.total


@dataclass(frozen=True)
class UnitOverdue:
    unit_id: int
    unit_name: str
    count: int
    oldest_due: date


@dataclass
class OfficeDigest:
    user: object
    reports: Section
    overdue_units: Section
    overdue_items: int = 0
    jurisdictions: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.reports.total + self.overdue_units.total


def _wants_digest(qs, user_field: str = "user"):
    return qs.filter(**{f"{user_field}__is_active": True}).exclude(
        **{f"{user_field}__notification_setting__digest": NotificationSetting.Digest.NONE}
    )


def liaison_digests(*, window: ReminderWindow) -> list[LiaisonDigest]:
    """One digest per liaison who wants one and has something due; three queries in all."""
    memberships = _wants_digest(
        Membership.objects.filter(role=Membership.Role.LIAISON, unit__active=True)
    ).select_related("user", "unit__parent").order_by("user_id", "unit__order", "unit__name")
    units_of: dict[int, list] = defaultdict(list)
    users = {}
    for m in memberships:
        users[m.user_id] = m.user
        units_of[m.user_id].append(m.unit)
    if not users:
        return []
    by_unit: dict[int, list[DueItem]] = defaultdict(list)
    all_unit_ids = {u.pk for units in units_of.values() for u in units}
    for item in due_items(window=window, unit_ids=all_unit_ids):
        by_unit[item.unit_id].append(item)
    digests = []
    for user_id, user in users.items():
        items = sorted(
            (i for unit in units_of[user_id] for i in by_unit[unit.pk]),
            key=lambda i: (i.due_on, i.unit_name, i.task_order, i.period_label),
        )
        if not items:
            continue  # nobody gets an email that says nothing
        digests.append(
            LiaisonDigest(
                user=user,
                units=[u.display_name for u in units_of[user_id]],
                overdue=Section.of([i for i in items if i.bucket == OVERDUE]),
                today=Section.of([i for i in items if i.bucket == TODAY]),
                soon=Section.of([i for i in items if i.bucket == SOON]),
            )
        )
    return digests


def office_digests(*, window: ReminderWindow) -> list[OfficeDigest]:
    """One digest per office staff member with reports to review or overdue units; four queries."""
    roles = _wants_digest(
        JurisdictionRole.objects.filter(role=JurisdictionRole.Role.OFFICE)
    ).select_related("user", "jurisdiction").order_by("user_id", "jurisdiction__order")
    jurisdictions_of: dict[int, list] = defaultdict(list)
    users = {}
    for role in roles:
        users[role.user_id] = role.user
        jurisdictions_of[role.user_id].append(role.jurisdiction)
    if not users:
        return []
    j_ids = {j.pk for js in jurisdictions_of.values() for j in js}
    reports_in: dict[int, list] = defaultdict(list)
    waiting = (
        ProgressReport.objects.filter(state=ProgressReport.State.SUBMITTED,
                                      assignment__task__document__jurisdiction_id__in=j_ids)
        .select_related("assignment__task__document", "assignment__unit__parent", "period")
        .order_by("created_at", "pk")
    )
    for report in waiting:
        reports_in[report.assignment.task.document.jurisdiction_id].append(report)
    overdue_in: dict[int, dict[int, list[DueItem]]] = defaultdict(lambda: defaultdict(list))
    for item in due_items(window=window, jurisdiction_ids=j_ids, overdue_only=True):
        overdue_in[item.jurisdiction_id][item.unit_id].append(item)

    digests = []
    for user_id, user in users.items():
        reports, units, overdue_items = [], [], 0
        for j in jurisdictions_of[user_id]:
            reports.extend(reports_in[j.pk])
            for unit_id, items in overdue_in[j.pk].items():
                overdue_items += len(items)
                units.append(UnitOverdue(unit_id=unit_id, unit_name=items[0].unit_name, count=len(items),
                                         oldest_due=min(i.due_on for i in items)))
        if not reports and not units:
            continue
        units.sort(key=lambda u: (-u.count, u.oldest_due, u.unit_name))
        digests.append(
            OfficeDigest(
                user=user, reports=Section.of(reports), overdue_units=Section.of(units),
                overdue_items=overdue_items, jurisdictions=[j.name for j in jurisdictions_of[user_id]],
            )
        )
    return digests
