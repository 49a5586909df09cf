"""The task functions the workers run. The only module that imports the Tasks API.

``run_export`` rebuilds the export from the job's parameters through
``tasks.exports.sources.build_exporter`` (the same function as the immediate download, with the
job's owner as the user, so access is checked again when it runs), writes it to a temporary
file while reporting rows written, and keeps the file. ``recompute_due_dates`` re-resolves the
due dates after a calendar change. ``parse_import_draft`` parses a large upload kept as a draft
in the *parsing* state (``tasks.services.import_drafts.import_draft_parse``).
"""

from __future__ import annotations

import logging
import tempfile

from django.conf import settings
from django.http import Http404
from django.utils import translation
from django_tasks import task

from tasks.services.errors import ServiceError

logger = logging.getLogger(__name__)


@task()
def run_export(job_id: str) -> str:
    """Write job ``job_id``'s export; returns its final state (the job row is what pages read)."""
    from tasks.exports.sources import ExportSpec, build_exporter
    from tasks.services import export_jobs as services

    job = services.export_job_started(job_id=job_id)
    if job is None:
        return "skipped"
    try:
        with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
            exporter = build_exporter(job.user, ExportSpec.from_params(job.params))
            exporter.check()
            services.export_job_progress(job_id=job_id, done=0, total=exporter.total())
            exporter.on_progress = lambda done, total: services.export_job_progress(job_id=job_id, done=done,
                                                                                     total=total)
            with tempfile.TemporaryFile(prefix="opensched-job-") as out:
                exporter.write(out)
                services.export_job_finish(job_id=job_id, out=out)
    except Http404:
        services.export_job_fail(job_id=job_id, code=services.NOT_FOUND)
        return "failed"
    except ServiceError as exc:
        services.export_job_fail(job_id=job_id, code=getattr(exc, "code", "") or services.FAILED)
        return "failed"
    except Exception:
        logger.exception("export job %s failed", job_id)
        services.export_job_fail(job_id=job_id, code=services.FAILED)
        return "failed"
    return "done"


@task()
def recompute_due_dates(jurisdiction_id: int | None = None) -> int:
    """Re-resolve the due dates after a calendar change: every jurisdiction's after a national
    change (``None``), one jurisdiction's after a local one. Returns how many tasks changed."""
    from tasks.services.calendar import calendar_recompute

    return calendar_recompute(jurisdiction_id=jurisdiction_id)


@task()
def parse_import_draft(draft_id: int) -> str:
    """Parse a large upload's draft and store its preview (or why it was refused) on the draft."""
    from tasks.services.import_drafts import import_draft_parse

    return import_draft_parse(draft_id=draft_id)
