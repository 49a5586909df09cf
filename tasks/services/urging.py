"""催办: office staff press a unit about one of its assignments; the unit's liaisons are notified."""

from django.db import transaction
from django.utils.translation import gettext as _

from tasks.bounds import MAX_BATCH_URGES
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


@transaction.atomic
def urges_send(*, assignments, user, message: str) -> tuple[list[Urge], int]:
    """Urge many units at once (the ledger's or the overdue list's "urge selected units").

    One urge per assignment through :func:`urge_send` (each unit's liaisons are notified);
    completed assignments are skipped. Returns (urges sent, assignments skipped). At most
    ``MAX_BATCH_URGES`` assignments; an empty message or too many is refused and nothing is sent.
    """
    message = (message or "").strip()
    if not message:
        raise UrgeError(_("Write a message for the unit."))
    assignments = list({a.pk: a for a in assignments}.values())
    if not assignments:
        raise UrgeError(_("Choose at least one unit to urge."))
    if len(assignments) > MAX_BATCH_URGES:
        raise UrgeError(
            _("At most %(max)d units can be urged at once; %(count)d were chosen.")
            % {"max": MAX_BATCH_URGES, "count": len(assignments)}
        )
    sent = [urge_send(assignment=a, user=user, message=message) for a in assignments
            if a.status != Status.COMPLETED]
    return sent, len(assignments) - len(sent)


__all__ = ["UrgeError", "urge_send", "urges_send"]
