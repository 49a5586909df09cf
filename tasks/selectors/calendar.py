"""The working-day calendar as the pure arithmetic in tasks.workdays needs it.

The calendar of a jurisdiction is the national one (rows without a jurisdiction) overlaid with
that jurisdiction's local days; a task's due dates use the calendar of its document's jurisdiction.
"""

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from tasks.models import CalendarDay, CalendarYear, Task
from tasks.workdays import CalendarSet, WorkCalendar, year_in_range


def _pk(jurisdiction) -> int | None:
    return getattr(jurisdiction, "pk", jurisdiction)


def work_calendars(*, jurisdiction_ids: Iterable[int] | None = None) -> CalendarSet:
    """The national calendar and the local days of ``jurisdiction_ids`` (all jurisdictions when
    None), in two queries whatever their number."""
    rows = CalendarDay.objects.all()
    if jurisdiction_ids is not None:
        rows = rows.filter(Q(jurisdiction__isnull=True) | Q(jurisdiction_id__in=list(jurisdiction_ids)))
    overrides, names = {}, {}
    local: dict[int, tuple[dict, dict]] = {}
    for jurisdiction_id, day, is_working, name in rows.values_list("jurisdiction_id", "date", "is_working", "name"):
        if jurisdiction_id is None:
            target_overrides, target_names = overrides, names
        else:
            target_overrides, target_names = local.setdefault(jurisdiction_id, ({}, {}))
        target_overrides[day] = is_working
        if name:
            target_names[day] = name
    official = CalendarYear.objects.filter(is_official=True).values_list("year", flat=True)
    national = WorkCalendar(overrides, official_years=list(official), names=names)
    return CalendarSet(national, local)


def work_calendar(*, jurisdiction=None) -> WorkCalendar:
    """The national calendar, or a jurisdiction's (a Jurisdiction or its pk): two small queries."""
    jurisdiction_id = _pk(jurisdiction)
    ids = [] if jurisdiction_id is None else [jurisdiction_id]
    return work_calendars(jurisdiction_ids=ids).for_jurisdiction(jurisdiction_id)


def national_days(*, year: int):
    """The national days of a year, for the calendar page."""
    return CalendarDay.objects.filter(jurisdiction__isnull=True, date__year=year).select_related("updated_by")


def local_days(*, year: int, jurisdiction_ids: Iterable[int] | None = None):
    """Local days of a year, of ``jurisdiction_ids`` (every jurisdiction when None)."""
    rows = CalendarDay.objects.filter(jurisdiction__isnull=False, date__year=year)
    if jurisdiction_ids is not None:
        rows = rows.filter(jurisdiction_id__in=list(jurisdiction_ids))
    return rows.select_related("jurisdiction", "updated_by").order_by("jurisdiction__name", "date")


def task_due_years(*, scope: Q) -> set[int]:
    """Years (within the supported range) in which the tasks ``scope`` selects are due."""
    dates = Task.objects.filter(scope).exclude(due_on=None).dates("due_on", "year")
    return {d.year for d in dates if year_in_range(d.year)}


def provisional_task_count(*, scope: Q) -> int:
    return Task.objects.filter(scope, due_provisional=True).count()


def today() -> date:
    return timezone.localdate()


def soon_until(*, calendar: WorkCalendar, on: date | None = None, workdays: int | None = None) -> date:
    """Last due date that still counts as "due soon" (yellow) seen from ``on``."""
    n = settings.OPENSCHED_DUE_SOON_WORKDAYS if workdays is None else workdays
    return calendar.add_working_days(on or today(), n)
