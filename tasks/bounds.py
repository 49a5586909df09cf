"""Bounds on what people and commands may enter, in one place. Pure Python: no Django.

Forms, services, commands and the pure deadline resolver import these constants, so a limit is
written once and every layer agrees on it.
"""

from __future__ import annotations

import datetime as dt

# Years a date that a person enters (an event date, a due date, ``--today``) may fall in.
SUPPORTED_YEARS = range(2000, 2101)
FIRST_SUPPORTED_DATE = dt.date(SUPPORTED_YEARS.start, 1, 1)
LAST_SUPPORTED_DATE = dt.date(SUPPORTED_YEARS.stop - 1, 12, 31)

# Largest count a relative deadline phrase may name (本要点发布20个工作日内, 印发之日起30日内,
# 印发后一个月内); a larger or negative count is read as no date, with a warning.
MAX_RELATIVE_COUNT = {"workday": 3660, "day": 3660, "month": 120}

# Longest deadline phrase that is resolved (Task.deadline_phrase holds 200 characters).
MAX_DEADLINE_PHRASE_CHARS = 200

# Longest requirement text a person may enter for a task (the import preview's correction box). The
# longest task of the seeds and the corpus is under 1,000 characters.
MAX_TASK_TEXT_CHARS = 5000

# Progress reports.
MAX_EVIDENCE_LINKS = 20
MAX_EVIDENCE_LINK_CHARS = 500
MAX_ATTACHMENTS = 10

# Batch work in the portal: how many rows one request may change, and the reason kept in history
# (simple-history's change-reason column holds 100 characters).
MAX_BATCH_TASKS = 500
MAX_BATCH_URGES = 200
MAX_BATCH_REVIEWS = 100
MAX_CHANGE_REASON_CHARS = 100


def date_supported(value: dt.date) -> bool:
    """Whether ``value`` falls in :data:`SUPPORTED_YEARS`."""
    return value.year in SUPPORTED_YEARS


__all__ = [
    "FIRST_SUPPORTED_DATE",
    "LAST_SUPPORTED_DATE",
    "MAX_ATTACHMENTS",
    "MAX_BATCH_REVIEWS",
    "MAX_BATCH_TASKS",
    "MAX_BATCH_URGES",
    "MAX_CHANGE_REASON_CHARS",
    "MAX_DEADLINE_PHRASE_CHARS",
    "MAX_EVIDENCE_LINKS",
    "MAX_EVIDENCE_LINK_CHARS",
    "MAX_RELATIVE_COUNT",
    "MAX_TASK_TEXT_CHARS",
    "SUPPORTED_YEARS",
    "date_supported",
]

# Background exports (tasks/jobs/): the filter querystring a job keeps, and how many exports one
# person may have waiting or running at once (a button pressed again and again queues no more).
MAX_EXPORT_QUERY_CHARS = 2000
MAX_ACTIVE_EXPORT_JOBS = 5

# Large uploads a person may have waiting for (or in) a worker's parse at once.
MAX_PARSING_IMPORTS = 3
