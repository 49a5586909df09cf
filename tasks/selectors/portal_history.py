"""Change history of tasks, assignments, reports and extension requests, as a page shows it.

Each history list is read with one query (django-simple-history's records with their user), at
most ``HISTORY_LIMIT`` of its newest records; consecutive records of the same object are compared
in Python with ``diff_against``. The history pages (``portal:assignment_history``,
``portal:task_history``) show it; the detail pages link to them, so that their cost does not grow
with every report and review.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

# The newest records a history list reads (per list: an assignment's own, its reports'…).
HISTORY_LIMIT = 300

# Bookkeeping fields, or fields whose change the record's own user and date already say.
IGNORED = {
    "version", "updated_at", "created_at", "last_reported_at", "acknowledged_by", "reviewer", "reviewed_at",
    "decided_by", "decided_at", "requested_by", "author", "content_changed_at",
}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    subject: str
    action: str  # "created", "changed" or "deleted"
    changes: list[Change] = field(default_factory=list)
    reason: str = ""  # the change reason a service kept (deadline set by the office, calendar change…)


class Entries(list):
    """Entries of a history, newest first; ``truncated`` when older records were left unread."""

    truncated = False


def _display(model, name: str, value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    model_field = model._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if model_field.is_relation:
        return f"#{value}"
    if isinstance(value, datetime):  # shown in the site's time zone, to the minute, never raw UTC
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "Y-m-d H:i")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# Reasons the services store in English (a person's reason is shown as they wrote it).
SERVICE_REASONS = {
    "imported": lambda: _("imported"),
    "event date entered": lambda: _("event date entered"),
    "working-day calendar changed": lambda: _("working-day calendar changed"),
}


def history_entries(records: QuerySet, *, subject, limit: int = HISTORY_LIMIT) -> Entries:
    """Entries for one history queryset (one query, its newest ``limit`` records), newest first.

    ``subject`` turns a historical record into the words naming the object ("Report of 2021-07-01").
    The oldest record read of each object has no predecessor to be compared with: a change it
    records is left out (a creation is not).
    """
    newest = list(records.select_related("history_user").order_by("-history_date", "-history_id")[:limit + 1])
    truncated = len(newest) > limit
    rows = sorted(newest[:limit], key=lambda r: (r.id, r.history_date, r.history_id))
    entries = Entries()
    entries.truncated = truncated
    previous = None
    for record in rows:
        model = record.instance_type
        user = record.history_user
        who = (user.get_full_name() or user.username) if user else _("system")
        if record.history_type == "+":
            entry = HistoryEntry(record.history_date, who, subject(record), _("created"))
        elif record.history_type == "-":
            entry = HistoryEntry(record.history_date, who, subject(record), _("deleted"))
        else:
            entry = HistoryEntry(record.history_date, who, subject(record), _("changed"))
            if previous is not None and previous.id == record.id:
                delta = record.diff_against(previous, excluded_fields=IGNORED)
                entry.changes = [
                    Change(
                        field=str(model._meta.get_field(c.field).verbose_name),
                        old=_display(model, c.field, c.old),
                        new=_display(model, c.field, c.new),
                    )
                    for c in delta.changes
                ]
            if not entry.changes:
                previous = record
                continue
        reason = record.history_change_reason or ""
        entry.reason = SERVICE_REASONS[reason]() if reason in SERVICE_REASONS else reason
        entries.append(entry)
        previous = record
    return entries


def timeline(*lists: list[HistoryEntry]) -> Entries:
    """Merge several entry lists, newest first (truncated if any of them is)."""
    merged = Entries(sorted((entry for entries in lists for entry in entries), key=lambda e: e.when, reverse=True))
    merged.truncated = any(getattr(entries, "truncated", False) for entries in lists)
    return merged


__all__ = ["HISTORY_LIMIT", "Change", "Entries", "HistoryEntry", "history_entries", "timeline"]
