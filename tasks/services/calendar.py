"""Writes to the working-day calendar; every change recomputes the due dates that depend on it.

Who may write what (the views check it through tasks.access; these functions refuse too when
given a user, so that no other caller can slip past):

- the national calendar (days without a jurisdiction, official years, the package sync) is the
  operator's (a superuser); management commands run as the operator (``user=None``);
- a jurisdiction's local days are its office staff's (and the operator's).

A national change recomputes every jurisdiction's due dates; a local change only that
jurisdiction's. With ``background=True`` (the calendar pages) the recompute is a background task
(tasks.jobs.tasks.recompute_due_dates) enqueued when the change commits, and the function returns
None for the count; commands keep the default and recompute before they return.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from tasks.access import access_for
from tasks.models import CalendarDay, CalendarYear
from tasks.selectors.calendar import work_calendar, work_calendars
from tasks.services.due_dates import due_dates_recompute
from tasks.services.errors import ServiceError
from tasks.workdays import MAX_YEAR, MIN_YEAR, chinese_calendar_overrides, is_weekend_working, year_in_range

PACKAGE_FIRST_YEAR = 2004  # the first year the chinese-calendar package knows


class CalendarError(ServiceError, ValueError):
    """A calendar change that cannot be made (a year outside the supported range, …)."""


class CalendarPermissionError(CalendarError):
    """The user may not change this calendar (the national one is the operator's)."""


def check_year(year: int) -> int:
    """``year`` when the calendar supports it, else CalendarError (the one bound: tasks.workdays)."""
    if not isinstance(year, int) or not year_in_range(year):
        raise CalendarError(_("%(year)s is outside the supported years %(min)s–%(max)s.")
                            % {"year": year, "min": MIN_YEAR, "max": MAX_YEAR})
    return year


def _check_national_writer(user) -> None:
    if user is not None and not access_for(user).is_superuser:
        raise CalendarPermissionError(_("Only the system operator may change the national calendar."))


def _check_local_writer(user, jurisdiction) -> None:
    if user is not None and not access_for(user).can_write_jurisdiction(jurisdiction.pk):
        raise CalendarPermissionError(_("You may change only your own jurisdiction's local days."))


def _national_recompute(background: bool = False) -> int | None:
    if background:
        return _recompute_later(None)
    return due_dates_recompute(calendars=work_calendars())


def _local_recompute(jurisdiction, background: bool = False) -> int | None:
    if background:
        return _recompute_later(jurisdiction.pk)
    return due_dates_recompute(calendars=work_calendars(jurisdiction_ids=[jurisdiction.pk]),
                               jurisdiction_id=jurisdiction.pk)


def _recompute_later(jurisdiction_id: int | None) -> None:
    """Enqueue the recompute (tasks.jobs.tasks.recompute_due_dates) once the calendar change is
    committed, so that the worker reads the new calendar; returns None (the count is not known yet)."""
    from tasks.jobs.tasks import recompute_due_dates

    transaction.on_commit(lambda: recompute_due_dates.enqueue(jurisdiction_id), robust=True)
    return None


@transaction.atomic
def calendar_recompute(*, jurisdiction_id: int | None = None) -> int:
    """Recompute the due dates after a calendar change (the background task runs this): every
    jurisdiction's (``None``) or one jurisdiction's; returns how many tasks changed."""
    if jurisdiction_id is None:
        return _national_recompute()
    return due_dates_recompute(calendars=work_calendars(jurisdiction_ids=[jurisdiction_id]),
                               jurisdiction_id=jurisdiction_id)


@dataclass
class CalendarSyncResult:
    years: list[int]
    days_written: int
    tasks_recomputed: int | None  # None: recomputed in the background


@transaction.atomic
def calendar_sync_from_package(*, years: list[int] | None = None, user=None,
                               background: bool = False) -> CalendarSyncResult:
    """Load the official national schedules the chinese-calendar package knows (2004 up to its last year).

    National days entered by the operator (source "manual") are kept as they are; local days are
    not touched.
    """
    _check_national_writer(user)
    for year in years or ():
        check_year(year)
    wanted = years or list(range(PACKAGE_FIRST_YEAR, min(date.today().year + 2, MAX_YEAR + 1)))
    data = chinese_calendar_overrides(wanted)
    national = CalendarDay.objects.filter(jurisdiction__isnull=True)
    manual = set(national.filter(source=CalendarDay.Source.MANUAL).values_list("date", flat=True))
    written = 0
    for year in sorted(data.official_years):
        national.filter(
            date__year=year, source=CalendarDay.Source.PACKAGE
        ).exclude(date__in=[d for d in data.overrides if d.year == year]).delete()
        for day, is_working in sorted(data.overrides.items()):
            if day.year != year or day in manual:
                continue
            CalendarDay.objects.update_or_create(
                date=day,
                jurisdiction=None,
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
    recomputed = _national_recompute(background)
    return CalendarSyncResult(years=sorted(data.official_years), days_written=written, tasks_recomputed=recomputed)


def _day_write(*, jurisdiction, day: date, is_working: bool, name: str, user, rule_gives: bool) -> None:
    """Store a day that differs from what the rule beneath it gives (the weekend rule for national
    days, the national calendar for local ones), or remove the row once it no longer differs."""
    if is_working == rule_gives:
        CalendarDay.objects.filter(jurisdiction=jurisdiction, date=day).delete()
        return
    row, _created = CalendarDay.objects.get_or_create(jurisdiction=jurisdiction, date=day,
                                                      defaults={"is_working": is_working})
    row.is_working = is_working
    row.name = name.strip()[:100]
    row.source = CalendarDay.Source.MANUAL
    row.updated_by = user
    row.save()


@transaction.atomic
def calendar_day_set(*, day: date, is_working: bool, name: str = "", user=None, background: bool = False) -> int | None:
    """Mark a national day off or a make-up working day (or back to the weekend rule).

    The operator's only; recomputes every jurisdiction's due dates and returns how many changed.
    """
    _check_national_writer(user)
    check_year(day.year)
    _day_write(jurisdiction=None, day=day, is_working=is_working, name=name, user=user,
               rule_gives=is_weekend_working(day))
    return _national_recompute(background)


@transaction.atomic
def calendar_year_set_official(*, year: int, is_official: bool, note: str = "", user=None,
                               background: bool = False) -> int | None:
    """Declare a year's national schedule complete (official) or not; returns tasks recomputed."""
    _check_national_writer(user)
    check_year(year)
    CalendarYear.objects.update_or_create(
        year=year, defaults={"is_official": is_official, "source": CalendarYear.Source.MANUAL, "note": note[:200]}
    )
    return _national_recompute(background)


@transaction.atomic
def calendar_local_day_set(*, jurisdiction, day: date, is_working: bool, name: str = "", user=None,
                           background: bool = False) -> int | None:
    """Give a jurisdiction a local day off or a local working day; it wins over the national rule
    for that jurisdiction only. Choosing what the national calendar already gives removes the local
    day. Recomputes that jurisdiction's due dates only and returns how many changed."""
    _check_local_writer(user, jurisdiction)
    check_year(day.year)
    _day_write(jurisdiction=jurisdiction, day=day, is_working=is_working, name=name, user=user,
               rule_gives=work_calendar().is_working(day))
    return _local_recompute(jurisdiction, background)


@transaction.atomic
def calendar_local_day_remove(*, jurisdiction, day: date, user=None, background: bool = False) -> int | None:
    """Remove a jurisdiction's local day (the national rule applies again there); returns tasks recomputed."""
    _check_local_writer(user, jurisdiction)
    deleted, _counts = CalendarDay.objects.filter(jurisdiction=jurisdiction, date=day).delete()
    if not deleted:
        raise CalendarError(_("There is no local day on %(day)s.") % {"day": day.isoformat()})
    return _local_recompute(jurisdiction, background)
