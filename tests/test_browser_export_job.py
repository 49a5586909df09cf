"""A large export in Chromium: the ledger's Excel button sends the office to the progress page,
whose bar moves as the worker (the real db_worker, run here on the test database) writes the
rows; then the download link appears and the file downloads."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tasks.models import ExportJob
from tests import factories_portal as fp
from tests.jobs_worker import clear_queue, run_worker
from tests.test_browser_flow import browser, log_in, no_sideways_scroll  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.browser]


def test_a_large_export_shows_its_progress_then_downloads(browser, live_server, transactional_db,  # noqa: F811
                                                          world, settings, tmp_path):
    # 150 tasks × 2 units + the world's 2 = 302 rows, above a threshold of 100 rows.
    settings.OPENSCHED_BACKGROUND_EXPORT_ROWS = 100
    clear_queue()
    fp.many_assignments(document=world.document, units=[world.unit, world.other_unit], n=150)
    page = log_in(browser, live_server.url, "office", viewport={"width": 390, "height": 844})
    page.goto(f"{live_server.url}{reverse('portal:assignment_list')}")
    page.click("[data-testid=export-buttons] button[value=xlsx]")
    page.wait_for_selector("[data-testid=job-progress]")
    job = ExportJob.objects.get()
    assert page.url.endswith(reverse("exports:job", args=[job.pk]))
    progress = page.locator("[data-testid=job-progress]")
    assert progress.is_visible() and page.locator("[data-testid=job-download]").is_hidden()
    assert "Waiting" in page.locator("[data-testid=job-label]").inner_text()
    no_sideways_scroll(page)

    run_worker()  # the page keeps polling meanwhile; the worker reports rows as it writes
    page.wait_for_selector("[data-testid=job-download]", state="visible")
    assert page.locator("[data-testid=export-job]").get_attribute("data-state") == "done"
    assert progress.is_hidden()
    with page.expect_download() as info:
        page.click("[data-testid=job-download]")
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    path = tmp_path / "ledger.xlsx"
    download.save_as(path)
    rows = list(load_workbook(io.BytesIO(path.read_bytes()), read_only=True).worksheets[0].iter_rows(values_only=True))
    assert sum(1 for row in rows if isinstance(row[0], int)) == 302

    page.goto(f"{live_server.url}{reverse('exports:jobs')}")
    page.wait_for_selector("[data-testid=export-job-row]")
    assert page.locator("[data-testid=export-job-row]").count() == 1


def test_a_failed_export_says_so_on_its_page(browser, live_server, transactional_db, world):  # noqa: F811
    from tasks.models import Document

    clear_queue()
    page = log_in(browser, live_server.url, "office")
    page.goto(f"{live_server.url}{reverse('exports:document_report', args=[world.document.pk])}")
    page.wait_for_selector("[data-testid=job-progress]")
    assert page.locator("[data-testid=job-failed]").is_hidden()
    Document.objects.filter(pk=world.document.pk).delete()  # gone before the worker runs
    run_worker()
    page.wait_for_selector("[data-testid=job-failed]", state="visible")
    assert "no longer visible" in page.locator("[data-testid=job-failed]").inner_text()
    assert page.locator("[data-testid=job-download]").is_hidden()
