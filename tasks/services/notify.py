"""Event notifications: an in-app inbox row for each recipient now, an email after the commit.

Services call these functions inside their transaction; nothing here decides business rules.
The emails are sent by a ``transaction.on_commit`` callback, so a rolled-back write sends nothing,
and a mail server that is down never turns a saved report into an error page: a failure is
logged and the inbox row is still there.

Who gets what: the unit's members (liaisons and head) for a review, an urge and an extension
decision; the jurisdiction's office staff for a submitted report and an extension request. The
person who caused the event is never notified of it. Texts are stored and emailed in the site's
language (settings.LANGUAGE_CODE). A user who chose "no emails" still gets the inbox row.
"""

import functools
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from tasks.models import Notification
from tasks.services.mail import (
    absolute_url,
    email_message,
    users_wanting_email,
    with_email_choice,
)
from units.models import JurisdictionRole

logger = logging.getLogger(__name__)


def _unit_liaisons(unit_id: int):
    User = get_user_model()
    return with_email_choice(User.objects.filter(memberships__unit_id=unit_id, is_active=True).distinct())


def _office_staff(jurisdiction_id: int):
    User = get_user_model()
    return with_email_choice(User.objects.filter(
        jurisdiction_roles__jurisdiction_id=jurisdiction_id,
        jurisdiction_roles__role=JurisdictionRole.Role.OFFICE,
        is_active=True,
    ).distinct())


def _in_site_language(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return func(*args, **kwargs)

    return wrapper


def send_event_emails(*, kind: str, user_ids: list[int], context: dict, users=None) -> int:
    """Send one email of ``kind`` to each user who wants emails; returns how many were sent.

    Called after the commit; logs and swallows mail errors (the inbox row is the record).
    ``users``: the recipients' rows as the notifying transaction read them (active users, with
    their email choice: ``_unit_liaisons`` and ``_office_staff`` read it, ``mail.with_email_choice``);
    then nothing is read again.
    """
    try:
        if users is None:
            users = users_wanting_email(user_ids)
        else:
            ids = set(user_ids)
            users = sorted((u for u in users if u.pk in ids and u.is_active and u.email), key=lambda u: u.pk)
            users = [u for u in users if not u.emails_off]
        if not users:
            return 0
        messages = [email_message(kind=kind, user=user, context=context) for user in users]
        return get_connection().send_messages(messages) or 0
    except Exception:
        logger.exception("could not send %s emails to users %s", kind, user_ids)
        return 0


def _notify(users, *, actor_id, kind: str, title: str, body: str, url: str, email_kind: str,
            email_context: dict) -> list[Notification]:
    recipients = [u for u in users if u.pk != actor_id]
    notifications = Notification.objects.bulk_create(
        [Notification(recipient=u, kind=kind, title=title[:300], body=body, url=url) for u in recipients]
    )
    if recipients:
        context = {"title": title, "body": body, "url": absolute_url(url), **email_context}
        transaction.on_commit(
            functools.partial(
                send_event_emails, kind=email_kind, user_ids=[u.pk for u in recipients], context=context,
                users=recipients,
            ),
            robust=True,
        )
    return notifications


def _assignment_context(assignment) -> dict:
    return {
        "assignment": assignment,
        "task": assignment.task,
        "unit": assignment.unit,
        "document": assignment.task.document,
    }


@_in_site_language
def notify_report_submitted(*, report) -> list[Notification]:
    assignment = report.assignment
    title = _("%(unit)s submitted a report: %(task)s") % {"unit": assignment.unit, "task": assignment.task}
    return _notify(
        _office_staff(assignment.task.document.jurisdiction_id), actor_id=report.author_id,
        kind=Notification.Kind.REPORT_SUBMITTED, title=title, body=report.text, url=assignment.get_absolute_url(),
        email_kind="report_submitted", email_context={"report": report, **_assignment_context(assignment)},
    )


@_in_site_language
def notify_report_reviewed(*, report) -> list[Notification]:
    assignment = report.assignment
    accepted = report.state == report.State.ACCEPTED
    title = (_("Report accepted: %(task)s") if accepted else _("Report returned: %(task)s")) % {
        "task": assignment.task
    }
    return _notify(
        _unit_liaisons(assignment.unit_id), actor_id=report.reviewer_id,
        kind=Notification.Kind.REPORT_ACCEPTED if accepted else Notification.Kind.REPORT_RETURNED,
        title=title, body=report.review_note, url=assignment.get_absolute_url(),
        email_kind="report_reviewed",
        email_context={"report": report, "accepted": accepted, **_assignment_context(assignment)},
    )


@_in_site_language
def notify_urge(*, urge) -> list[Notification]:
    assignment = urge.assignment
    title = _("Urged: %(task)s") % {"task": assignment.task}
    return _notify(
        _unit_liaisons(assignment.unit_id), actor_id=urge.sent_by_id,
        kind=Notification.Kind.URGE, title=title, body=urge.message, url=assignment.get_absolute_url(),
        email_kind="urge", email_context={"urge": urge, **_assignment_context(assignment)},
    )


@_in_site_language
def notify_extension_requested(*, request) -> list[Notification]:
    assignment = request.assignment
    title = _("%(unit)s asks for an extension: %(task)s") % {"unit": assignment.unit, "task": assignment.task}
    return _notify(
        _office_staff(assignment.task.document.jurisdiction_id), actor_id=request.requested_by_id,
        kind=Notification.Kind.EXTENSION_REQUESTED, title=title, body=request.reason,
        url=assignment.get_absolute_url(),
        email_kind="extension_requested", email_context={"request": request, **_assignment_context(assignment)},
    )


@_in_site_language
def notify_extension_decided(*, request) -> list[Notification]:
    assignment = request.assignment
    title = _("Extension %(state)s: %(task)s") % {"state": request.get_state_display(), "task": assignment.task}
    approved = request.state == request.State.APPROVED
    return _notify(
        _unit_liaisons(assignment.unit_id), actor_id=request.decided_by_id,
        kind=Notification.Kind.EXTENSION_DECIDED, title=title, body=request.decision_note,
        url=assignment.get_absolute_url(),
        email_kind="extension_decided",
        email_context={"request": request, "approved": approved, **_assignment_context(assignment)},
    )


__all__ = [
    "notify_extension_decided",
    "notify_extension_requested",
    "notify_report_reviewed",
    "notify_report_submitted",
    "notify_urge",
    "send_event_emails",
]
