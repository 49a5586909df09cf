"""A liaison's report in a real browser: partial progress of a quarter accepted and shown where
supervisors look (the ledger, the overview, the Excel ledger), and a report form that fails
validation telling the liaison which files to choose again."""

import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from tasks.models import Assignment, Attachment, ProgressReport, ReportingPeriod
from tests.test_browser_flow import PHONE, browser, log_in, no_sideways_scroll, screenshots_on_failure

pytestmark = [pytest.mark.browser]
__all__ = ["browser"]  # the fixture, shared with test_browser_flow


def _quarters_of_this_year(task) -> list[ReportingPeriod]:
    year = timezone.localdate().year
    return [ReportingPeriod.objects.create(task=task, index=i, label=f"{year}年第{i + 1}季度",
                                           starts_on=date(year, 3 * i + 1, 1), due_on=date(year, 3 * i + 3, 28))
            for i in range(4)]


def test_a_55_percent_quarter_accepted_shows_in_ledger_overview_and_excel(
        browser, request, live_server, transactional_db, world):
    quarters = _quarters_of_this_year(world.task)
    current = next((q for q in quarters if q.starts_on <= timezone.localdate() <= q.due_on), quarters[-1])
    base = live_server.url
    liaison = log_in(browser, base, "caizheng")
    office = log_in(browser, base, "office")
    leader = log_in(browser, base, "leader")
    phone = log_in(browser, base, "leader", viewport=PHONE)
    with screenshots_on_failure(request, liaison, office, leader, phone):
        liaison.goto(f"{base}{world.assignment.get_absolute_url()}")
        # One open period is preselected: the liaison only writes what was done.
        expect(liaison.locator("#id_period")).to_have_value(str(current.pk))
        liaison.fill("#id_text", "本季度已完成过半。")
        liaison.fill("#id_percent", "55")
        liaison.click("text=Submit report")
        expect(liaison.locator("text=submitted for review")).to_be_visible()

        office.goto(f"{base}/review/queue/")
        office.locator('[data-testid="queue-report"]', has_text="本季度已完成过半").locator(
            "button[value=accept]").click()
        expect(office.locator("text=Report accepted")).to_be_visible()

        # The assignment shows the quarter's own 55% and a whole that moved with it (55 / 4 → 14%).
        office.goto(f"{base}{world.assignment.get_absolute_url()}")
        expect(office.locator('[data-testid="period-percent"]')).to_have_text("55%")

        # The ledger's row of the unit shows 14%, not 0%.
        office.goto(f"{base}/assignments/?document={world.document.pk}")
        row = office.locator("table tbody tr", has_text=world.unit.short_name or world.unit.name)
        expect(row).to_contain_text("14%")

        # The supervisor's overview: the unit's average progress is 14%.
        for page in (leader, phone):
            page.goto(f"{base}/jurisdictions/{world.j.pk}/")
            expect(page.locator(f'[data-unit="{world.unit.name}"] [data-testid="unit-progress"]')).to_have_text("14%")
        no_sideways_scroll(phone)

        # The Excel ledger of the document, fetched with the supervisor's session.
        response = leader.request.get(f"{base}{reverse('exports:document_ledger', args=[world.document.pk])}",
                                      params={"format": "xlsx"})
        assert response.ok, response.status
        data = response.body()
    sheet = load_workbook(io.BytesIO(data)).active
    cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row if isinstance(cell, str)]
    assert any("推进中 14%" in cell for cell in cells), cells[:40]
    assert Assignment.objects.get(pk=world.assignment.pk).percent == 14


def test_a_report_form_failing_validation_asks_for_the_files_again(
        browser, request, live_server, transactional_db, world):
    base = live_server.url
    liaison = log_in(browser, base, "caizheng")
    phone = log_in(browser, base, "caizheng", viewport=PHONE)
    url = f"{base}{world.assignment.get_absolute_url()}"
    evidence = {"name": "公开截图.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 evidence"}
    with screenshots_on_failure(request, liaison, phone):
        liaison.goto(url)
        liaison.fill("#id_text", "已公开。")
        liaison.fill("#id_percent", "100")
        liaison.fill("#id_evidence_urls", "not a link")  # refused by the server, not by the browser
        liaison.set_input_files("#id_attachments", files=[evidence])
        liaison.click("text=Submit report")
        # Nothing was stored; the page names the file the browser let go of, and keeps the text.
        warning = liaison.locator('[data-testid="choose-again"]')
        expect(warning).to_be_visible()
        expect(warning).to_contain_text("公开截图.pdf")
        expect(liaison.locator("#id_text")).to_have_value("已公开。")
        assert not ProgressReport.objects.exists()

        # Chosen again with a good link, the report goes through with its file.
        liaison.fill("#id_evidence_urls", "www.xuecheng.gov.cn/zwgk/1.html")
        liaison.set_input_files("#id_attachments", files=[evidence])
        liaison.click("text=Submit report")
        expect(liaison.locator("text=submitted for review")).to_be_visible()
        expect(liaison.locator('[data-testid="choose-again"]')).to_have_count(0)

        phone.goto(url)
        no_sideways_scroll(phone)
    report = ProgressReport.objects.get()
    assert report.evidence_urls == ["http://www.xuecheng.gov.cn/zwgk/1.html"]
    assert list(Attachment.objects.filter(report=report).values_list("original_name", flat=True)) == ["公开截图.pdf"]
