"""The ledger's print view in Chromium: a 400-row ledger prints every row on several pages, with
the table header repeated at the top of each page (counted in the PDF's text with pdftotext)."""

import shutil
import subprocess

import pytest

from tests import factories_portal as fp
from tests.test_browser_flow import browser, log_in, no_sideways_scroll  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.browser]


def test_a_400_row_ledger_prints_every_row_with_a_header_on_every_page(browser, live_server,  # noqa: F811
                                                                       transactional_db, world, tmp_path):
    # 199 tasks × 2 units + the world's 2 = 400 rows in the office's ledger.
    fp.many_assignments(document=world.document, units=[world.unit, world.other_unit], n=199)
    page = log_in(browser, live_server.url, "office")
    page.goto(f"{live_server.url}/assignments/")
    page.click("[data-testid=print-link]")
    page.wait_for_load_state()
    assert "/assignments/print/" in page.url
    assert page.locator("[data-testid=print-table] tbody tr").count() == 400
    assert page.locator("form[role=search]").count() == 0 and page.locator("nav").count() == 0

    pdf = tmp_path / "ledger.pdf"
    page.pdf(path=str(pdf), format="A4", landscape=True)
    assert shutil.which("pdftotext"), "poppler-utils is installed by `make deps`"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) >= 5
    # The header's last column ("Last report") on every page, and only once per page.
    assert all(p.count("Last report") == 1 for p in pages), [p.count("Last report") for p in pages]
    assert text.count("批量任务") == 398


def test_the_print_view_has_no_sideways_scroll_on_a_phone(browser, live_server, transactional_db, world):  # noqa: F811
    fp.many_assignments(document=world.document, units=[world.unit], n=5)
    page = log_in(browser, live_server.url, "office", viewport={"width": 390, "height": 844})
    page.goto(f"{live_server.url}/assignments/print/")
    no_sideways_scroll(page)
