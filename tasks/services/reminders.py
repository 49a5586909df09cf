"""Daily reminder digests, sent exactly once per person and day.

Exactly once works like this: before a digest is sent, its key (``digest:liaison:<user id>:<day>``
or ``digest:office:<user id>:<day>``) is *claimed* by inserting a ReminderLog row in its own
committed transaction. The key is unique, so of two overlapping runs only one can insert it; the
other gets an IntegrityError and skips that digest. If sending then fails, the claim is released
(deleted) so that the next run tries again. The in-app copy of the digest is written in the same
transaction as the claim and removed with it.

Unlike the other services this is deliberately *not* one transaction: each claim must be committed
before its email goes out, or an overlapping run could not see it.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import get_connection
from django.db import IntegrityError, OperationalError, connection, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from tasks.models import Notification, ReminderLog
from tasks.selectors.reminders import LiaisonDigest, OfficeDigest, ReminderWindow, liaison_digests, office_digests
from tasks.services.mail import email_message

logger = logging.getLogger(__name__)

# SQLite answers a write that meets another connection's write lock with "database is locked" once
# its busy timeout runs out, and at once in shared-cache mode (the test database). Those are
# transient, so a claim is retried a few times before giving up.
LOCK_RETRIES = 20
LOCK_RETRY_SECONDS = 0.05


@dataclass
class Claim:
    log: ReminderLog
    notification: Notification | None = None


def _is_transient_lock(exc: OperationalError) -> bool:
    return connection.vendor == "sqlite" and "locked" in str(exc).lower()


def reminder_claim(*, key: str, recipient=None, detail: str = "", notification: Notification | None = None):
    """Insert the ReminderLog row for ``key`` (and the in-app copy), committed; None if already claimed."""
    for attempt in range(LOCK_RETRIES):
        try:
            with transaction.atomic():
                log = ReminderLog(key=key, recipient=recipient, detail=detail)
                log.full_clean(validate_unique=False)  # uniqueness is the database's job, race-free
                log.save(force_insert=True)
                if notification is not None:
                    notification.pk = None  # a retried attempt inserts afresh
                    notification.save(force_insert=True)
            return Claim(log=log, notification=notification)
        except IntegrityError:
            return None
        except OperationalError as exc:
            if connection.in_atomic_block or not _is_transient_lock(exc) or attempt == LOCK_RETRIES - 1:
                raise
            time.sleep(LOCK_RETRY_SECONDS * (attempt + 1))
    return None  # not reached


@transaction.atomic
def reminder_release(*, claim: Claim) -> None:
    """Undo a claim whose email could not be sent, so that the next run retries it."""
    if claim.notification is not None and claim.notification.pk:
        Notification.objects.filter(pk=claim.notification.pk).delete()
    ReminderLog.objects.filter(pk=claim.log.pk).delete()


def reminder_claimed(*, key: str) -> bool:
    return ReminderLog.objects.filter(key=key).exists()


@dataclass
class PlannedDigest:
    """One digest email, ready to claim and send."""

    key: str
    user: object
    kind: str  # "liaison" or "office"
    context: dict
    inbox_title: str
    inbox_body: str
    inbox_url: str

    def message(self):
        return email_message(kind=f"digest_{self.kind}", user=self.user, context=self.context)


@dataclass
class Outcome:
    """What happened to one planned digest in a run."""

    SENT = "sent"
    WOULD_SEND = "would send"
    ALREADY_SENT = "already sent"
    NO_EMAIL = "no email address"
    FAILED = "failed"

    planned: PlannedDigest
    status: str
    subject: str = ""
    error: str = ""


@dataclass
class ReminderRun:
    window: ReminderWindow
    dry_run: bool = False
    skipped_day: bool = False
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def sent(self) -> int:
        return self.count(Outcome.SENT)

    @property
    def failed(self) -> int:
        return self.count(Outcome.FAILED)


def digest_key(kind: str, user_id: int, on: date) -> str:
    return f"digest:{kind}:{user_id}:{on.isoformat()}"


def _liaison_plan(digest: LiaisonDigest, window: ReminderWindow) -> PlannedDigest:
    counts = {"overdue": digest.overdue.total, "today": digest.today.total, "soon": digest.soon.total,
              "days": window.workdays}
    return PlannedDigest(
        key=digest_key("liaison", digest.user.pk, window.today),
        user=digest.user,
        kind="liaison",
        context={"digest": digest, "window": window, "counts": counts,
                 "home_url": settings.SITE_URL + reverse("portal:home")},
        inbox_title=_("Daily reminder for %(day)s: %(overdue)s overdue, %(today)s due today, %(soon)s due soon")
        % {"day": window.today.isoformat(), **counts},
        inbox_body=", ".join(digest.units),
        inbox_url=reverse("portal:home"),
    )


def _office_plan(digest: OfficeDigest, window: ReminderWindow) -> PlannedDigest:
    counts = {"reports": digest.reports.total, "units": digest.overdue_units.total,
              "items": digest.overdue_items}
    return PlannedDigest(
        key=digest_key("office", digest.user.pk, window.today),
        user=digest.user,
        kind="office",
        context={"digest": digest, "window": window, "counts": counts,
                 "review_url": settings.SITE_URL + reverse("portal:review_queue"),
                 "overview_url": settings.SITE_URL + reverse("portal:overview")},
        inbox_title=_("Daily summary for %(day)s: reports to review: %(reports)s, units with overdue work: "
                      "%(units)s") % {"day": window.today.isoformat(), **counts},
        inbox_body=", ".join(digest.jurisdictions),
        inbox_url=reverse("portal:review_queue"),
    )


def digests_plan(*, window: ReminderWindow) -> list[PlannedDigest]:
    """Every non-empty digest for the day: liaisons first, then office staff."""
    with translation.override(settings.LANGUAGE_CODE):
        return [_liaison_plan(d, window) for d in liaison_digests(window=window)] + [
            _office_plan(d, window) for d in office_digests(window=window)
        ]


def _send_one(planned: PlannedDigest, mail_connection) -> Outcome:
    message = planned.message()
    notification = Notification(recipient=planned.user, kind=Notification.Kind.DIGEST,
                                title=planned.inbox_title[:300], body=planned.inbox_body, url=planned.inbox_url)
    claim = reminder_claim(key=planned.key, recipient=planned.user, detail=message.subject,
                           notification=notification)
    if claim is None:
        return Outcome(planned, Outcome.ALREADY_SENT, subject=message.subject)
    try:
        if mail_connection.send_messages([message]) != 1:
            raise RuntimeError("the email backend reported nothing sent")
    except Exception as exc:
        logger.exception("could not send reminder %s", planned.key)
        reminder_release(claim=claim)
        return Outcome(planned, Outcome.FAILED, subject=message.subject, error=str(exc) or type(exc).__name__)
    return Outcome(planned, Outcome.SENT, subject=message.subject)


def reminders_send(*, on: date, dry_run: bool = False, all_days: bool = False, mail_connection=None) -> ReminderRun:
    """Send the day's digests that were not sent yet; with dry_run, only say what would be sent.

    On a day that is not a working day (weekend, statutory holiday) nothing is sent unless
    ``all_days``: offices are closed, and the next working day's digest covers those days.
    """
    window = ReminderWindow.for_day(on)
    run = ReminderRun(window=window, dry_run=dry_run)
    if not window.is_working_day and not all_days:
        run.skipped_day = True
        return run
    planned = digests_plan(window=window)
    if dry_run:
        for p in planned:
            status = (Outcome.NO_EMAIL if not p.user.email
                      else Outcome.ALREADY_SENT if reminder_claimed(key=p.key) else Outcome.WOULD_SEND)
            run.outcomes.append(Outcome(p, status, subject=p.message().subject))
        return run
    mail_connection = mail_connection or get_connection()
    try:
        mail_connection.open()
    except Exception:  # a server that is down: every send below fails on its own and is released
        logger.exception("could not connect to the mail server")
    try:
        for p in planned:
            if not p.user.email:
                run.outcomes.append(Outcome(p, Outcome.NO_EMAIL))
                continue
            run.outcomes.append(_send_one(p, mail_connection))
    finally:
        mail_connection.close()
    return run
