"""Progress reports: a unit submits (text, percent, evidence links, files), office staff review.

Reports are their own rows, so two reports submitted at the same moment are both kept; the
assignment's status is updated with a single UPDATE that does not depend on what was read.
Reviewing is conditional twice over: on the report still waiting for review, and on the
assignment's version, so two reviewers can never both decide or overwrite each other.
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Iterable
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from tasks.bounds import MAX_ATTACHMENTS, MAX_BATCH_REVIEWS, MAX_EVIDENCE_LINK_CHARS, MAX_EVIDENCE_LINKS
from tasks.models import Assignment, AssignmentPeriod, Attachment, ProgressReport, ReportingPeriod, Status
from tasks.services import notify
from tasks.services.assignments import assignment_refresh_due, assignment_update, touch_document
from tasks.services.errors import ServiceError
from tasks.services.history import record_change

_url_validator = URLValidator(schemes=["http", "https"])
# Never stored in a link, even though URLValidator lets some through in the path: whitespace,
# quotes, angle brackets and backticks (a link is shown in pages and exports).
_FORBIDDEN_IN_LINK = frozenset("\"'<>`\\")


class ReportError(ServiceError):
    """A report or a review that cannot be accepted as given."""


def attachment_check(*, name: str, size: int) -> None:
    """Refuse files over the size limit or with an extension not on the whitelist."""
    limit_mb = settings.OPENSCHED_MAX_UPLOAD_MB
    extension = PurePath(name).suffix.lower().lstrip(".")
    allowed = [e.lower() for e in settings.OPENSCHED_ATTACHMENT_EXTENSIONS]
    if extension not in allowed:
        raise ReportError(
            _("%(name)s: files of this type are not accepted (allowed: %(allowed)s).")
            % {"name": name, "allowed": ", ".join(allowed)}
        )
    if size > limit_mb * 1024 * 1024:
        raise ReportError(_("%(name)s is larger than %(limit)s MB.") % {"name": name, "limit": limit_mb})


def attachments_count_check(*, count: int) -> None:
    """Refuse more than ``bounds.MAX_ATTACHMENTS`` files in one report."""
    if count > MAX_ATTACHMENTS:
        raise ReportError(
            _("A report can have at most %(limit)s attached files (%(count)s were given).")
            % {"limit": MAX_ATTACHMENTS, "count": count}
        )


def _link_is_safe(url: str) -> bool:
    return not any(ch.isspace() or not ch.isprintable() or ch in _FORBIDDEN_IN_LINK for ch in url)


_BARE_HOST = re.compile(r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d+)?([/?#]|$)")


def _with_scheme(url: str) -> str:
    """``www.x.gov.cn/zwgk/1.html`` as people copy it from the address bar: completed with http://
    (many government sites answer on http only; a browser upgrades to https where there is one)."""
    if "://" not in url and _BARE_HOST.match(url):
        return "http://" + url
    return url


def evidence_urls_clean(urls: Iterable[str]) -> list[str]:
    """Strip, drop blanks and duplicates; then check the limits (at most ``MAX_EVIDENCE_LINKS``
    links of at most ``MAX_EVIDENCE_LINK_CHARS`` characters) before anything else, and that every
    link is an http(s) URL with no whitespace, quotes or angle brackets."""
    cleaned = list(dict.fromkeys(_with_scheme(url.strip()) for url in urls if url and url.strip()))
    if len(cleaned) > MAX_EVIDENCE_LINKS:
        raise ReportError(
            _("A report can have at most %(limit)s evidence links (%(count)s were given).")
            % {"limit": MAX_EVIDENCE_LINKS, "count": len(cleaned)}
        )
    for url in cleaned:
        if len(url) > MAX_EVIDENCE_LINK_CHARS:
            raise ReportError(
                _("An evidence link can be at most %(limit)s characters long (one has %(count)s).")
                % {"limit": MAX_EVIDENCE_LINK_CHARS, "count": len(url)}
            )
    for url in cleaned:
        try:
            if not _link_is_safe(url):
                raise ValidationError("unsafe characters")
            _url_validator(url)
        except ValidationError:
            raise ReportError(_("Not a valid http or https link: %(url)s") % {"url": url})
    return cleaned


def _save_attachments(report: ProgressReport, files) -> list[Attachment]:
    saved = []
    for upload in files:
        name = PurePath(upload.name).name[:255]
        attachment = Attachment(
            report=report,
            original_name=name,
            size=upload.size,
            content_type=(getattr(upload, "content_type", "") or mimetypes.guess_type(name)[0] or "")[:100],
        )
        attachment.file.save(name, upload, save=False)
        saved.append(attachment)
        attachment.full_clean()
        attachment.save()
    return saved


def task_has_periods(task) -> bool:
    """Whether the task reports per period; answered from ``task.periods`` when the caller has
    prefetched them (the report form's view does), else with one query."""
    prefetched = getattr(task, "_prefetched_objects_cache", {}).get("periods")
    if prefetched is not None:
        return bool(prefetched)
    return task.periods.exists()


def _percent_in_range(percent) -> bool:
    """Whether ``percent`` certainly satisfies the report_percent_0_100 constraint."""
    return isinstance(percent, int) and not isinstance(percent, bool) and 0 <= percent <= 100


@transaction.atomic
def progress_report_submit(
    *,
    assignment: Assignment,
    user,
    text: str,
    percent: int,
    evidence_urls: Iterable[str] = (),
    files: Iterable = (),
    period: ReportingPeriod | None = None,
) -> ProgressReport:
    """Record a report and mark the assignment as submitted; office staff are notified.

    The limits (number of files and links, each file's size and type, each link's length and
    form) are checked before anything is read or written.
    """
    files = list(files)
    attachments_count_check(count=len(files))
    for upload in files:
        attachment_check(name=upload.name, size=upload.size)
    urls = evidence_urls_clean(evidence_urls)
    has_periods = task_has_periods(assignment.task)
    if period is not None and period.task_id != assignment.task_id:
        raise ReportError(_("This reporting period belongs to another task."))
    if has_periods and period is None:
        raise ReportError(_("Choose the reporting period this report is for."))
    if assignment.status == Status.COMPLETED and not has_periods:
        raise ReportError(_("This assignment is already completed."))
    report = ProgressReport(
        assignment=assignment, author=user, text=(text or "").strip(), percent=percent, evidence_urls=urls,
        period=period,
    )
    report._history_user = user
    # The assignment and the author are rows the caller has read, and a period is one of this
    # task's (checked above): full_clean need not read them again. The percent's CHECK constraint
    # is asked of the database only when Python cannot tell that it holds.
    given = [name for name, obj in (("assignment", assignment), ("author", user), ("period", period))
             if obj is not None and obj.pk is not None]
    report.full_clean(exclude=given, validate_constraints=not _percent_in_range(percent))
    report.save()
    saved: list[Attachment] = []
    try:
        saved = _save_attachments(report, files)
        now = timezone.now()
        # Not conditional on the version: a concurrent report must not be refused or lost.
        Assignment.objects.filter(pk=assignment.pk).update(
            status=Status.SUBMITTED, last_reported_at=now, version=F("version") + 1, updated_at=now
        )
        record_change(Assignment.objects.get(pk=assignment.pk), user=user)
        notify.notify_report_submitted(report=report)
    except BaseException:
        for attachment in saved:  # the rows roll back; the files on disk must go too
            attachment.file.delete(save=False)
        raise
    return report


def _period_outcome(assignment: Assignment, report: ProgressReport, today) -> dict:
    """Accepting a report for one period of a recurring task: mark that period, then the whole."""
    # Every period has a state row (tasks.services.due_dates reads them for the next due date).
    AssignmentPeriod.objects.bulk_create(
        [AssignmentPeriod(assignment=assignment, period_id=pk)
         for pk in assignment.task.periods.values_list("pk", flat=True)],
        ignore_conflicts=True,
    )
    state, _created = AssignmentPeriod.objects.get_or_create(assignment=assignment, period=report.period)
    state.status = Status.COMPLETED if report.percent == 100 else Status.IN_PROGRESS
    state.percent = report.percent
    state.completed_on = today if report.percent == 100 else None
    state.full_clean()
    state.save()
    # The whole moves with every period's own progress: 55% accepted for one of four quarters is
    # 14% overall, not 0% until a period is complete.
    tally = AssignmentPeriod.objects.filter(assignment=assignment).aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(status=Status.COMPLETED)), percent=Sum("percent"))
    if tally["total"] and tally["done"] == tally["total"]:
        return {"status": Status.COMPLETED, "percent": 100, "completed_on": today}
    overall = round((tally["percent"] or 0) / tally["total"]) if tally["total"] else report.percent
    return {"status": Status.IN_PROGRESS, "percent": overall}


def _latest_accepted_outcome(assignment: Assignment, today) -> dict:
    """A task without periods follows the unit's latest accepted report (by when it was sent).

    Reviews may come in any order: accepting an old 100% report after a newer 60% one was
    accepted leaves the assignment at 60%, as the unit last said.
    """
    latest = (assignment.reports.filter(state=ProgressReport.State.ACCEPTED, period__isnull=True)
              .order_by("-created_at", "-pk").first())
    if latest.percent == 100:
        return {"status": Status.COMPLETED, "percent": 100, "completed_on": today}
    return {"status": Status.IN_PROGRESS, "percent": latest.percent, "completed_on": None}


@transaction.atomic
def progress_report_review(
    *, report: ProgressReport, user, accept: bool, note: str = "", version: int | None = None
) -> ProgressReport:
    """Accept a report or return it with a comment the unit will see.

    The assignment follows the unit's latest accepted report: 100% completes it (on the review
    date), less leaves it in progress at that percent. While another report of the same unit still
    waits for review, the assignment stays submitted and nothing is completed. ``version`` is the assignment version
    the reviewer's page showed; a change since then raises ``ConflictError``.
    """
    note = (note or "").strip()
    if not accept and not note:
        raise ReportError(_("Say what is missing when you return a report."))
    now = timezone.now()
    today = timezone.localdate()
    state = ProgressReport.State.ACCEPTED if accept else ProgressReport.State.RETURNED
    updated = ProgressReport.objects.filter(pk=report.pk, state=ProgressReport.State.SUBMITTED).update(
        state=state, reviewer=user, review_note=note, reviewed_at=now, updated_at=now
    )
    if not updated:
        raise ReportError(_("This report has already been reviewed."))
    report = ProgressReport.objects.select_related("assignment__task__document", "assignment__unit", "period").get(
        pk=report.pk
    )
    record_change(report, user=user)
    assignment = report.assignment
    others_waiting = assignment.reports.filter(state=ProgressReport.State.SUBMITTED).exists()
    if not accept:
        fields = {"status": Status.RETURNED}
    elif report.period_id:
        fields = _period_outcome(assignment, report, today)
    else:
        fields = _latest_accepted_outcome(assignment, today)
    if others_waiting:
        # A later report of the unit still waits: nothing is completed before it is reviewed too.
        fields["status"] = Status.SUBMITTED
        fields["completed_on"] = None
    fresh = assignment_update(
        assignment_id=assignment.pk, user=user, version=version if version is not None else assignment.version,
        **fields,
    )
    if report.period_id:
        assignment_refresh_due(assignment=fresh, user=user)
    if accept:
        touch_document(assignment.task.document, units=[assignment.unit_id])
    notify.notify_report_reviewed(report=report)
    return report


@transaction.atomic
def progress_reports_review(*, reports, user, accept: bool, note: str = "") -> int:
    """Accept or return many reports at once (the review queue's bulk action), with one comment.

    Each report goes through :func:`progress_report_review` in report order, so a unit's earlier
    report is decided before its later one. At most ``MAX_BATCH_REVIEWS``; if any one is refused
    (already reviewed, returned without a comment) nothing is changed. Returns how many.
    """
    note = (note or "").strip()
    if not accept and not note:
        raise ReportError(_("Say what is missing when you return a report."))
    ids = sorted({getattr(r, "pk", r) for r in reports})
    if not ids:
        raise ReportError(_("Choose at least one report."))
    if len(ids) > MAX_BATCH_REVIEWS:
        raise ReportError(
            _("At most %(max)d reports can be reviewed at once; %(count)d were chosen.")
            % {"max": MAX_BATCH_REVIEWS, "count": len(ids)}
        )
    rows = list(ProgressReport.objects.filter(pk__in=ids).order_by("created_at", "pk"))
    if len(rows) != len(ids):
        raise ReportError(_("Some of the chosen reports no longer exist; nothing was changed."))
    for report in rows:
        progress_report_review(report=report, user=user, accept=accept, note=note)
    return len(rows)


__all__ = [
    "ReportError",
    "attachment_check",
    "attachments_count_check",
    "evidence_urls_clean",
    "progress_report_review",
    "progress_report_submit",
    "progress_reports_review",
    "task_has_periods",
]
