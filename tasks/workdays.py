"""Chinese working-day arithmetic, free of Django.

A :class:`WorkCalendar` knows which days differ from the weekend rule (Saturday and Sunday off):
statutory holidays that fall on weekdays (off) and the announced make-up weekend days (调休, on).
It also knows which years have an *official* schedule; anything computed across a year without
one is provisional, because the State Council announces each year's schedule only in November.

The database-backed calendar is a thin layer that builds a ``WorkCalendar`` from its rows: the
national (statutory) days, kept by the operator, overlaid with a jurisdiction's local days
(:meth:`WorkCalendar.overlay`, :class:`CalendarSet`); ``chinese_calendar_overrides`` seeds the
national rows from the ``chinese_calendar`` package.

Bounds: the calendar supports the years ``MIN_YEAR``..``MAX_YEAR`` (pages, services and commands
refuse dates outside them) and a single computation counts at most ``MAX_WORKDAYS`` working
days, so that no input can make a caller loop for ever.
"""

from __future__ import annotations

import datetime as dt
import functools
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from tasks.bounds import MAX_RELATIVE_COUNT, SUPPORTED_YEARS

__all__ = [
    "MAX_WORKDAYS",
    "MAX_YEAR",
    "MIN_YEAR",
    "CalendarData",
    "CalendarSet",
    "WorkdayRangeError",
    "WorkCalendar",
    "chinese_calendar_overrides",
    "default_calendar",
    "is_weekend_working",
    "year_in_range",
]

# The years the working-day calendar supports and the most working days one computation may count
# (about 14 years: deadlines are weeks or months) come from the one place for input bounds.
MIN_YEAR = SUPPORTED_YEARS.start
MAX_YEAR = SUPPORTED_YEARS.stop - 1
MAX_WORKDAYS = MAX_RELATIVE_COUNT["workday"]


class WorkdayRangeError(ValueError):
    """A working-day count or a year outside what the calendar supports."""


def year_in_range(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR

HOLIDAY_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}
MAKEUP_SUFFIX = "（调休上班）"


def is_weekend_working(d: dt.date) -> bool:
    """The plain weekend rule: Monday to Friday are working days."""
    return d.weekday() < 5


def _ordinal_is_weekday(o: int) -> bool:
    # date.fromordinal(1) is a Monday, so o % 7 is 1..5 for Monday..Friday, 6 Saturday, 0 Sunday.
    return 0 < o % 7 < 6


def _weekdays_up_to(o: int) -> int:
    """Number of Monday-Friday ordinals in [1, o]."""
    return (o // 7) * 5 + min(o % 7, 5)


class WorkCalendar:
    """Working days = weekend rule + overrides; knows which years are official.

    ``overrides`` maps a date to whether it is a working day. Entries equal to the weekend rule are
    accepted and ignored. The calendar is immutable once built, so it can be shared and cached.
    """

    __slots__ = ("_overrides", "_names", "_official", "_by_ordinal", "_sorted_ords", "_prefix")

    def __init__(
        self,
        overrides: Mapping[dt.date, bool] | None = None,
        official_years: Iterable[int] = (),
        names: Mapping[dt.date, str] | None = None,
    ) -> None:
        ov = {d: bool(v) for d, v in (overrides or {}).items()}
        self._overrides = MappingProxyType(ov)
        self._names = MappingProxyType(dict(names or {}))
        self._official = frozenset(int(y) for y in official_years)
        # Only the real differences from the weekend rule, keyed by ordinal for a fast inner loop.
        self._by_ordinal = {
            d.toordinal(): v for d, v in ov.items() if v != is_weekend_working(d)
        }
        self._sorted_ords = sorted(self._by_ordinal)
        prefix = [0]
        for o in self._sorted_ords:
            prefix.append(prefix[-1] + (1 if self._by_ordinal[o] else -1))
        self._prefix = prefix

    # -- construction helpers -------------------------------------------------------------------
    @classmethod
    def weekends_only(cls) -> WorkCalendar:
        """No holidays, no official years: every result is provisional."""
        return cls()

    @classmethod
    def from_data(cls, data: CalendarData) -> WorkCalendar:
        return cls(data.overrides, data.official_years, data.names)

    def overlay(
        self, local: Mapping[dt.date, bool] | None = None, names: Mapping[dt.date, str] | None = None
    ) -> WorkCalendar:
        """This calendar with ``local`` days on top: a local entry wins over this calendar's rule
        for that date (an extra holiday off, or a day worked locally). Official years are kept."""
        if not local:
            return self
        merged = dict(self._overrides)
        merged.update(local)
        merged_names = dict(self._names)
        for d in local:
            merged_names.pop(d, None)
        merged_names.update(names or {})
        return WorkCalendar(merged, official_years=self._official, names=merged_names)

    # -- read access ----------------------------------------------------------------------------
    @property
    def overrides(self) -> Mapping[dt.date, bool]:
        return self._overrides

    @property
    def names(self) -> Mapping[dt.date, str]:
        return self._names

    @property
    def official_years(self) -> frozenset[int]:
        return self._official

    def __repr__(self) -> str:
        years = sorted(self._official)
        span = f"{years[0]}..{years[-1]}" if years else "none"
        return f"<WorkCalendar overrides={len(self._by_ordinal)} official={span}>"

    # -- queries --------------------------------------------------------------------------------
    def is_working(self, d: dt.date) -> bool:
        o = d.toordinal()
        v = self._by_ordinal.get(o)
        if v is None:
            return 0 < o % 7 < 6
        return v

    def is_official(self, year: int) -> bool:
        return year in self._official

    def provisional_between(self, a: dt.date, b: dt.date) -> bool:
        """True when any year from a.year to b.year (either order) has no official schedule."""
        lo, hi = (a.year, b.year) if a <= b else (b.year, a.year)
        official = self._official
        return any(y not in official for y in range(lo, hi + 1))

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after ``start`` (``start`` itself is not counted); n=0 → start.

        Raises :class:`WorkdayRangeError` when n is negative or more than ``MAX_WORKDAYS``.
        """
        if n < 0:
            raise WorkdayRangeError("n must be >= 0")
        if n > MAX_WORKDAYS:
            raise WorkdayRangeError(f"n must be at most {MAX_WORKDAYS} working days")
        o = start.toordinal()
        by = self._by_ordinal
        get = by.get
        while n:
            o += 1
            v = get(o)
            if v is None:
                r = o % 7
                if 0 < r < 6:
                    n -= 1
            elif v:
                n -= 1
        return dt.date.fromordinal(o)

    def add_working_days_checked(self, start: dt.date, n: int) -> tuple[dt.date, bool]:
        """``(date, provisional)``: provisional when a year from start to the result is not official."""
        end = self.add_working_days(start, n)
        return end, self.provisional_between(start, end)

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        """Number of working days d with a < d <= b (0 when b <= a). O(log overrides)."""
        oa, ob = a.toordinal(), b.toordinal()
        if ob <= oa:
            return 0
        count = _weekdays_up_to(ob) - _weekdays_up_to(oa)
        i, j = bisect_right(self._sorted_ords, oa), bisect_right(self._sorted_ords, ob)
        return count + self._prefix[j] - self._prefix[i]

    def next_working_day_on_or_after(self, d: dt.date) -> dt.date:
        while not self.is_working(d):
            d += dt.timedelta(days=1)
        return d

    def day_name(self, d: dt.date) -> str | None:
        return self._names.get(d)


@dataclass(frozen=True)
class CalendarData:
    """Overrides (only days that differ from the weekend rule), their names, and known years."""

    overrides: dict[dt.date, bool] = field(default_factory=dict)
    names: dict[dt.date, str] = field(default_factory=dict)
    official_years: set[int] = field(default_factory=set)

    def calendar(self) -> WorkCalendar:
        return WorkCalendar.from_data(self)


class CalendarSet:
    """The national calendar and the local days of some jurisdictions, overlaid on demand.

    ``local`` maps a jurisdiction key to ``(overrides, names)``; a jurisdiction without local days
    gets the national calendar itself. Overlaid calendars are built once and kept.
    """

    __slots__ = ("national", "_local", "_built")

    def __init__(
        self,
        national: WorkCalendar,
        local: Mapping[object, tuple[Mapping[dt.date, bool], Mapping[dt.date, str]]] | None = None,
    ) -> None:
        self.national = national
        self._local = dict(local or {})
        self._built: dict[object, WorkCalendar] = {}

    def for_jurisdiction(self, key: object | None) -> WorkCalendar:
        if key is None or key not in self._local:
            return self.national
        cal = self._built.get(key)
        if cal is None:
            overrides, names = self._local[key]
            cal = self._built[key] = self.national.overlay(overrides, names)
        return cal

    @property
    def jurisdictions_with_local_days(self) -> frozenset:
        return frozenset(k for k, (overrides, _names) in self._local.items() if overrides)


def chinese_calendar_overrides(years: Iterable[int]) -> CalendarData:
    """Read the ``chinese_calendar`` package for ``years``; years it does not know are skipped.

    Only days that differ from the weekend rule are returned: weekday holidays (False) and make-up
    weekend working days (True). Names are in Chinese (国庆节, 国庆节（调休上班）).
    """
    import chinese_calendar  # local import: only the sync command and tests need the package

    data = CalendarData()
    for year in sorted(set(years)):
        try:
            chinese_calendar.is_workday(dt.date(year, 1, 1))
        except NotImplementedError:
            continue
        data.official_years.add(year)
        d = dt.date(year, 1, 1)
        end = dt.date(year, 12, 31)
        while d <= end:
            is_holiday, name = chinese_calendar.get_holiday_detail(d)
            working = not is_holiday
            if working != is_weekend_working(d):
                data.overrides[d] = working
                zh = HOLIDAY_NAMES_ZH.get(name, name) if name else ""
                data.names[d] = zh + MAKEUP_SUFFIX if working else zh
            d += dt.timedelta(days=1)
    return data


@functools.lru_cache(maxsize=4)
def _default_calendar(last_year: int) -> WorkCalendar:
    return chinese_calendar_overrides(range(2004, last_year + 1)).calendar()


def default_calendar() -> WorkCalendar:
    """chinese_calendar data for 2004..(this year + 1) where the package knows it (tests and CLI)."""
    return _default_calendar(dt.date.today().year + 1)
