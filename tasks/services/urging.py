"""催办: office staff press a unit about one of its assignments; the unit's liaisons are notified."""

from django.db import transaction
from django.utils.translation import gettext as _

from tasks.models import Assignment, Status, Urge
from tasks.services import notify
from tasks.services.errors import ServiceError


class UrgeError(ServiceError):
    """An urge that makes no sense (empty message, task already completed)."""


@transaction.atomic
def urge_send(*, assignment: Assignment, user, message: str) -> Urge:
    message = (message or "").strip()
    if not message:
        raise UrgeError(_("Write a message for the unit."))
    if assignment.status == Status.COMPLETED:
        raise UrgeError(_("This assignment is already completed."))
    urge = Urge(assignment=assignment, sent_by=user, message=message)
    urge.full_clean()
    urge.save()
    notify.notify_urge(urge=urge)
    return urge


__all__ = ["UrgeError", "urge_send"]
