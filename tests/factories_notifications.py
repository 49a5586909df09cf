"""Builders for the reminder and notification tests (on top of tests/factories.py)."""

from datetime import date

from tasks.models import (
    Assignment,
    AssignmentPeriod,
    ExtensionRequest,
    Notification,
    NotificationSetting,
    ReportingPeriod,
    Status,
    Urge,
)
from tests import factories


def due(assignment: Assignment, on: date | None, *, status: str = Status.NOT_STARTED) -> Assignment:
    """Give an assignment an effective due date and status (what tasks.services keeps current)."""
    Assignment.objects.filter(pk=assignment.pk).update(due_on=on, status=status)
    assignment.refresh_from_db()
    return assignment


def due_task(*, document, unit, on: date, text: str, status: str = Status.NOT_STARTED, **kw) -> Assignment:
    """A new task with one assignment to ``unit`` due ``on``."""
    task = factories.task(document=document, text=text, due_on=on, **kw)
    return due(factories.assignment(task=task, unit=unit), on, status=status)


def demo_situation(world):
    """The demo situation on ``world``: every user has an e-mail address, and the task
    于7月15日前制定并公开本单位工作方案 is due on 2021-07-15 for its first unit."""
    for user in (world.liaison, world.other_liaison, world.office, world.supervisor, world.other_office):
        user.email = f"{user.username}@example.org"
        user.save()
    world.task.text = "于7月15日前制定并公开本单位工作方案。"
    world.task.save()
    due(world.assignment, date(2021, 7, 15))
    return world


def periods(*, task, spans: list[tuple[str, date, date]]) -> list[ReportingPeriod]:
    """Reporting periods (label, start, due) for a recurring task, with a state per assignment."""
    rows = [
        ReportingPeriod.objects.create(task=task, index=i, label=label, starts_on=start, due_on=due_on)
        for i, (label, start, due_on) in enumerate(spans)
    ]
    for assignment in task.assignments.all():
        AssignmentPeriod.objects.bulk_create([AssignmentPeriod(assignment=assignment, period=p) for p in rows])
    return rows


def period_status(*, assignment, period, status: str) -> None:
    AssignmentPeriod.objects.filter(assignment=assignment, period=period).update(status=status)


def no_emails(user) -> NotificationSetting:
    return NotificationSetting.objects.create(user=user, digest=NotificationSetting.Digest.NONE)


def urge(*, assignment, sent_by, message="请于本周内报送进展情况。") -> Urge:
    return Urge.objects.create(assignment=assignment, sent_by=sent_by, message=message)


def extension(*, assignment, requested_by, requested_due=date(2021, 7, 30), **kw) -> ExtensionRequest:
    kw.setdefault("reason", "需会同有关部门研究。")
    return ExtensionRequest.objects.create(
        assignment=assignment, requested_by=requested_by, original_due=assignment.due_on,
        requested_due=requested_due, **kw,
    )


def notification(*, recipient, title="测试通知", url="/", **kw) -> Notification:
    kw.setdefault("kind", Notification.Kind.URGE)
    return Notification.objects.create(recipient=recipient, title=title, url=url, **kw)
