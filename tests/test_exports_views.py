"""Download views: who may export what (404 to outsiders), formats, filters and file names."""

import csv
import io
from datetime import datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from tests import factories
from tests.factories_exports import ledger_document
from tests.html import by_testid, find_all
from tests.jobs_worker import export_through_job

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ON_TODAY = datetime(2021, 7, 12, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def get(client, user, url, **params):
    if user is not None:
        client.force_login(user)
    return client.get(url, params)


def body(response) -> bytes:
    # Reading the whole stream makes the test client close the response (and the temporary file);
    # closing it again would fire request_finished and close the test's database connection.
    return b"".join(response.streaming_content)


def csv_rows(response):
    return list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"), newline="")))


def units_in(rows):
    return {row[3] for row in rows[1:] if row[0].isdigit()}


@pytest.fixture
def data(world):
    return ledger_document(world)


@pytest.mark.parametrize(
    "who,status",
    [("office", 200), ("supervisor", 200), ("liaison", 200), ("other_office", 404), (None, 302)],
)
def test_document_ledger_access(client, world, data, who, status):
    url = reverse("exports:document_ledger", args=[data.document.pk])
    response = get(client, getattr(world, who) if who else None, url)
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("login"))
    if status == 200:
        assert response["Content-Type"] == XLSX
        wb = load_workbook(io.BytesIO(body(response)))
        assert wb.sheetnames == ["工作台账", "按单位汇总"]


def test_liaison_exports_only_their_units_rows(client, world, data):
    rows = csv_rows(get(client, world.liaison, reverse("exports:document_ledger", args=[data.document.pk]),
                        format="csv"))
    assert units_in(rows) == {"区财政局"}
    assert not any("区市场监管局" in row[3] or "区发改局" in row[3] for row in rows[1:])
    assert len([row for row in rows[1:] if row[0].isdigit()]) == 3  # the tasks with 区财政局 in them


def test_unknown_document_is_404(client, world):
    response = get(client, world.office, reverse("exports:document_ledger", args=[999999]))
    assert response.status_code == 404


def test_content_disposition_carries_a_utf8_file_name(client, world, data):
    response = get(client, world.supervisor, reverse("exports:document_ledger", args=[data.document.pk]),
                   format="csv")
    disposition = response["Content-Disposition"]
    body(response)
    assert disposition.startswith("attachment; filename*=utf-8''")  # Django's own header (FileResponse)
    assert "filename*=utf-8''" + quote("2021年薛城区政务公开工作要点工作台账_") in disposition
    assert disposition.endswith(".csv")


def test_unknown_format_is_400(client, world, data):
    response = get(client, world.office, reverse("exports:document_ledger", args=[data.document.pk]), format="doc")
    assert response.status_code == 400
    assert response.content.decode() == "Unknown export format “doc”; use one of: csv, pdf, xlsx."
    client.force_login(world.office)
    client.cookies["django_language"] = "zh-hans"  # the language the user chose
    chinese = client.get(reverse("exports:document_ledger", args=[data.document.pk]), {"format": "doc"},
                         HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert chinese.content.decode() == "没有“doc”这种导出格式，可用的格式：csv, pdf, xlsx。"  # in the user's language


def test_an_unknown_format_is_not_echoed_whole(client, world, data):
    response = get(client, world.office, reverse("exports:document_ledger", args=[data.document.pk]),
                   format="x" * 5000)
    assert response.status_code == 400
    assert "x" * 19 + "…" in response.content.decode() and len(response.content.decode()) < 100


def test_exports_are_read_only_get_requests(client, world, data):
    client.force_login(world.supervisor)
    assert client.post(reverse("exports:document_ledger", args=[data.document.pk])).status_code == 405


@pytest.mark.parametrize(
    "who,unit,status",
    [
        ("office", "unit", 200),
        ("supervisor", "other_unit", 200),
        ("liaison", "unit", 200),
        ("liaison", "other_unit", 404),
        ("other_office", "unit", 404),
        (None, "unit", 302),
    ],
)
def test_unit_ledger_access(client, world, data, who, unit, status):
    url = reverse("exports:unit_ledger", args=[getattr(world, unit).pk])
    response = get(client, getattr(world, who) if who else None, url, format="csv")
    assert response.status_code == status
    if status == 200:
        rows = csv_rows(response)
        assert units_in(rows) == {getattr(world, unit).display_name}


def test_unit_ledger_of_one_document(client, world, data):
    other_document = factories.document(jurisdiction=world.j, title="2022年薛城区政务公开工作要点")
    factories.assignment(task=factories.task(document=other_document), unit=world.unit)
    url = reverse("exports:unit_ledger", args=[world.unit.pk])
    everything = csv_rows(get(client, world.office, url, format="csv"))
    one = csv_rows(get(client, world.office, url, format="csv", document=data.document.pk))
    assert len(everything) == len(one) + 2  # the other document's section row and its task
    foreign = get(client, world.office, url, format="csv", document=world.foreign_document.pk)
    assert foreign.status_code == 404


def test_list_ledger_applies_the_portal_filters(client, world, data):
    url = reverse("exports:list_ledger")
    with time_machine.travel(ON_TODAY, tick=False):
        red = csv_rows(get(client, world.office, url, format="csv", light="red", status=""))
        in_progress = csv_rows(get(client, world.office, url, format="csv", status="in_progress",
                                   document=data.document.pk))
        by_unit = csv_rows(get(client, world.office, url, format="csv", unit=world.unit.pk, year=2021))
        by_text = csv_rows(get(client, world.office, url, format="csv", q="政策解读"))
        by_due = csv_rows(get(client, world.office, url, format="csv", due_from="2021-07-10", due_to="2021-07-31"))
    assert [row[2] for row in red[1:] if row[0].isdigit()] == ["做好政策解读。"]
    assert [row[2] for row in in_progress[1:] if row[0].isdigit()] == ["做好开发区体制机制改革进展情况公开。"]
    assert units_in(by_unit) == {"区财政局"} and len(by_unit) == 1 + 1 + 3
    assert [row[2] for row in by_text[1:] if row[0].isdigit()] == ["做好政策解读。"]
    assert [row[4] for row in by_due[1:] if row[0].isdigit()] == ["于7月15日前\n2021-07-15"]


def test_list_ledger_shows_office_only_its_jurisdiction(client, world, data):
    rows = csv_rows(get(client, world.office, reverse("exports:list_ledger"), format="csv"))
    assert "县民政局" not in units_in(rows)
    assert len([row for row in rows if row[0].isdigit()]) == data.all_assignments.count()


def test_list_ledger_of_liaison_has_only_their_assignments(client, world, data):
    rows = csv_rows(get(client, world.liaison, reverse("exports:list_ledger"), format="csv"))
    assert units_in(rows) == {"区财政局"}


def test_list_ledger_accepts_the_portal_form_names(client, world, data):
    url = reverse("exports:list_ledger")
    rows = csv_rows(get(client, world.office, url, format="csv", due_after="2021-07-10", due_before="2021-07-31",
                        jurisdiction=world.j.pk))
    assert [row[4] for row in rows[1:] if row[0].isdigit()] == ["于7月15日前\n2021-07-15"]


@pytest.mark.parametrize("param", ["document", "unit", "jurisdiction"])
def test_list_ledger_with_an_outsiders_id_is_404(client, world, data, param):
    value = {"document": world.foreign_document, "unit": world.foreign_unit, "jurisdiction": world.other_j}[param].pk
    response = get(client, world.office, reverse("exports:list_ledger"), **{param: value})
    assert response.status_code == 404


@pytest.mark.parametrize("params", [{"status": "bogus"}, {"due_from": "yesterday"}, {"year": "x"}])
def test_list_ledger_with_invalid_filters_is_400(client, world, params):
    assert get(client, world.office, reverse("exports:list_ledger"), **params).status_code == 400


def test_list_ledger_needs_login(client):
    response = client.get(reverse("exports:list_ledger"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who,status", [("supervisor", 200), ("other_office", 404), (None, 302)])
def test_document_report_access(client, world, data, who, status):
    url = reverse("exports:document_report", args=[data.document.pk])
    response = get(client, getattr(world, who) if who else None, url)
    if status == 200:  # a PDF is written in the background, then downloaded from its job
        assert export_through_job(client, response).startswith(b"%PDF")
    else:
        assert response.status_code == status


def test_ledger_page_buttons_carry_the_page_filters(client, world, data):
    client.force_login(world.supervisor)
    response = client.get(reverse("portal:assignment_list"), {"status": "in_progress", "q": "公开", "page": "2"})
    html = response.content.decode()
    assert f'action="{reverse("exports:list_ledger")}"' in html
    assert '<input type="hidden" name="status" value="in_progress">' in html
    assert '<input type="hidden" name="q" value="公开">' in html
    assert not find_all(by_testid(html, "export-buttons"), './/*[@name="page"]')


def test_document_page_buttons_export_that_document(client, world, data):
    client.force_login(world.office)
    html = client.get(reverse("portal:document_detail", args=[data.document.pk])).content.decode()
    assert reverse("exports:document_ledger", args=[data.document.pk]) + "?format=xlsx" in html
    assert reverse("exports:document_report", args=[data.document.pk]) in html
