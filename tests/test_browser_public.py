"""An anonymous visitor on a phone walks the public pages: readable, no sideways scrolling, nothing private.

Drives Debian's Chromium through Playwright against pytest-django's live server.
"""

import re
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.cache import cache

from tests.factories_public import plant_published, private_strings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
PHONE = {"width": 375, "height": 812}

pytestmark = [
    pytest.mark.browser,
]


@pytest.fixture
def browser(monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread, and Django refuses ORM calls from a
    # thread with a running loop; the test's own ORM calls are still synchronous. Set only for the
    # test (monkeypatch restores it): a process-wide setting fails `check --deploy` in other tests.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@contextmanager
def screenshot_on_failure(page, request):
    """Save a full-page screenshot to test-artifacts/ when the block fails, then re-raise."""
    try:
        yield
    except BaseException:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        raise


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("document.documentElement.clientWidth")
    assert width <= viewport, f"{page.url}: page is {width}px wide in a {viewport}px viewport"


def _nothing_private(page, secrets) -> None:
    html = page.content()
    for secret in secrets:
        assert secret not in html, f"{page.url} shows {secret!r}"


def test_phone_visitor_sees_progress_and_nothing_private(browser, request, live_server, transactional_db, world):
    cache.clear()
    plant_published(world)
    secrets = private_strings(world)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    with screenshot_on_failure(page, request):
        _walk_public_pages(page, live_server.url, world, secrets)
    context.close()


def _walk_public_pages(page, base, world, secrets):
    page.goto(f"{base}/public/")
    assert page.locator("h1").count() == 1
    _no_sideways_scroll(page)
    _nothing_private(page, secrets)
    assert page.get_by_text(world.foreign_document.title).count() == 0  # never published

    page.get_by_role("link", name=world.document.title).click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/public/{world.document.pk}/")
    assert page.locator("h1").inner_text() == world.document.title
    assert page.get_by_role("heading", level=2, name="一、 推进决策公开").count() == 1
    assert page.get_by_role("heading", level=3, name="（一） 做好决策预公开").count() == 1
    for label in ("Completed", "Overdue", "In progress"):  # lights are also text
        assert page.locator(".status", has_text=label).count() >= 1
    assert page.get_by_role("link", name="公开的证明.pdf").count() == 1
    _no_sideways_scroll(page)
    _nothing_private(page, secrets)

    page.emulate_media(media="print")
    assert page.locator("nav.navbar").is_hidden()
    page.emulate_media(media="screen")

    for path in (f"/public/{world.document.pk}/data.json", "/public/feed.json"):
        response = page.goto(f"{base}{path}")
        assert response.headers["access-control-allow-origin"] == "*"
        _nothing_private(page, secrets)

    response = page.goto(f"{base}/public/{world.foreign_document.pk}/")
    assert response.status == 404


def test_public_page_works_without_javascript(browser, request, live_server, transactional_db, world):
    cache.clear()
    plant_published(world)
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    with screenshot_on_failure(page, request):
        page.goto(f"{live_server.url}/public/{world.document.pk}/")
        assert page.locator(".public-task").count() == 3
        assert page.get_by_text("逾期的任务。").is_visible()
        _no_sideways_scroll(page)
    context.close()
