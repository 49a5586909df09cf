"""Writes to the background exports a person asked for (tasks.models.ExportJob).

``export_job_start`` is called by the download views when ``tasks.jobs.policy`` sends an export
to the background: it stores the job and enqueues ``tasks.jobs.tasks.run_export``. The task
calls the other functions as it goes (started, progress, finished or failed). Jobs are transient
(kept ``OPENSCHED_EXPORT_RESULT_DAYS``), so they keep no history rows;
``export_jobs_expired_delete`` (``manage.py export_jobs_cleanup``) removes them with their files.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import BinaryIO

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tasks.bounds import MAX_ACTIVE_EXPORT_JOBS
from tasks.exports.base import Exporter
from tasks.exports.sources import ExportSpec
from tasks.jobs.policy import result_expiry
from tasks.jobs.storage import export_storage
from tasks.models import ExportJob
from tasks.services.errors import ExportError

logger = logging.getLogger(__name__)

# Error codes a failed job keeps; tasks.views.export_jobs says each in the reader's language.
QUEUE_UNAVAILABLE = "queue_unavailable"
NOT_FOUND = "not_found"
FAILED = "failed"


ACTIVE_JOB_WINDOW = timedelta(hours=1)


class TooManyExportJobs(ExportError):
    """The person already has MAX_ACTIVE_EXPORT_JOBS exports waiting or running."""

    code = "too_many_jobs"


def export_job_start(*, user, spec: ExportSpec, exporter: Exporter, language: str = "") -> ExportJob:
    """Store the job (with the exporter's title, file name and row total) and enqueue its task;
    refused (TooManyExportJobs) while the person has MAX_ACTIVE_EXPORT_JOBS waiting or running.

    When the queue cannot take it (Redis down), the job is stored as failed with
    ``queue_unavailable``, so the person's progress page says so instead of waiting for ever.
    """
    from tasks.jobs.tasks import run_export

    # A job left running by a worker that died stops counting after a while (and expires later).
    active = ExportJob.objects.filter(user=user, state__in=[ExportJob.State.QUEUED, ExportJob.State.RUNNING],
                                      created_at__gte=timezone.now() - ACTIVE_JOB_WINDOW)
    if active.count() >= MAX_ACTIVE_EXPORT_JOBS:
        raise TooManyExportJobs(_("You already have %(limit)s exports waiting or running; wait for one to finish.")
                                % {"limit": MAX_ACTIVE_EXPORT_JOBS})
    job = ExportJob.objects.create(
        user=user, source=spec.source, export_format=spec.export_format,
        params={**spec.params(), "language": language}, title=exporter.job_title()[:300],
        filename=exporter.filename[:300], content_type=exporter.content_type, total=exporter.total(),
        unit=exporter.progress_unit, expires_at=result_expiry(),
    )
    try:
        result = run_export.enqueue(str(job.pk))
    except Exception:  # the backend's own errors (Redis connection, database) differ by backend
        logger.exception("could not enqueue export job %s", job.pk)
        _finish(job.pk, state=ExportJob.State.FAILED, error_code=QUEUE_UNAVAILABLE)
        job.refresh_from_db()
        return job
    ExportJob.objects.filter(pk=job.pk).update(task_result_id=str(result.id)[:64])
    job.task_result_id = str(result.id)
    return job


def export_job_started(*, job_id) -> ExportJob | None:
    """Mark a queued job running; None when it is not queued (finished, deleted, or run twice)."""
    with transaction.atomic():
        changed = ExportJob.objects.filter(pk=job_id, state=ExportJob.State.QUEUED).update(
            state=ExportJob.State.RUNNING, started_at=timezone.now())
    if not changed:
        return None
    return ExportJob.objects.select_related("user").get(pk=job_id)


def export_job_progress(*, job_id, done: int, total: int | None = None) -> None:
    values = {"done": max(0, done)}
    if total is not None:
        values["total"] = max(0, total)
    ExportJob.objects.filter(pk=job_id, state=ExportJob.State.RUNNING).update(**values)


def export_job_finish(*, job_id, out: BinaryIO) -> ExportJob:
    """Keep the written file (``out``, rewound) in the export storage and mark the job done."""
    job = ExportJob.objects.get(pk=job_id)
    extension = job.filename.rpartition(".")[2] or "bin"
    out.seek(0)
    name = export_storage().save(f"{job.pk}.{extension}", File(out))
    ExportJob.objects.filter(pk=job_id).update(file=name)
    _finish(job_id, state=ExportJob.State.DONE, error_code="")
    return ExportJob.objects.get(pk=job_id)


def export_job_fail(*, job_id, code: str) -> None:
    _finish(job_id, state=ExportJob.State.FAILED, error_code=code[:40])


def _finish(job_id, *, state: str, error_code: str) -> None:
    values = {"state": state, "error_code": error_code, "finished_at": timezone.now()}
    if state == ExportJob.State.DONE:
        job = ExportJob.objects.filter(pk=job_id).values("total", "done").first() or {}
        values["done"] = max(job.get("total") or 0, job.get("done") or 0)
    ExportJob.objects.filter(pk=job_id).update(**values)


def export_jobs_expired_delete(*, now=None) -> int:
    """Delete the jobs whose results expired, and their files; returns how many jobs."""
    now = now or timezone.now()
    storage = export_storage()
    expired = list(ExportJob.objects.filter(expires_at__lte=now).values_list("pk", "file"))
    for _pk, name in expired:
        if name:
            storage.delete(name)
    ExportJob.objects.filter(pk__in=[pk for pk, _name in expired]).delete()
    return len(expired)
