"""Writes to the working-day calendar; every change recomputes the due dates that depend on it."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from tasks.models import CalendarDay, CalendarYear
from tasks.selectors.calendar import work_calendar
from tasks.services.due_dates import due_dates_recompute
from tasks.workdays import chinese_calendar_overrides, is_weekend_working


class CalendarError(ValueError):
    pass


@dataclass
class CalendarSyncResult:
    years: list[int]
    days_written: int
    tasks_recomputed: int


@transaction.atomic
def calendar_sync_from_package(*, years: list[int] | None = None) -> CalendarSyncResult:
    """Load the official schedules the chinese-calendar package knows (2004 up to its last year).

    Days entered by office staff (source "manual") are kept as they are.
    """
    wanted = years or list(range(2004, date.today().year + 2))
    data = chinese_calendar_overrides(wanted)
    manual = set(CalendarDay.objects.filter(source=CalendarDay.Source.MANUAL).values_list("date", flat=True))
    written = 0
    for year in sorted(data.official_years):
        CalendarDay.objects.filter(
            date__year=year, source=CalendarDay.Source.PACKAGE
        ).exclude(date__in=[d for d in data.overrides if d.year == year]).delete()
        for day, is_working in sorted(data.overrides.items()):
            if day.year != year or day in manual:
                continue
            CalendarDay.objects.update_or_create(
                date=day,
                defaults={
                    "is_working": is_working,
                    "name": data.names.get(day, ""),
                    "source": CalendarDay.Source.PACKAGE,
                },
            )
            written += 1
        CalendarYear.objects.update_or_create(
            year=year, defaults={"is_official": True, "source": CalendarYear.Source.PACKAGE}
        )
    recomputed = due_dates_recompute(calendar=work_calendar())
    return CalendarSyncResult(years=sorted(data.official_years), days_written=written, tasks_recomputed=recomputed)


@transaction.atomic
def calendar_day_set(*, day: date, is_working: bool, name: str = "", user=None) -> int:
    """Mark a day off or a make-up working day (or back to the weekend rule); returns tasks recomputed."""
    if is_working == is_weekend_working(day):
        CalendarDay.objects.filter(date=day).delete()
    else:
        row, _created = CalendarDay.objects.get_or_create(date=day, defaults={"is_working": is_working})
        row.is_working = is_working
        row.name = name.strip()[:100]
        row.source = CalendarDay.Source.MANUAL
        row.updated_by = user
        row.save()
    return due_dates_recompute(calendar=work_calendar())


@transaction.atomic
def calendar_year_set_official(*, year: int, is_official: bool, note: str = "") -> int:
    """Declare a year's schedule complete (official) or not; returns tasks recomputed."""
    if not 1900 < year < 2200:
        raise CalendarError(_("%(year)s is not a plausible year.") % {"year": year})
    CalendarYear.objects.update_or_create(
        year=year, defaults={"is_official": is_official, "source": CalendarYear.Source.MANUAL, "note": note[:200]}
    )
    return due_dates_recompute(calendar=work_calendar())
