"""The portal in a real browser: a report goes from liaison to office and back, and the
supervisor's overview follows; phone-width pages do not scroll sideways.

Drives Debian's Chromium through Playwright against pytest-django's live server.
"""

import re
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tasks.models import Assignment, ProgressReport
from tests import factories

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
PASSWORD = "pw-123456-test"
PHONE = {"width": 375, "height": 812}

pytestmark = [
    pytest.mark.browser,
]


@pytest.fixture
def browser(settings, monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls stay synchronous.
    # Set for the test only: a module-level os.environ change would leak into every later test
    # (and into `manage.py check --deploy` subprocesses, which refuse it).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.LANGUAGE_CODE = "en"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@contextmanager
def screenshots_on_failure(request, *pages):
    """On failure save a full-page screenshot of every page to test-artifacts/, then re-raise."""
    try:
        yield
    except BaseException:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        for index, page in enumerate(pages):
            page.screenshot(path=str(ARTIFACTS / f"{name}-{index}.png"), full_page=True)
        raise


def log_in(browser, base, username, viewport=None):
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, f"{page.url} is {width}px wide"


def test_report_returned_then_accepted_and_overview_follows(browser, request, live_server, transactional_db, world):
    Assignment.objects.filter(pk=world.assignment.pk).update(due_on=timezone.localdate() + timedelta(days=30))
    base = live_server.url
    liaison = log_in(browser, base, "caizheng")
    office = log_in(browser, base, "office")
    leader = log_in(browser, base, "leader")
    with screenshots_on_failure(request, liaison, office, leader):
        overview_url = f"{base}/jurisdictions/{world.j.pk}/"
        leader.goto(overview_url)
        # Nobody has completed anything: no ranking of units that all stand at 0%.
        expect(leader.locator('[data-testid="no-ranking"]')).to_be_visible()
        expect(leader.locator('[data-unit="区财政局"] [data-testid="unit-rate"]')).to_have_text("0%")

        # The liaison opens the task from the home page and reports with a link and a file.
        liaison.locator("table a", has_text=world.task.text[:10]).click()
        liaison.fill("#id_text", "已在区政府网站公开。")
        liaison.fill("#id_percent", "100")
        liaison.fill("#id_evidence_urls", "http://www.xuecheng.gov.cn/art/2021/7/1/art_1.html")
        liaison.set_input_files("#id_attachments", files=[
            {"name": "公开截图.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 evidence"}])
        liaison.click("text=Submit report")
        expect(liaison.locator("text=submitted for review")).to_be_visible()
        expect(liaison.locator("#reports a", has_text="公开截图.pdf")).to_be_visible()

        # Office staff return it with a comment.
        office.goto(f"{base}/review/queue/")
        card = office.locator('[data-testid="queue-report"]', has_text="已在区政府网站公开")
        card.locator("textarea").fill("请补充栏目链接")
        card.locator("button[value=return]").click()
        expect(office.locator("text=Report returned")).to_be_visible()

        # The liaison sees the comment and reports again.
        liaison.reload()
        expect(liaison.locator('[data-testid="returned-comment"]')).to_contain_text("请补充栏目链接")
        liaison.fill("#id_text", "已补充栏目链接。")
        liaison.fill("#id_percent", "100")
        liaison.fill("#id_evidence_urls", "http://www.xuecheng.gov.cn/col/col1/index.html")
        liaison.click("text=Submit report")
        expect(liaison.locator("text=submitted for review")).to_be_visible()

        # Office staff accept; the assignment is completed and the supervisor's overview moves.
        office.goto(f"{base}/review/queue/")
        office.locator('[data-testid="queue-report"]', has_text="已补充栏目链接").locator(
            "button[value=accept]").click()
        expect(office.locator("text=Report accepted")).to_be_visible()
        leader.goto(overview_url)
        expect(leader.locator('[data-unit="区财政局"] [data-testid="unit-rate"]')).to_have_text("100%")
    assert ProgressReport.objects.filter(assignment=world.assignment).count() == 2
    assert Assignment.objects.get(pk=world.assignment.pk).status == "completed"


def test_liaison_pages_fit_a_phone(browser, request, live_server, transactional_db, world):
    for i in range(12):
        factories.assignment(task=factories.task(document=world.document, number=f"{i + 2}",
                                                 text="推进财政预决算公开，" * 6), unit=world.unit,
                             due_on=timezone.localdate() + timedelta(days=i - 3))
    page = log_in(browser, live_server.url, "caizheng", viewport=PHONE)
    with screenshots_on_failure(request, page):
        expect(page.locator("h1", has_text="My tasks")).to_be_visible()
        no_sideways_scroll(page)
        assert page.locator(".assignment-cards li").count() == 13
        page.locator(".assignment-cards a").first.click()
        expect(page.locator("#report")).to_be_visible()
        no_sideways_scroll(page)


def test_supervisor_pages_fit_a_phone(browser, request, live_server, transactional_db, world):
    section = factories.section(document=world.document, label="（一）", title="推进重大事项领域政务公开" * 3)
    world.task.section = section
    world.task.save()
    for i in range(15):
        unit = factories.unit(jurisdiction=world.j, name=f"区测试局第{i}号单位")
        factories.assignment(task=world.task, unit=unit)
    page = log_in(browser, live_server.url, "leader", viewport=PHONE)
    with screenshots_on_failure(request, page):
        assert page.url.endswith("/overview/")
        no_sideways_scroll(page)
        for url in (f"/jurisdictions/{world.j.pk}/", f"/documents/{world.document.pk}/",
                    f"/tasks/{world.task.pk}/", "/assignments/"):
            page.goto(live_server.url + url)
            no_sideways_scroll(page)
        expect(page.locator('[data-testid="row-count"]')).to_be_visible()


def test_registry_pages_fit_a_phone(browser, request, live_server, transactional_db, world):
    from units.models import CollectiveReference, UnitAlias

    for i in range(8):
        unit = factories.unit(jurisdiction=world.j, name=f"区住房和城乡建设局第{i}号派出机构服务中心",
                              short_name=f"区住建局{i}", parent=world.unit)
        UnitAlias.objects.create(unit=unit, name=f"住房城乡建设局{i}号")
        factories.liaison(unit=unit, username=f"zhujian{i}", first_name="联络员", last_name=f"{i}号")
    collective = CollectiveReference.objects.create(jurisdiction=world.j, name="区政府各部门、各镇街道办事处有关单位")
    collective.members.add(world.unit, world.other_unit)
    page = log_in(browser, live_server.url, "office", viewport=PHONE)
    with screenshots_on_failure(request, page):
        page.goto(f"{live_server.url}/registry/")
        expect(page.locator('[data-testid="unit-cards"] li').first).to_be_visible()
        assert page.locator('[data-testid="unit-cards"] li').count() == 10
        no_sideways_scroll(page)
        for url in (f"/registry/units/{world.unit.pk}/",
                    f"/registry/units/{world.unit.pk}/merge/?target={world.other_unit.pk}",
                    f"/registry/{world.j.pk}/collectives/", f"/registry/collectives/{collective.pk}/",
                    f"/registry/{world.j.pk}/units/new/"):
            page.goto(live_server.url + url)
            no_sideways_scroll(page)
        expect(page.locator("h1")).to_be_visible()
