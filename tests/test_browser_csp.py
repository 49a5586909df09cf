"""The pages keep their Content-Security-Policy in a real browser: no violation, no script error,
and the behaviour that moved out of inline handlers (language switch, confirm before removing)
still works."""

import pytest

from tasks.models import Assignment
from tests.test_browser_flow import browser, log_in  # noqa: F401  (browser is a fixture)

pytestmark = [pytest.mark.browser]


def _watch(page) -> list[str]:
    problems = []
    page.on("console", lambda msg: problems.append(msg.text) if "Content Security Policy" in msg.text
            or msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    return problems


def test_pages_run_under_the_csp_without_violations(browser, live_server, transactional_db, world):  # noqa: F811
    page = log_in(browser, live_server.url, "office")
    problems = _watch(page)
    for path in ("/overview/", "/assignments/", "/documents/", f"/documents/{world.document.pk}/",
                 f"/tasks/{world.task.pk}/", f"/assignments/{world.assignment.pk}/", "/import/", "/calendar/",
                 "/public/", "/inbox/"):
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
    assert not problems


def test_language_switch_and_remove_confirmation_work_without_inline_script(
        browser, live_server, transactional_db, world):  # noqa: F811
    page = log_in(browser, live_server.url, "office")
    problems = _watch(page)
    page.goto(f"{live_server.url}/tasks/{world.task.pk}/")
    questions = []

    def dismiss(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.locator(f'form[action$="/assignments/{world.assignment.pk}/remove/"] button').click()
    page.wait_for_timeout(300)
    assert questions and Assignment.objects.filter(pk=world.assignment.pk).exists()
    with page.expect_navigation():
        page.select_option("#lang-select", "zh-hans")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert not problems
