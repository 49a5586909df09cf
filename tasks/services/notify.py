"""Event notifications: in-app inbox rows now, emails sent after the transaction commits.

Services call these functions inside their transaction; nothing here decides business rules.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from tasks.models import Notification
from units.models import JurisdictionRole


def _unit_liaisons(unit_id: int):
    User = get_user_model()
    return User.objects.filter(memberships__unit_id=unit_id, is_active=True).distinct()


def _office_staff(jurisdiction_id: int):
    User = get_user_model()
    return User.objects.filter(
        jurisdiction_roles__jurisdiction_id=jurisdiction_id,
        jurisdiction_roles__role=JurisdictionRole.Role.OFFICE,
        is_active=True,
    ).distinct()


def _create(users, *, kind: str, title: str, body: str = "", url: str = "") -> list[Notification]:
    return Notification.objects.bulk_create(
        [Notification(recipient=u, kind=kind, title=title[:300], body=body, url=url) for u in users]
    )


def notify_report_submitted(*, report) -> list[Notification]:
    assignment = report.assignment
    title = _("%(unit)s submitted a report: %(task)s") % {"unit": assignment.unit, "task": assignment.task}
    return _create(
        _office_staff(assignment.task.document.jurisdiction_id),
        kind=Notification.Kind.REPORT_SUBMITTED, title=title, body=report.text, url=assignment.get_absolute_url(),
    )


def notify_report_reviewed(*, report) -> list[Notification]:
    assignment = report.assignment
    accepted = report.state == report.State.ACCEPTED
    title = (_("Report accepted: %(task)s") if accepted else _("Report returned: %(task)s")) % {
        "task": assignment.task
    }
    return _create(
        _unit_liaisons(assignment.unit_id),
        kind=Notification.Kind.REPORT_ACCEPTED if accepted else Notification.Kind.REPORT_RETURNED,
        title=title, body=report.review_note, url=assignment.get_absolute_url(),
    )


def notify_urge(*, urge) -> list[Notification]:
    assignment = urge.assignment
    title = _("Urged: %(task)s") % {"task": assignment.task}
    return _create(
        _unit_liaisons(assignment.unit_id),
        kind=Notification.Kind.URGE, title=title, body=urge.message, url=assignment.get_absolute_url(),
    )


def notify_extension_requested(*, request) -> list[Notification]:
    assignment = request.assignment
    title = _("%(unit)s asks for an extension: %(task)s") % {"unit": assignment.unit, "task": assignment.task}
    return _create(
        _office_staff(assignment.task.document.jurisdiction_id),
        kind=Notification.Kind.EXTENSION_REQUESTED, title=title, body=request.reason,
        url=assignment.get_absolute_url(),
    )


def notify_extension_decided(*, request) -> list[Notification]:
    assignment = request.assignment
    title = _("Extension %(state)s: %(task)s") % {"state": request.get_state_display(), "task": assignment.task}
    return _create(
        _unit_liaisons(assignment.unit_id),
        kind=Notification.Kind.EXTENSION_DECIDED, title=title, body=request.decision_note,
        url=assignment.get_absolute_url(),
    )


__all__ = [
    "notify_extension_decided",
    "notify_extension_requested",
    "notify_report_reviewed",
    "notify_report_submitted",
    "notify_urge",
]
