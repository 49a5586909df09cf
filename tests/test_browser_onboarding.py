"""A new office in a real browser, on a fresh database without seed_demo: the operator creates a
jurisdiction that is in no fixture (青川市), imports its own document, creates all its units in one
action, generates the liaison accounts and downloads the password sheet; a liaison logs in with a
one-time password, must change it, sees the unit's tasks and reports. Pages fit a 390 px phone.
"""

from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tasks.models import Document, ProgressReport
from tests.test_browser_flow import PASSWORD, browser, log_in, no_sideways_scroll, screenshots_on_failure
from units.models import Jurisdiction, Membership, Unit

__all__ = ["browser"]  # the fixture, imported for pytest

pytestmark = [pytest.mark.browser]
DOCUMENT = Path(__file__).resolve().parent / "onboarding" / "qingchuan_2025.txt"
PHONE_390 = {"width": 390, "height": 844}


def _log_in_with(browser, base, username, password, viewport=None):
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900}, locale="en-US",
                                  accept_downloads=True)
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def test_a_new_office_from_install_to_a_liaison_report(browser, request, live_server, transactional_db, tmp_path):
    assert not Jurisdiction.objects.exists() and not Unit.objects.exists()
    get_user_model().objects.create_superuser("operator", password=PASSWORD)
    base = live_server.url
    operator = _log_in_with(browser, base, "operator", PASSWORD)
    liaison = None
    with screenshots_on_failure(request, operator):
        # A fresh install: the home page sends the operator to the first run.
        operator.goto(f"{base}/")
        expect(operator.locator("h1")).to_have_text("Set up the first jurisdiction")
        operator.fill("#id_issuer", "青川市人民政府办公室")
        operator.click('[data-testid="guess"]')
        expect(operator.locator('[data-testid="guessed"]')).to_be_visible()
        expect(operator.locator("#id_name")).to_have_value("青川市")
        expect(operator.locator("#id_level")).to_have_value("city")
        expect(operator.locator("#id_unit_prefix")).to_have_value("市")
        operator.click('[data-testid="create-jurisdiction"]')
        expect(operator.locator('[data-testid="issued-row"]')).to_have_count(1)
        jurisdiction = Jurisdiction.objects.get(name="青川市")

        # Its own document: every unit is unknown; one action creates them all.
        operator.click('[data-testid="go-import"]')
        operator.select_option("#id_jurisdiction", str(jurisdiction.pk))
        operator.set_input_files("#id_file", str(DOCUMENT))
        operator.click("button[type=submit]:has-text('Read the file')")
        proposal = operator.locator('[data-testid="unit-proposal"]')
        expect(proposal).to_be_visible()
        expect(proposal.locator('[data-testid="proposal-units"]')).to_contain_text("市发展和改革局")
        expect(proposal.locator('[data-testid="proposal-units"] tbody tr')).to_have_count(8)
        operator.click('[data-testid="create-all-units"]')
        expect(operator.locator('[data-testid="unit-proposal"]')).to_have_count(0)
        expect(operator.locator("#unknown-heading")).to_have_count(0)
        assert Unit.objects.filter(jurisdiction=jurisdiction).count() == 8
        operator.locator("#confirm-form button[type=submit]", has_text="Import").first.click()
        if operator.locator('[data-testid="confirm-open"]').count():
            operator.click('[data-testid="confirm-open"]')  # 各县（区）人民政府 is left for a person
        expect(operator.locator("text=Imported")).to_be_visible()
        document = Document.objects.get(jurisdiction=jurisdiction)
        assert document.doc_number == "青政办发〔2025〕9号" and document.tasks.count() == 4

        # Liaison accounts for every unit with assignments; the sheet downloads.
        operator.goto(f"{base}/registry/{jurisdiction.pk}/accounts/")
        operator.click('[data-testid="generate-accounts"]')
        rows = operator.locator('[data-testid="issued-row"]')
        expect(rows.first).to_be_visible()
        issued = {}
        for index in range(rows.count()):
            cells = rows.nth(index).locator("td")
            issued[cells.nth(2).inner_text()] = (cells.nth(0).inner_text(), cells.nth(1).inner_text())
        liaisons = Membership.objects.filter(unit__jurisdiction=jurisdiction).count()
        assert "市财政局" in issued and len(issued) == liaisons
        with operator.expect_download() as download_info:
            operator.click('[data-testid="sheet-xlsx"]')
        sheet = tmp_path / "sheet.xlsx"
        download_info.value.save_as(sheet)
        values = list(openpyxl.load_workbook(sheet).active.iter_rows(values_only=True))
        assert {row[0] for row in values[1:]} == {username for username, _pw in issued.values()}
        with operator.expect_download() as pdf_info:
            operator.click('[data-testid="sheet-pdf"]')
        pdf = tmp_path / "sheet.pdf"
        pdf_info.value.save_as(pdf)
        assert pdf.read_bytes().startswith(b"%PDF")
        operator.reload()
        expect(operator.locator('[data-testid="issued-row"]')).to_have_count(0)  # shown once only
        expect(operator.locator('[data-testid="never-logged-in"]')).to_have_count(len(issued))
        operator.click("nav .dropdown-toggle")
        operator.click("text=Log out")
        operator.goto(f"{base}/")
        expect(operator.locator("#id_username")).to_be_visible()

        # The liaison of 市财政局: a one-time password, changed at once, then the unit's tasks.
        username, one_time = issued["市财政局"]
        liaison = _log_in_with(browser, base, username, one_time, viewport=PHONE_390)
        expect(liaison.locator("#id_old_password")).to_be_visible()
        liaison.goto(f"{base}/assignments/")
        expect(liaison.locator("#id_old_password")).to_be_visible()  # no way round it
        liaison.fill("#id_old_password", one_time)
        liaison.fill("#id_new_password1", "Qingchuan-caizheng-2025")
        liaison.fill("#id_new_password2", "Qingchuan-caizheng-2025")
        liaison.locator("form:has(#id_old_password) button[type=submit]").click()
        expect(liaison.locator("#id_old_password")).to_have_count(0)
        liaison.goto(f"{base}/")
        expect(liaison.locator("h1", has_text="My tasks")).to_be_visible()
        no_sideways_scroll(liaison)
        cards = liaison.locator(".assignment-cards a")
        expect(cards).to_have_count(1)
        cards.first.click()
        liaison.fill("#id_text", "已在市政府网站公开政策解读清单。")
        liaison.fill("#id_percent", "60")
        liaison.click("text=Submit report")
        expect(liaison.locator("text=submitted for review")).to_be_visible()
        no_sideways_scroll(liaison)
    report = ProgressReport.objects.get()
    assert report.assignment.unit.name == "市财政局" and report.author.username == username


def test_onboarding_pages_fit_a_390px_phone(browser, request, live_server, transactional_db):
    from tasks.services.import_drafts import import_draft_create
    from tests import factories

    operator = get_user_model().objects.create_superuser("operator", password=PASSWORD)
    base = live_server.url
    page = log_in(browser, base, "operator", viewport=PHONE_390)
    with screenshots_on_failure(request, page):
        page.goto(f"{base}/registry/first-run/?issuer=青川市人民政府办公室")
        expect(page.locator("#id_name")).to_have_value("青川市")
        no_sideways_scroll(page)
        page.click('[data-testid="create-jurisdiction"]')
        expect(page.locator('[data-testid="issued-row"]')).to_have_count(1)
        no_sideways_scroll(page)
        jurisdiction = Jurisdiction.objects.get()
        draft = import_draft_create(user=operator, jurisdiction=jurisdiction, filename="qingchuan.txt",
                                    data=DOCUMENT.read_bytes())
        page.goto(f"{base}/import/{draft.pk}/")
        expect(page.locator('[data-testid="unit-proposal"]')).to_be_visible()
        no_sideways_scroll(page)
        page.click('[data-testid="create-all-units"]')
        expect(page.locator('[data-testid="unit-proposal"]')).to_have_count(0)
        unit = Unit.objects.filter(jurisdiction=jurisdiction).first()
        factories.liaison(unit=unit, username="liaisonwithalongusername_qingchuan")
        page.goto(f"{base}/registry/{jurisdiction.pk}/accounts/")
        expect(page.locator('[data-testid="never-logged-in"]')).to_have_count(1)
        no_sideways_scroll(page)
