"""Background exports: the progress page, its JSON status, the download, and "my exports".

Every job is its asker's alone (tasks.access.export_job_for_user: 404 to everybody else). The
progress page works without JavaScript (a reload link); static/js/job-progress.js polls the
status endpoint and moves the <progress> bar, then shows the download link.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from tasks.access import export_job_for_user
from tasks.exports.download import file_download
from tasks.jobs.storage import export_storage
from tasks.models import ExportJob
from tasks.selectors.jobs import MY_EXPORTS_LIMIT, my_export_jobs


def error_message(code: str) -> str:
    """A failed job's reason, in the reader's language."""
    messages = {
        "too_large": _("The export has more rows than this format allows. Export it to Excel instead."),
        "not_found": _("What this export covered is no longer visible to you."),
        "queue_unavailable": _("The background service is not available. Try again later."),
        "bad_request": _("The export's filters are not valid."),
        "unknown_format": _("This export format is not available."),
    }
    return messages.get(code, _("The export failed. Try again; if it fails again, tell the administrator."))


def progress_label(job: ExportJob) -> str:
    if job.state == ExportJob.State.QUEUED:
        return _("Waiting for a worker…")
    if job.state == ExportJob.State.FAILED:
        return error_message(job.error_code)
    if job.state == ExportJob.State.DONE:
        return _("Ready.")
    if not job.total:
        return _("Writing…")
    if job.unit == ExportJob.Unit.PAGES:
        return ngettext("%(done)s of %(total)s page", "%(done)s of %(total)s pages", job.total) % {
            "done": job.done, "total": job.total}
    return ngettext("%(done)s of %(total)s row", "%(done)s of %(total)s rows", job.total) % {
        "done": f"{job.done:,}", "total": f"{job.total:,}"}


def _status(job: ExportJob) -> dict:
    return {
        "state": job.state,
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "finished": job.finished,
        "label": progress_label(job),
        "download_url": reverse("exports:job_download", args=[job.pk]) if job.state == ExportJob.State.DONE else "",
        "error": error_message(job.error_code) if job.state == ExportJob.State.FAILED else "",
    }


@require_GET
@login_required
def job_detail(request, pk):
    job = export_job_for_user(request.user, pk)
    return render(request, "tasks/export_jobs/detail.html", {"job": job, "status": _status(job)})


@require_GET
@login_required
def job_status(request, pk):
    job = export_job_for_user(request.user, pk)
    response = JsonResponse(_status(job))
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@login_required
def job_download(request, pk):
    job = export_job_for_user(request.user, pk)
    if job.state != ExportJob.State.DONE:
        return redirect("exports:job", pk=job.pk)
    storage = export_storage()
    if not job.file or not storage.exists(job.file.name):
        raise Http404
    return file_download(storage.open(job.file.name, "rb"), filename=job.filename, content_type=job.content_type)


@require_GET
@login_required
def job_list(request):
    jobs = [(job, progress_label(job)) for job in my_export_jobs(request.user)]
    return render(request, "tasks/export_jobs/list.html", {"jobs": jobs, "limit": MY_EXPORTS_LIMIT,
                                                            "days": settings.OPENSCHED_EXPORT_RESULT_DAYS})
