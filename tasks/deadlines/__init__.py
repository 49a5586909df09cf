"""Deadline phrases: find them in a task's text, resolve them to due dates, light the signal.

Pure Python over strings and dates (no Django). Public API::

    extract_phrase(text) -> str | None
    extract_phrases(text) -> list[str]
    resolve(phrase, *, issued_on=None, year=None, calendar=None, event_on=None) -> Deadline
    resolve_text(text, **same keywords) -> Deadline
    soon_threshold(today, n, calendar) -> date
    signal_light(*, due, completed_on, today, soon_until) -> str
    Deadline, Period, KINDS, LIGHTS, WARNINGS (codes in Deadline.warnings)
"""

from .extract import extract_phrase, extract_phrases, normalize
from .model import (
    FREQUENCIES,
    KINDS,
    LIGHTS,
    UNITS,
    WARN_BAD_COUNT,
    WARN_IMPOSSIBLE_DATE,
    WARN_OUT_OF_RANGE,
    WARNINGS,
    Deadline,
    Period,
    signal_light,
    soon_threshold,
)
from .resolve import add_months, month_end, resolve, resolve_text

__all__ = [
    "FREQUENCIES",
    "KINDS",
    "LIGHTS",
    "UNITS",
    "WARNINGS",
    "WARN_BAD_COUNT",
    "WARN_IMPOSSIBLE_DATE",
    "WARN_OUT_OF_RANGE",
    "Deadline",
    "Period",
    "add_months",
    "extract_phrase",
    "extract_phrases",
    "month_end",
    "normalize",
    "resolve",
    "resolve_text",
    "signal_light",
    "soon_threshold",
]
