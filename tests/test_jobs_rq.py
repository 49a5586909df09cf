"""The background exports on RQ: with ``REDIS_URL`` set the same task goes to Redis and a real RQ
worker runs it (``make test-rq``, which also runs tests/test_jobs_exports.py on RQ).

Without ``REDIS_URL`` this module is not the run's business and skips (the SQLite and PostgreSQL
runs; ``make test-rq`` sets OPENSCHED_REQUIRE_RQ=1, under which a missing REDIS_URL fails); with it set, an
unreachable Redis skips only outside CI: under ``CI=true`` (or ``OPENSCHED_REQUIRE_RQ=1``, which
``make test-rq`` sets) it fails, so that CI cannot pass without having run RQ.
"""

import os

import pytest
from django.conf import settings
from django.urls import reverse

from tasks.models import ExportJob
from tests.jobs_worker import clear_queue, job_from, on_rq, require_rq, rq_queue, run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def redis_up():
    if not settings.REDIS_URL:
        if os.environ.get("OPENSCHED_REQUIRE_RQ") == "1":
            pytest.fail("the RQ run needs REDIS_URL (make test-rq sets redis://127.0.0.1:6379/5)")
        pytest.skip("REDIS_URL is not set: the RQ tests run in `make test-rq`")
    try:
        rq_queue().connection.ping()
    except Exception as exc:  # redis-py's ConnectionError and friends
        if require_rq():
            pytest.fail(f"Redis at {settings.REDIS_URL} is not reachable: {exc}")
        pytest.skip(f"Redis at {settings.REDIS_URL} is not reachable (outside CI): {exc}")
    clear_queue()


def test_redis_url_selects_the_rq_backend():
    assert on_rq()
    assert settings.RQ_QUEUES["default"]["URL"] == settings.REDIS_URL


def test_an_export_goes_through_redis_and_a_real_rq_worker(client, world):
    from rq.job import JobStatus

    client.force_login(world.office)
    job = job_from(client.get(reverse("exports:document_report", args=[world.document.pk])))
    queue = rq_queue()
    assert job.task_result_id in queue.job_ids  # waiting in Redis, not run in the request
    rq_job = queue.fetch_job(job.task_result_id)
    assert rq_job.get_status() == JobStatus.QUEUED
    run_worker()
    assert queue.fetch_job(job.task_result_id).get_status() == JobStatus.FINISHED
    job.refresh_from_db()
    assert job.state == ExportJob.State.DONE
