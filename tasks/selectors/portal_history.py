"""Change history of tasks, assignments, reports and extension requests, as a page shows it.

Each history list is read with one query (django-simple-history's records with their user);
consecutive records of the same object are compared in Python with ``diff_against``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

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


def history_entries(records: QuerySet, *, subject) -> list[HistoryEntry]:
    """Entries for one history queryset (one query), newest first.

    ``subject`` turns a historical record into the words naming the object ("Report of 2021-07-01").
    """
    rows = list(records.select_related("history_user").order_by("id", "history_date", "history_id"))
    entries: list[HistoryEntry] = []
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


def timeline(*lists: list[HistoryEntry]) -> list[HistoryEntry]:
    """Merge several entry lists, newest first."""
    merged = [entry for entries in lists for entry in entries]
    return sorted(merged, key=lambda e: e.when, reverse=True)


__all__ = ["Change", "HistoryEntry", "history_entries", "timeline"]
