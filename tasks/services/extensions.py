"""延期申请: a unit asks for a later due date; office staff approve or refuse.

The request keeps the due date it was made against (``original_due``) and the date asked for, so
both stay visible after approval; approval moves the assignment's effective due date.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tasks.models import Assignment, ExtensionRequest, Status
from tasks.services import notify
from tasks.services.assignments import assignment_refresh_due, assignment_update, touch_document
from tasks.services.due_dates import supported_date_check
from tasks.services.errors import ServiceError
from tasks.services.history import record_change


class ExtensionError(ServiceError):
    """An extension request or decision that cannot be accepted."""


@transaction.atomic
def extension_request(*, assignment: Assignment, user, requested_due: date, reason: str) -> ExtensionRequest:
    reason = (reason or "").strip()
    if not reason:
        raise ExtensionError(_("Give a reason for the extension."))
    if assignment.status == Status.COMPLETED:
        raise ExtensionError(_("This assignment is already completed."))
    supported_date_check(value=requested_due)
    if requested_due <= timezone.localdate():
        raise ExtensionError(_("The new due date must be in the future."))
    if assignment.due_on and requested_due <= assignment.due_on:
        raise ExtensionError(_("The new due date must be later than the current one (%(due)s).") % {
            "due": assignment.due_on.isoformat()})
    if assignment.extension_requests.filter(state=ExtensionRequest.State.PENDING).exists():
        raise ExtensionError(_("An extension request for this assignment is already waiting for a decision."))
    request = ExtensionRequest(
        assignment=assignment, requested_by=user, original_due=assignment.due_on, requested_due=requested_due,
        reason=reason,
    )
    request._history_user = user
    request.full_clean()
    request.save()
    notify.notify_extension_requested(request=request)
    return request


@transaction.atomic
def extension_decide(
    *, request: ExtensionRequest, user, approve: bool, note: str = "", version: int | None = None
) -> ExtensionRequest:
    """Approve (the assignment's due date becomes the requested one) or refuse, with a note."""
    note = (note or "").strip()
    if not approve and not note:
        raise ExtensionError(_("Say why the extension is refused."))
    state = ExtensionRequest.State.APPROVED if approve else ExtensionRequest.State.REFUSED
    updated = ExtensionRequest.objects.filter(pk=request.pk, state=ExtensionRequest.State.PENDING).update(
        state=state, decided_by=user, decided_at=timezone.now(), decision_note=note
    )
    if not updated:
        raise ExtensionError(_("This extension request has already been decided."))
    request = ExtensionRequest.objects.select_related("assignment__task__document", "assignment__unit").get(
        pk=request.pk
    )
    record_change(request, user=user)
    assignment = request.assignment
    if approve:
        version = version if version is not None else assignment.version
        if assignment.due_override:
            # The extension is the later decision: it replaces the unit's own date.
            assignment = assignment_update(assignment_id=assignment.pk, user=user, version=version,
                                           due_override=None)
            version = assignment.version
        assignment_refresh_due(assignment=assignment, user=user, version=version)
        touch_document(assignment.task.document, units=[assignment.unit_id])
    notify.notify_extension_decided(request=request)
    return request


__all__ = ["ExtensionError", "extension_decide", "extension_request"]
