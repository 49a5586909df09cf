"""The change history in Chromium: from an assignment's page on a phone, the history link opens
its own page, which shows who changed what (old → new), fits the screen and leads back."""

from pathlib import Path

import pytest

from tasks.models import Role
from tests.test_browser_flow import browser, log_in, no_sideways_scroll  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.browser]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def test_the_history_link_opens_the_assignments_history_on_a_phone(browser, live_server,  # noqa: F811
                                                                     transactional_db, world, client):
    client.force_login(world.office)
    client.post(f"/assignments/{world.assignment.pk}/role/", {"role": Role.LEAD, "version": 1})
    page = log_in(browser, live_server.url, world.liaison.username, viewport={"width": 390, "height": 844})
    page.goto(f"{live_server.url}{world.assignment.get_absolute_url()}")
    page.click("[data-testid=history-link]")
    page.wait_for_load_state()
    assert page.url.endswith(f"/assignments/{world.assignment.pk}/history/")
    history = page.locator("#history").inner_text()
    assert "Responsible" in history and "Lead" in history
    no_sideways_scroll(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "history-phone.png"), full_page=True)
    page.click("text=Back")
    page.wait_for_load_state()
    assert page.url.endswith(world.assignment.get_absolute_url())
