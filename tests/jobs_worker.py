"""Run the configured task backend's real worker over what is queued, in this process.

The database backend (the default): ``manage.py db_worker --batch`` on the test database. RQ
(``REDIS_URL`` set, ``make test-rq``): RQ's own ``SimpleWorker`` in burst mode against Redis, in
this process, so that it sees the test's database. Both run every queued task, then return.
"""

from __future__ import annotations

import io
import os
from contextlib import contextmanager
from unittest import mock

from django.conf import settings
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from tasks.models import ExportJob


def backend_name() -> str:
    return settings.TASKS["default"]["BACKEND"]


def on_rq() -> bool:
    return backend_name() == "django_tasks_rq.RQBackend"


def rq_queue():
    import django_rq
    from django_tasks_rq import Job

    return django_rq.get_queue("default", job_class=Job)


def clear_queue() -> None:
    """Nothing left from another run in the test Redis database."""
    if on_rq():
        rq_queue().empty()


def run_worker() -> None:
    if on_rq():
        from rq import SimpleWorker

        queue = rq_queue()
        SimpleWorker([queue], connection=queue.connection, job_class=queue.job_class).work(burst=True)
    else:
        from django_tasks_db.management.commands import db_worker

        # Between tasks the worker checks its database connection (close_old_connections); inside
        # the test's transaction the connection looks obsolete (autocommit off) and would be
        # closed, taking the test's data with it on PostgreSQL (an in-memory SQLite ignores the close).
        with mock.patch.object(db_worker, "close_old_connections", lambda: None):
            call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", stdout=io.StringIO(),
                         stderr=io.StringIO(), verbosity=0)


def job_from(response) -> ExportJob:
    """The job a download view redirected to its progress page."""
    assert response.status_code == 302, response.status_code
    pk = response["Location"].rstrip("/").split("/")[-1]
    assert response["Location"] == reverse("exports:job", args=[pk])
    return ExportJob.objects.get(pk=pk)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def export_through_job(client, response) -> bytes:
    """Follow a background export to its file: run the worker, then download it."""
    job = job_from(response)
    run_worker()
    job.refresh_from_db()
    assert job.state == ExportJob.State.DONE, (job.state, job.error_code)
    download = client.get(reverse("exports:job_download", args=[job.pk]))
    assert download.status_code == 200
    return body(download)


def require_rq() -> bool:
    """The RQ run must not pass by skipping: CI=true or OPENSCHED_REQUIRE_RQ=1 make it fail instead."""
    return os.environ.get("CI", "").lower() == "true" or os.environ.get("OPENSCHED_REQUIRE_RQ") == "1"


@contextmanager
def background_work():
    """Run what the block enqueues once it commits (the test's transaction never does), then the
    worker: for writes that enqueue on commit, such as the calendar's recompute."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        yield
    run_worker()
