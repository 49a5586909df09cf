"""The working-day calendar as the pure arithmetic in tasks.workdays needs it."""

from datetime import date

from django.conf import settings
from django.utils import timezone

from tasks.models import CalendarDay, CalendarYear
from tasks.workdays import WorkCalendar


def work_calendar() -> WorkCalendar:
    """The calendar from the database (two small queries): overrides and official years."""
    rows = CalendarDay.objects.values_list("date", "is_working", "name")
    overrides, names = {}, {}
    for day, is_working, name in rows:
        overrides[day] = is_working
        if name:
            names[day] = name
    official = CalendarYear.objects.filter(is_official=True).values_list("year", flat=True)
    return WorkCalendar(overrides, official_years=list(official), names=names)


def today() -> date:
    return timezone.localdate()


def soon_until(*, calendar: WorkCalendar, on: date | None = None, workdays: int | None = None) -> date:
    """Last due date that still counts as "due soon" (yellow) seen from ``on``."""
    n = settings.OPENSCHED_DUE_SOON_WORKDAYS if workdays is None else workdays
    return calendar.add_working_days(on or today(), n)
