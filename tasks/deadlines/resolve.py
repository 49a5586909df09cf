"""Turn a deadline phrase into a :class:`Deadline` with its due date(s). Pure: no clock, no database.

Decisions (see also the module docstring of :mod:`tasks.deadlines.extract`):

* The year of an unwritten-year date is ``year`` (the document's year), else ``issued_on.year``;
  今年/本年/当年 = that year, 明年/次年 = the next. With neither, date-bearing kinds keep their
  structure but ``due`` stays None (never a guess).
* An impossible date (2月30日, 2月29日 in a non-leap year, 每年2月30日) gives kind "none" with the
  warning ``impossible_date``; a negative count or one over ``bounds.MAX_RELATIVE_COUNT``
  (印发后-5个工作日内) gives kind "none" with ``bad_count``; a due date beyond the last
  representable date gives kind "none" with ``out_of_range``. Never a guess, never a silent "none".
* 3年内 (N年内) is a period from the issue date (or 1 January of the document year) to 31 December
  of year + N - 1: work-point documents count years as calendar years, so a 2019 document's
  "3年内" runs through 2021.
* 定期 (定期评估, 定期公开) is recurring with ``assumed=True`` and no frequency: the document says
  the work recurs but not how often, so no series and no due date is invented; the office sets
  the frequency (a phrase such as 按季度) when it wants reporting periods.
* 按旬 / 每旬 is a ten-day series: 上旬 due on the 10th, 中旬 on the 20th, 下旬 on the month's end.
* 2021年2月公布… (a month with its year at the start of a clause, before an action) is fixed at
  that month's end, as 2021年8月前 is.
* Recurring series stay inside the document's year, from the issue date on: each period whose
  due date falls after the issue date (a due date on the issue day itself is dropped). A named
  day (每月5日前, 每季度首月10日前) is a day of the period's own (first) month. If nothing of
  the year is left (每月5日前 issued on 20 December), the series is the single next occurrence,
  in the following year.
* 印发后一个月内 adds calendar months (clamped to the month's last day: 1-31 + 1 month = 2-28/29).
* Working days come from ``calendar`` (default: weekends only, no official years, so every
  working-day result is provisional).
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
from collections.abc import Callable
from typing import Any

from tasks.workdays import WorkCalendar

from .extract import Hit, best_hit, extract_phrase
from .model import WARN_BAD_COUNT, WARN_IMPOSSIBLE_DATE, WARN_OUT_OF_RANGE, Deadline, Period

__all__ = ["resolve", "resolve_text", "add_months", "month_end"]

_WEEKENDS_ONLY = WorkCalendar.weekends_only()
_CN_Q = {1: "一", 2: "二", 3: "三", 4: "四"}
_XUN = {"上旬": 10, "中旬": 20}
_LEAP = 2000  # a leap year: the longest each month can be


def _impossible(data: dict[str, Any], year: int | None) -> bool:
    """Whether day ``data['d']`` of month ``data['m']`` cannot exist (in ``year``, or in any year)."""
    if "m" not in data or "d" not in data:
        return False
    return data["d"] > _cal.monthrange(year if year is not None else _LEAP, data["m"])[1]


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, _cal.monthrange(year, month)[1])


def add_months(d: dt.date, n: int) -> dt.date:
    """Same day n months later, clamped to that month's last day."""
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(d.day, _cal.monthrange(year, month)[1]))


def _named_day(year: int, month: int, data: dict[str, Any]) -> dt.date:
    """Day ``data['d']`` (clamped) or part 上旬/中旬/底 of a month, default its last day."""
    if "d" in data:
        return dt.date(year, month, min(data["d"], _cal.monthrange(year, month)[1]))
    part = data.get("part")
    if part in _XUN:
        return dt.date(year, month, _XUN[part])
    return month_end(year, month)


class _Ctx:
    def __init__(self, issued_on: dt.date | None, year: int | None, calendar: WorkCalendar,
                 event_on: dt.date | None) -> None:
        self.issued_on = issued_on
        self.doc_year = year if year is not None else (issued_on.year if issued_on else None)
        self.calendar = calendar
        self.event_on = event_on

    def year_of(self, data: dict[str, Any]) -> int | None:
        if data.get("year") is not None:
            return data["year"]
        if self.doc_year is None:
            return None
        return self.doc_year + data.get("year_offset", 0)

    def add(self, start: dt.date, count: int, unit: str) -> tuple[dt.date, bool]:
        if unit == "workday":
            return self.calendar.add_working_days_checked(start, count)
        if unit == "month":
            return add_months(start, count), False
        return start + dt.timedelta(days=count), False


def _fixed(hit: Hit, ctx: _Ctx) -> Deadline:
    data = hit.data
    y = ctx.year_of(data)
    if data["spec"] == "md" and (_impossible(data, None) or (y is not None and _impossible(data, y))):
        return Deadline(kind="none", warnings=[WARN_IMPOSSIBLE_DATE])
    if y is None:
        return Deadline(kind="fixed")
    spec = data["spec"]
    if spec == "md":
        due = dt.date(y, data["m"], data["d"])
    elif spec == "month_part":
        due = _named_day(y, data["m"], data)
    elif spec == "half":
        due = dt.date(y, 6, 30) if data["half"] == 1 else dt.date(y, 12, 31)
    elif spec == "quarter":
        due = month_end(y, 3 * data["q"])
    else:  # year_end
        due = dt.date(y, 12, 31)
    return Deadline(kind="fixed", due=due)


def _relative(hit: Hit, ctx: _Ctx) -> Deadline:
    data = hit.data
    if data.get("bad_count"):
        return Deadline(kind="none", warnings=[WARN_BAD_COUNT])
    dl = Deadline(kind=hit.kind, count=data["count"], unit=data["unit"], event=data.get("event"))
    anchor = ctx.event_on if hit.kind == "event" else ctx.issued_on
    if anchor is not None:
        dl.due, dl.provisional = ctx.add(anchor, data["count"], data["unit"])
    return dl


def _period(hit: Hit, ctx: _Ctx) -> Deadline:
    data = hit.data
    y = ctx.year_of(data)
    spec = data["spec"]
    if spec == "years":
        if y is None:
            return Deadline(kind="period", count=data["n"], unit="year")
        start = ctx.issued_on or dt.date(y, 1, 1)
        end = dt.date(y + data["n"] - 1, 12, 31)
        return Deadline(kind="period", start=start, end=end, due=end, count=data["n"], unit="year")
    if y is None:
        return Deadline(kind="period")
    if spec == "year":  # 全年
        start, end = dt.date(y, 1, 1), dt.date(y, 12, 31)
    elif spec == "month":
        start, end = dt.date(y, data["m"], 1), month_end(y, data["m"])
    else:  # range: 2019年10月至12月, 10月至次年3月, 2019年10月至2020年3月
        m1, m2 = data["m1"], data["m2"]
        y2 = data.get("year2") or (y + 1 if data.get("next_year") or m2 < m1 else y)
        start, end = dt.date(y, m1, 1), month_end(y2, m2)
        if end < start:
            return Deadline(kind="none")
    return Deadline(kind="period", start=start, end=end, due=end)


def _periods_of_year(freq: str, y: int, data: dict[str, Any]) -> list[Period]:
    if freq == "monthly":
        return [Period(f"{y}年{m}月", dt.date(y, m, 1), _named_day(y, m, data)) for m in range(1, 13)]
    if freq == "quarterly":
        out = []
        for q in range(1, 5):
            first = 3 * q - 2
            due = _named_day(y, first, data) if "d" in data else month_end(y, 3 * q)
            out.append(Period(f"{y}年第{_CN_Q[q]}季度", dt.date(y, first, 1), due))
        return out
    if freq == "ten_daily":
        out = []
        for m in range(1, 13):
            for part, first in (("上旬", 1), ("中旬", 11), ("下旬", 21)):
                out.append(Period(f"{y}年{m}月{part}", dt.date(y, m, first), _named_day(y, m, {"part": part})))
        return out
    if freq == "half_yearly":
        return [Period(f"{y}年上半年", dt.date(y, 1, 1), dt.date(y, 6, 30)),
                Period(f"{y}年下半年", dt.date(y, 7, 1), dt.date(y, 12, 31))]
    due = _named_day(y, data["m"], data) if "m" in data else dt.date(y, 12, 31)
    return [Period(f"{y}年度", dt.date(y, 1, 1), due)]


def _recurring(hit: Hit, ctx: _Ctx) -> Deadline:
    data = hit.data
    freq = data["frequency"]
    if freq == "yearly" and _impossible(data, None):  # 每年2月30日前: no such day in any year
        return Deadline(kind="none", warnings=[WARN_IMPOSSIBLE_DATE])
    dl = Deadline(kind="recurring", frequency=freq, assumed=bool(data.get("assumed")))
    y = ctx.doc_year
    if y is None or freq is None:
        return dl
    periods = _periods_of_year(freq, y, data)
    if ctx.issued_on is not None:
        periods = [p for p in periods if p.due > ctx.issued_on]
        nxt = max(y, ctx.issued_on.year)
        while not periods and nxt <= ctx.issued_on.year + 1:
            periods = [p for p in _periods_of_year(freq, nxt, data) if p.due > ctx.issued_on][:1]
            nxt += 1
    dl.periods = periods
    dl.dues = [p.due for p in periods]
    dl.due = dl.dues[0] if dl.dues else None
    if periods:
        dl.start, dl.end = periods[0].start, periods[-1].due
    return dl


_BUILDERS: dict[str, Callable[[Hit, _Ctx], Deadline]] = {
    "fixed": _fixed,
    "workdays_after_issue": _relative,
    "days_after_issue": _relative,
    "event": _relative,
    "period": _period,
    "recurring": _recurring,
    "continuous": lambda hit, ctx: Deadline(kind="continuous"),
}


def resolve(phrase: str | None, *, issued_on: dt.date | None = None, year: int | None = None,
            calendar: WorkCalendar | None = None, event_on: dt.date | None = None) -> Deadline:
    """Structured deadline for ``phrase``; kind "none" (phrase kept, no due) when unreadable."""
    hit = best_hit(phrase) if phrase else None
    if hit is None:
        return Deadline(kind="none", phrase=phrase)
    ctx = _Ctx(issued_on, year, calendar or _WEEKENDS_ONLY, event_on)
    try:
        dl = _BUILDERS[hit.kind](hit, ctx)
    except (ValueError, OverflowError):  # beyond date.max (impossible dates are caught above)
        dl = Deadline(kind="none", warnings=[WARN_OUT_OF_RANGE])
    if dl.kind == "none":
        return Deadline(kind="none", phrase=phrase, warnings=dl.warnings)
    dl.phrase = phrase
    if dl.kind != "recurring":
        dl.dues = [dl.due] if dl.due is not None else []
    return dl


def resolve_text(text: str | None, **kw: Any) -> Deadline:
    """Extract the deadline phrase of a task's text and resolve it.

    Text with no deadline phrase at all gives kind "none" (phrase None); text whose only
    deadline-like words are 持续/常态化/长期坚持… gives "continuous".
    """
    phrase = extract_phrase(text or "")
    if phrase is None:
        return Deadline(kind="none", phrase=None)
    return resolve(phrase, **kw)
