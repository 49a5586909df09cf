"""In a real browser: office staff upload a table whose header words are unknown, say on the
columns page which column is the task, the units and the deadline, check the preview and import.
The columns page fits a phone (one card per column, no sideways scroll)."""

import pytest
from playwright.sync_api import expect

from tasks.models import Assignment, ImportDraft, Task
from tests.test_browser_flow import browser, log_in, no_sideways_scroll, screenshots_on_failure  # noqa: F401

pytestmark = [pytest.mark.browser]

PHONE_390 = {"width": 390, "height": 844}
TABLE = (
    "项目 | 做什么 | 谁负责 | 什么时候\n"
    "1 | 推进政策解读，重要文件出台后同步发布解读材料。 | 区财政局 | 2023年6月30日前\n"
    "2 | 及时更新政务新媒体信息。 | 区市场监督管理局 | 2023年12月底前\n"
    "3 | 完善依申请公开办理流程。 | 区财政局 | 2023年9月30日前\n"
).encode()


def _upload(page, base):
    page.goto(f"{base}/import/")
    page.set_input_files("#id_file", files=[{"name": "任务清单.txt", "mimeType": "text/plain", "buffer": TABLE}])
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_load_state()


def test_unknown_header_is_mapped_on_the_columns_page_then_imported(browser, request, live_server,  # noqa: F811
                                                                    transactional_db, world):
    page = log_in(browser, live_server.url, "office")
    with screenshots_on_failure(request, page):
        _upload(page, live_server.url)
        draft = ImportDraft.objects.get()
        assert page.url.endswith(f"/import/{draft.pk}/columns/")
        expect(page.locator('[data-testid="column-card"]')).to_have_count(4)
        expect(page.locator('[data-testid="columns-preview"]')).to_contain_text("及时更新政务新媒体信息。")
        # nothing chosen as the task: refused on the page, the draft kept
        page.locator('[data-testid="columns-submit"]').click()
        expect(page.locator('[data-testid="columns-errors"]')).to_contain_text("task")
        for index, role in enumerate(["number", "task", "units", "deadline"]):
            page.select_option(f'[data-testid="column-role-{index}"]', role)
        page.locator('[data-testid="columns-submit"]').click()
        page.wait_for_load_state()
        assert page.url.endswith(f"/import/{draft.pk}/")
        body = page.locator("#confirm-form")
        for text in ("推进政策解读", "及时更新政务新媒体信息。", "完善依申请公开办理流程。", "区财政局",
                     "区市场监督管理局"):
            expect(body).to_contain_text(text)
        expect(page.locator('[data-testid="change-columns"]')).to_be_visible()
        before = Task.objects.count()
        page.locator("#confirm-form button[type=submit]:not([form])").last.click()
        page.wait_for_load_state()
        assert Task.objects.count() == before + 3
        assert not ImportDraft.objects.exists()
        assert Assignment.objects.filter(unit=world.other_unit, task__text="及时更新政务新媒体信息。").exists()
        assert Assignment.objects.filter(unit=world.unit, task__text="完善依申请公开办理流程。").exists()


def test_columns_page_fits_a_390px_phone(browser, request, live_server, transactional_db, world):  # noqa: F811
    page = log_in(browser, live_server.url, "office", viewport=PHONE_390)
    with screenshots_on_failure(request, page):
        _upload(page, live_server.url)
        expect(page.locator('[data-testid="column-card"]').first).to_be_visible()
        no_sideways_scroll(page)
        boxes = [page.locator('[data-testid="column-card"]').nth(i).bounding_box() for i in range(4)]
        assert len({round(b["x"]) for b in boxes}) == 1  # one card per line, stacked
        page.locator('[data-testid="columns-submit"]').click()  # the error fits too
        expect(page.locator('[data-testid="columns-errors"]')).to_be_visible()
        no_sideways_scroll(page)
        for index, role in enumerate(["number", "task", "units", "deadline"]):
            page.select_option(f'[data-testid="column-role-{index}"]', role)
        page.locator('[data-testid="columns-submit"]').click()
        page.wait_for_load_state()
        expect(page.locator('[data-testid="change-columns"]')).to_be_visible()
        no_sideways_scroll(page)
