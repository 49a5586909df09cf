"""A large import in Chromium: office staff upload a workbook above the background threshold
(lowered here), land on the draft's page, which shows the parsing progress while the worker (the
real db_worker, run here on the test database) reads the file; the page then opens the preview
with its tasks by itself. A refusal found by the parse is said on the page and the draft discarded."""

import pytest
from playwright.sync_api import expect

from tasks.models import ImportDraft
from tests.factories_importing import task_table_xlsx
from tests.jobs_worker import clear_queue, run_worker
from tests.test_browser_csp import _watch
from tests.test_browser_flow import browser, log_in, no_sideways_scroll, screenshots_on_failure  # noqa: F401

pytestmark = [pytest.mark.browser]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload(page, base):
    page.goto(f"{base}/import/")
    page.set_input_files("#id_file", files=[{"name": "任务分解表.xlsx", "mimeType": XLSX, "buffer": task_table_xlsx()}])
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_load_state()


def test_a_large_upload_shows_the_parsing_page_then_its_preview(browser, request, live_server,  # noqa: F811
                                                              transactional_db, world, settings):
    settings.OPENSCHED_BACKGROUND_IMPORT_BYTES = 1000
    clear_queue()
    page = log_in(browser, live_server.url, "office", viewport={"width": 390, "height": 844})
    problems = _watch(page)
    with screenshots_on_failure(request, page):
        _upload(page, live_server.url)
        page.wait_for_selector("[data-testid=parse-progress]")
        draft = ImportDraft.objects.get()
        assert page.url.endswith(f"/import/{draft.pk}/")
        assert draft.parsed["state"] == "parsing"
        expect(page.locator("[data-testid=parse-label]")).to_contain_text("Waiting")
        expect(page.locator("[data-testid=parse-reload]")).to_be_hidden()  # JavaScript polls instead
        no_sideways_scroll(page)

        run_worker()  # the page keeps polling meanwhile, then opens the preview by itself
        page.wait_for_selector("#confirm-form")
        assert page.url.endswith(f"/import/{draft.pk}/")
        body = page.locator("#confirm-form")
        for text in ("主动公开“十四五”规划和专项规划。", "做好历史规划的归集整理和主动公开工作。",
                     "稳步扩大财政预决算公开范围。"):
            expect(body).to_contain_text(text)
    assert not problems, problems  # the page runs under the strict CSP


def test_a_refused_large_upload_says_why_and_is_discarded(browser, request, live_server,  # noqa: F811
                                                          transactional_db, world, settings):
    settings.OPENSCHED_BACKGROUND_IMPORT_BYTES = 1000
    settings.OPENSCHED_IMPORT_LIMITS = {"tasks": 2}  # the workbook has 3: known only once it is read
    clear_queue()
    page = log_in(browser, live_server.url, "office")
    with screenshots_on_failure(request, page):
        _upload(page, live_server.url)
        page.wait_for_selector("[data-testid=parse-progress]")
        expect(page.locator("[data-testid=parse-failed]")).to_be_hidden()
        run_worker()
        expect(page.locator("[data-testid=parse-failed]")).to_be_visible()
        expect(page.locator("[data-testid=parse-error]")).to_contain_text("import limit: tasks")
        expect(page.locator("[data-testid=parse-progress]")).to_be_hidden()
        page.locator("[data-testid=discard-draft]").click()
        page.wait_for_load_state()
        assert page.url.endswith("/import/")
        assert not ImportDraft.objects.exists()


def test_the_parsing_page_moves_its_bar_as_the_tasks_are_matched(browser, request, live_server,  # noqa: F811
                                                                 transactional_db, world, settings):
    settings.OPENSCHED_BACKGROUND_IMPORT_BYTES = 1000
    clear_queue()
    page = log_in(browser, live_server.url, "office")
    with screenshots_on_failure(request, page):
        _upload(page, live_server.url)
        page.wait_for_selector("[data-testid=parse-progress]")
        bar = page.locator("[data-testid=parse-progress]")
        assert bar.evaluate("el => el.hasAttribute('value')") is False  # nothing known yet: indeterminate
        draft = ImportDraft.objects.get()
        queued = draft.parsed
        # What the worker writes a quarter of the way through matching (tasks.services.import_drafts.ParseProgress).
        ImportDraft.objects.filter(pk=draft.pk).update(parsed={**queued, "stage": "running", "done": 3, "total": 12})
        expect(page.locator("[data-testid=parse-label]")).to_contain_text("Matching the units of the tasks: 3 of 12")
        assert bar.evaluate("el => el.value") == 25
        ImportDraft.objects.filter(pk=draft.pk).update(parsed=queued)  # let the real worker take it
        run_worker()
        page.wait_for_selector("#confirm-form")
