"""Batch work in a real browser: one deadline for many tasks, urging the overdue units at once,
accepting many reports in the review queue (and the 审核 menu's count), at desktop and phone width."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tasks.models import Assignment, ProgressReport, Task, Urge
from tests import factories
from tests.test_browser_flow import PHONE, browser, log_in, no_sideways_scroll, screenshots_on_failure

pytestmark = [pytest.mark.browser]
__all__ = ["browser"]  # the fixture, shared with test_browser_flow


def test_office_sets_one_deadline_on_many_tasks(browser, request, live_server, transactional_db, world):
    for i in range(4):
        factories.assignment(task=factories.task(document=world.document, number=f"{i + 2}"), unit=world.unit)
    office = log_in(browser, live_server.url, "office")
    phone = log_in(browser, live_server.url, "office", viewport=PHONE)
    url = f"{live_server.url}/documents/{world.document.pk}/"
    with screenshots_on_failure(request, office, phone):
        office.goto(url)
        office.locator('[data-testid="tasks-batch"] summary').click()
        office.check("#select-all-tasks")
        expect(office.locator('[data-select-count="tasks"]')).to_have_text("5")
        office.locator(f'input[name=tasks][value="{world.task.pk}"]').uncheck()
        expect(office.locator('[data-select-count="tasks"]')).to_have_text("4")
        office.fill("#tasks-phrase", "11月底前")
        office.fill("#tasks-reason", "补充期限")
        office.locator('[data-testid="tasks-batch-submit"]').click()
        expect(office.locator("text=The deadline of 4 tasks was changed.")).to_be_visible()
        phone.goto(url)
        no_sideways_scroll(phone)
    assert Task.objects.filter(due_on=date(2021, 11, 30)).count() == 4
    assert Task.objects.get(pk=world.task.pk).due_on is None
    assert Assignment.objects.filter(due_on=date(2021, 11, 30)).count() == 4


def test_office_urges_every_overdue_unit_at_once(browser, request, live_server, transactional_db, world):
    past = timezone.localdate() - timedelta(days=5)
    overdue = [world.assignment, world.other_assignment]
    for i in range(3):
        overdue.append(factories.assignment(task=factories.task(document=world.document, number=f"{i + 2}"),
                                            unit=world.unit))
    Assignment.objects.filter(pk__in=[a.pk for a in overdue]).update(due_on=past)
    on_track = factories.assignment(task=factories.task(document=world.document, number="9"), unit=world.unit,
                                    due_on=timezone.localdate() + timedelta(days=60))
    office = log_in(browser, live_server.url, "office")
    phone = log_in(browser, live_server.url, "office", viewport=PHONE)
    url = f"{live_server.url}/assignments/?light=red"
    with screenshots_on_failure(request, office, phone):
        office.goto(url)
        expect(office.locator('[data-testid="row-count"]')).to_contain_text("5")
        office.locator('[data-testid="ledger-batch"] summary').click()
        office.locator('thead [data-select-all="assignments"]').check()
        expect(office.locator('[data-select-count="assignments"]')).to_have_text("5")
        office.fill("#batch-message", "请于本周内报送进展")
        office.locator('[data-testid="batch-urge"]').click()
        expect(office.locator("text=5 units have been urged.")).to_be_visible()
        assert "light=red" in office.url
        phone.goto(url)
        no_sideways_scroll(phone)
    assert Urge.objects.count() == 5
    assert not Urge.objects.filter(assignment=on_track).exists()
    assert set(Urge.objects.values_list("message", flat=True)) == {"请于本周内报送进展"}


def test_office_accepts_many_reports_in_the_review_queue(browser, request, live_server, transactional_db, world):
    for assignment, author in ((world.assignment, world.liaison), (world.other_assignment, world.other_liaison)):
        factories.report(assignment=assignment, author=author, percent=100)
    factories.report(assignment=world.assignment, author=world.liaison, percent=100, text="第二次报送")
    office = log_in(browser, live_server.url, "office")
    with screenshots_on_failure(request, office):
        office.goto(f"{live_server.url}/review/queue/")
        expect(office.locator('[data-testid="review-waiting"]')).to_have_text("3")
        office.check("#select-all-reports")
        expect(office.locator('[data-select-count="reports"]')).to_have_text("3")
        office.locator('[data-testid="bulk-accept"]').click()
        expect(office.locator("text=3 reports accepted.")).to_be_visible()
        expect(office.locator('[data-testid="review-waiting"]')).to_have_count(0)
        expect(office.locator("text=Nothing is waiting for review.")).to_be_visible()
    assert set(ProgressReport.objects.values_list("state", flat=True)) == {ProgressReport.State.ACCEPTED}
    assert set(Assignment.objects.filter(pk__in=[world.assignment.pk, world.other_assignment.pk])
               .values_list("status", flat=True)) == {"completed"}
