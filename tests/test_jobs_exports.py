"""Background exports on the configured task backend, run by its real worker in this process
(tests/jobs_worker.py: ``db_worker`` on the test database by default; RQ's worker against Redis
in ``make test-rq``)."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from tasks.exports import base as export_base
from tasks.jobs.storage import export_storage
from tasks.models import Document, ExportJob
from tasks.services import export_jobs
from tests import factories_portal as fp
from tests.jobs_worker import body, clear_queue, export_through_job, job_from, run_worker

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    clear_queue()
    with translation.override("en"):
        yield


@pytest.fixture
def bulk(world):
    """20 tasks × 2 units + the world's 2 assignments: 42 rows in the office's list ledger."""
    fp.many_assignments(document=world.document, units=[world.unit, world.other_unit], n=20)
    return world


def sheet_rows(data: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data), read_only=True).worksheets[0].iter_rows(values_only=True))


def test_a_small_export_is_sent_at_once(client, bulk, settings):
    settings.OPENSCHED_BACKGROUND_EXPORT_ROWS = 1000
    client.force_login(bulk.office)
    response = client.get(reverse("exports:list_ledger"), {"format": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert not ExportJob.objects.exists()


def test_a_large_export_runs_in_the_background_with_the_same_rows(client, bulk, settings):
    client.force_login(bulk.office)
    settings.OPENSCHED_BACKGROUND_EXPORT_ROWS = 1000
    immediate = body(client.get(reverse("exports:list_ledger"), {"format": "xlsx", "status": "in_progress"}))

    settings.OPENSCHED_BACKGROUND_EXPORT_ROWS = 5
    response = client.get(reverse("exports:list_ledger"), {"format": "xlsx", "status": "in_progress"})
    job = job_from(response)
    assert job.user == bulk.office and job.state == ExportJob.State.QUEUED
    assert job.params["query"] == "status=in_progress" and job.total > 5

    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200 and "<progress" in html and 'data-testid="job-download"' in html
    assert client.get(reverse("exports:job_status", args=[job.pk])).json()["state"] == "queued"

    data = export_through_job(client, response)
    assert sheet_rows(data)[3:] == sheet_rows(immediate)[3:]  # below the title rows (they carry a time)
    status = client.get(reverse("exports:job_status", args=[job.pk])).json()
    assert status["state"] == "done" and status["percent"] == 100 and status["done"] == job.total
    assert status["download_url"] == reverse("exports:job_download", args=[job.pk])


def test_a_pdf_always_runs_in_the_background(client, world):
    client.force_login(world.supervisor)
    response = client.get(reverse("exports:document_ledger", args=[world.document.pk]), {"format": "pdf"})
    assert export_through_job(client, response).startswith(b"%PDF")
    job = ExportJob.objects.get()
    assert job.content_type == "application/pdf" and job.filename.endswith(".pdf")
    download = client.get(reverse("exports:job_download", args=[job.pk]))
    assert download["Content-Disposition"].startswith("attachment") and "filename*=utf-8''" in download[
        "Content-Disposition"]
    body(download)


def test_the_report_and_the_review_run_in_the_background(client, world):
    client.force_login(world.office)
    report = client.get(reverse("exports:document_report", args=[world.document.pk]))
    assert export_through_job(client, report).startswith(b"%PDF")
    review = client.get(reverse("yearly_review:report_pdf", args=[world.document.pk]))
    assert export_through_job(client, review).startswith(b"%PDF")


def test_the_task_reports_its_progress_as_it_writes(client, bulk, settings, monkeypatch):
    settings.OPENSCHED_BACKGROUND_EXPORT_ROWS = 5
    monkeypatch.setattr(export_base, "PROGRESS_EVERY", 10)
    seen = []
    original = export_jobs.export_job_progress

    def spy(*, job_id, done, total=None):
        seen.append(done)
        original(job_id=job_id, done=done, total=total)

    monkeypatch.setattr(export_jobs, "export_job_progress", spy)
    client.force_login(bulk.office)
    job = job_from(client.get(reverse("exports:list_ledger"), {"format": "csv"}))
    run_worker()
    assert seen == [0, 10, 20, 30, 40, 42]
    job.refresh_from_db()
    assert (job.state, job.done, job.total, job.unit) == ("done", 42, 42, "rows")


def test_a_job_is_its_askers_alone(client, world):
    client.force_login(world.office)
    job = job_from(client.get(reverse("exports:document_report", args=[world.document.pk])))
    run_worker()
    client.force_login(world.supervisor)  # reads the same document, but did not ask
    for name in ("exports:job", "exports:job_status", "exports:job_download"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    assert str(job.pk) not in client.get(reverse("exports:jobs")).content.decode()


def test_a_failed_job_says_so_in_the_readers_language(client, world):
    client.force_login(world.office)
    job = job_from(client.get(reverse("exports:document_report", args=[world.document.pk])))
    Document.objects.filter(pk=world.document.pk).delete()  # gone before the worker runs
    run_worker()
    job.refresh_from_db()
    assert (job.state, job.error_code) == ("failed", "not_found")
    status = client.get(reverse("exports:job_status", args=[job.pk])).json()
    assert status["state"] == "failed" and "no longer visible" in status["error"]
    html = client.get(reverse("exports:job", args=[job.pk])).content.decode()
    assert "no longer visible" in html
    assert client.get(reverse("exports:job_download", args=[job.pk])).status_code == 302  # back to the page


def test_a_queue_that_cannot_take_the_job_fails_it_at_once(client, world, monkeypatch):
    from tasks.jobs import tasks as job_tasks

    def broken(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(type(job_tasks.run_export), "enqueue", broken)
    client.force_login(world.office)
    job = job_from(client.get(reverse("exports:document_report", args=[world.document.pk])))
    assert (job.state, job.error_code) == ("failed", "queue_unavailable")


def test_a_pdf_over_its_limit_is_refused_before_any_job(client, world, monkeypatch):
    from tasks.exports import pdf

    monkeypatch.setattr(pdf, "PDF_MAX_ROWS", 1)
    client.force_login(world.office)
    response = client.get(reverse("exports:document_ledger", args=[world.document.pk]), {"format": "pdf"})
    assert response.status_code == 400 and "limited to 1" in response.content.decode()
    assert not ExportJob.objects.exists()


def test_my_exports_lists_the_users_jobs(client, world):
    client.force_login(world.office)
    job = job_from(client.get(reverse("exports:document_report", args=[world.document.pk])))
    html = client.get(reverse("exports:jobs")).content.decode()
    assert reverse("exports:job", args=[job.pk]) in html and 'data-testid="export-job-row"' in html
    assert reverse("exports:jobs") in client.get(reverse("portal:document_list")).content.decode()  # the menu


def test_cleanup_deletes_expired_results_and_their_files(client, world):
    client.force_login(world.office)
    job = job_from(client.get(reverse("exports:document_report", args=[world.document.pk])))
    run_worker()
    job.refresh_from_db()
    assert export_storage().exists(job.file.name)
    out = io.StringIO()
    call_command("export_jobs_cleanup", stdout=out)
    assert ExportJob.objects.count() == 1 and "0" in out.getvalue()
    ExportJob.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    call_command("export_jobs_cleanup", stdout=out)
    assert not ExportJob.objects.exists() and not export_storage().exists(job.file.name)


def test_a_person_may_queue_only_a_few_exports_at_once(client, world):
    from tasks.bounds import MAX_ACTIVE_EXPORT_JOBS

    client.force_login(world.office)
    url = reverse("exports:document_report", args=[world.document.pk])
    for _ in range(MAX_ACTIVE_EXPORT_JOBS):
        job_from(client.get(url))
    refused = client.get(url, follow=True)
    assert refused.redirect_chain[-1][0] == reverse("exports:jobs")
    assert f"You already have {MAX_ACTIVE_EXPORT_JOBS} exports waiting or running" in refused.content.decode()
    assert ExportJob.objects.count() == MAX_ACTIVE_EXPORT_JOBS
    run_worker()
    job_from(client.get(url))  # finished ones no longer count


def test_an_overlong_filter_is_refused_by_its_limit(client, world):
    from tasks.bounds import MAX_EXPORT_QUERY_CHARS

    client.force_login(world.office)
    response = client.get(reverse("exports:list_ledger"), {"q": "x" * 150, "format": "pdf", "unit": "1" * 2000})
    assert response.status_code == 400 and str(MAX_EXPORT_QUERY_CHARS) in response.content.decode()
    assert not ExportJob.objects.exists()


def test_a_report_counts_the_pages_it_rendered(client, world):
    client.force_login(world.office)
    job = job_from(client.get(reverse("exports:document_report", args=[world.document.pk])))
    assert job.unit == "pages" and job.total == 0  # not known before the layout
    run_worker()
    job.refresh_from_db()
    assert job.state == "done" and job.total >= 1 and job.done == job.total
    html = client.get(reverse("exports:jobs")).content.decode()
    assert "Ready." in html
