"""The structured form of a deadline, and the signal light computed from a due date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from tasks.workdays import WorkCalendar

KINDS = (
    "fixed",  # a day named by the document: 于7月15日前, 11月底前, 2021年年底前, 三季度末
    "workdays_after_issue",  # 本要点发布20个工作日内: issue date + N working days
    "days_after_issue",  # 印发之日起30日内, 印发后一个月内: issue date + N calendar days / months
    "event",  # 决策文件出台后的10个工作日内: unknown until the event date is entered
    "period",  # 将8月份定为"政府开放月", 3年内, 2019年10月至12月: a start and an end
    "recurring",  # 按季度, 每月5日前, 每年至少召开1次会议, 定期: a series of due dates
    "continuous",  # 持续, 常态化, 长期坚持: no due date, still reported
    "none",  # nothing readable: never a guess
)
UNITS = ("workday", "day", "month", "year")  # "year" only for period N年内
FREQUENCIES = ("ten_daily", "monthly", "quarterly", "half_yearly", "yearly")
LIGHTS = ("grey", "green", "yellow", "red", "done", "done_late")

# Warnings a resolved deadline can carry (codes; the pages show them translated): why a phrase
# that looks like a deadline gave no due date.
WARN_IMPOSSIBLE_DATE = "impossible_date"  # 2026年2月30日前, 2月29日 of a non-leap year
WARN_BAD_COUNT = "bad_count"  # 印发后-5个工作日内, or a count beyond bounds.MAX_RELATIVE_COUNT
WARN_OUT_OF_RANGE = "out_of_range"  # the due date would fall outside any representable date
WARNINGS = (WARN_IMPOSSIBLE_DATE, WARN_BAD_COUNT, WARN_OUT_OF_RANGE)


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d is not None else None


def _date(s: str | None) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


@dataclass(frozen=True)
class Period:
    """One reporting period of a recurring deadline: 2021年第三季度, due 2021-09-30."""

    label: str
    start: dt.date
    due: dt.date

    def to_dict(self) -> dict[str, str]:
        return {"label": self.label, "start": self.start.isoformat(), "due": self.due.isoformat()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Period:
        return cls(label=data["label"], start=dt.date.fromisoformat(data["start"]),
                   due=dt.date.fromisoformat(data["due"]))


@dataclass
class Deadline:
    """A deadline as written (``phrase``) plus the structure its due date(s) come from.

    ``due`` is the first (or only) due date; ``dues`` the whole series (``[due]`` or ``[]`` for
    non-recurring kinds). ``count``/``unit`` describe relative kinds (unit "month" is used for
    一个月内); ``event`` holds the event words of an event deadline. ``frequency`` is set for
    recurring kinds that say how often, and ``assumed`` marks a recurrence the document does not
    spell out (定期: recurring, no frequency, no dates). ``provisional`` is True when the due date
    was computed over a year with no official working-day schedule. ``warnings`` holds codes from
    :data:`WARNINGS` explaining why a deadline-like phrase gave no due date (kept out of
    ``to_dict`` when empty, so stored data of phrases without warnings is unchanged).
    """

    kind: str = "none"
    phrase: str | None = None
    due: dt.date | None = None
    dues: list[dt.date] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    start: dt.date | None = None
    end: dt.date | None = None
    count: int | None = None
    unit: str | None = None
    event: str | None = None
    provisional: bool = False
    frequency: str | None = None
    assumed: bool = False
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form for a JSONField (dates as ISO strings)."""
        data = {
            "kind": self.kind,
            "phrase": self.phrase,
            "due": _iso(self.due),
            "dues": [d.isoformat() for d in self.dues],
            "periods": [p.to_dict() for p in self.periods],
            "start": _iso(self.start),
            "end": _iso(self.end),
            "count": self.count,
            "unit": self.unit,
            "event": self.event,
            "provisional": self.provisional,
            "frequency": self.frequency,
            "assumed": self.assumed,
        }
        if self.warnings:
            data["warnings"] = list(self.warnings)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Deadline:
        data = data or {}
        return cls(
            kind=data.get("kind") or "none",
            phrase=data.get("phrase"),
            due=_date(data.get("due")),
            dues=[dt.date.fromisoformat(s) for s in data.get("dues") or []],
            periods=[Period.from_dict(p) for p in data.get("periods") or []],
            start=_date(data.get("start")),
            end=_date(data.get("end")),
            count=data.get("count"),
            unit=data.get("unit"),
            event=data.get("event"),
            provisional=bool(data.get("provisional", False)),
            frequency=data.get("frequency"),
            assumed=bool(data.get("assumed", False)),
            warnings=list(data.get("warnings") or []),
        )


def soon_threshold(today: dt.date, n: int, calendar: WorkCalendar) -> dt.date:
    """Last date that counts as "due within n working days" of today (today + n working days)."""
    return calendar.add_working_days(today, max(n, 0))


def signal_light(*, due: dt.date | None, completed_on: dt.date | None, today: dt.date,
                 soon_until: dt.date) -> str:
    """grey (no due date), green, yellow (today <= due <= soon_until), red (overdue), done, done_late.

    A completed assignment is "done" when completed on or before its due date (or it has none),
    "done_late" when completed after it.
    """
    if completed_on is not None:
        return "done_late" if due is not None and completed_on > due else "done"
    if due is None:
        return "grey"
    if due < today:
        return "red"
    if due <= soon_until:
        return "yellow"
    return "green"
