"""Models of the tasks app, one module per part of the domain."""

from tasks.models.calendar import CalendarDay, CalendarYear
from tasks.models.choices import DeadlineKind, Light, Role, Status
from tasks.models.documents import Document, ImportDraft, Section, Task
from tasks.models.jobs import ExportJob
from tasks.models.notifications import Notification, NotificationSetting, ReminderLog
from tasks.models.progress import (
    Assignment,
    AssignmentPeriod,
    Attachment,
    ExtensionRequest,
    ProgressReport,
    ReportingPeriod,
    Urge,
)

__all__ = [
    "Assignment",
    "AssignmentPeriod",
    "Attachment",
    "CalendarDay",
    "CalendarYear",
    "DeadlineKind",
    "Document",
    "ExportJob",
    "ExtensionRequest",
    "ImportDraft",
    "Light",
    "Notification",
    "NotificationSetting",
    "ProgressReport",
    "ReminderLog",
    "ReportingPeriod",
    "Role",
    "Section",
    "Status",
    "Task",
    "Urge",
]
