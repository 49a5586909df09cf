"""The overview's PDF is an overview (counts, completion by document and unit, charts, the oldest
overdue), a few pages whatever the size of the ledger; the overview pages link to it."""

import subprocess
from datetime import date

import pytest
from django.urls import reverse

from tasks.exports import overview as overview_export
from tasks.models import Assignment
from tests import factories
from tests import factories_portal as fp
from tests.jobs_worker import export_through_job

pytestmark = pytest.mark.django_db


def _pdf(tmp_path, client, response):
    """The PDF a background job wrote (a PDF always runs in the background: tests/jobs_worker.py)."""
    path = tmp_path / "overview.pdf"
    path.write_bytes(export_through_job(client, response))
    pages = int(next(line.split()[-1] for line in subprocess.run(
        ["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()
        if line.startswith("Pages:")))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return pages, "".join(text.split())  # pdftotext spaces CJK text unpredictably


@pytest.fixture
def big(world):
    """400 assignments of the world's jurisdiction over four units, many overdue."""
    units = [world.unit, world.other_unit,
             factories.unit(jurisdiction=world.j, name="区教育和体育局", short_name="区教体局"),
             factories.unit(jurisdiction=world.j, name="临城街道办事处", short_name="临城街道")]
    fp.many_assignments(document=world.document, units=units, n=99, start=date(2021, 7, 1))
    assert Assignment.objects.filter(task__document__jurisdiction=world.j).count() == 398
    factories.assignment(task=factories.task(document=world.document, number="999", text="最后一项任务。"),
                         unit=units[2], due_on=date(2021, 7, 2))
    factories.assignment(task=factories.task(document=world.document, number="998"), unit=units[3])
    return units


def test_the_overview_pdf_of_400_assignments_is_a_few_pages_with_units_and_overdue(client, world, big, tmp_path):
    client.force_login(world.supervisor)
    response = client.get(reverse("exports:overview"), {"jurisdiction": world.j.pk, "year": world.document.year})
    pages, text = _pdf(tmp_path, client, response)
    assert pages <= 5
    assert "政务公开工作总览" in text
    for name in ("区财政局", "区市场监管局", "区教体局", "临城街道"):
        assert name in text
    assert "逾期未完成任务" in text and "最后一项任务" in text  # the oldest overdue is listed
    assert text.count("批量任务") <= overview_export.OVERDUE_LIMIT  # not the ledger's 398 rows
    assert "按单位完成率" in text  # the chart


def test_the_overview_pdf_lists_at_most_the_overdue_limit(world, big, monkeypatch):
    from tasks.selectors.assignments import LightWindow

    window = LightWindow(today=date(2030, 1, 1), soon_until=date(2030, 1, 8))
    report = overview_export.OverviewReport(
        assignments=Assignment.objects.filter(task__document__jurisdiction=world.j), window=window, title="t")
    context = report.context()
    assert context["counts"]["red"] > overview_export.OVERDUE_LIMIT
    assert len(context["overdue"]) == overview_export.OVERDUE_LIMIT
    assert context["overdue"][0]["due_on"] <= context["overdue"][-1]["due_on"]
    assert {row["name"] for row in context["by_unit"]} >= {"区财政局", "临城街道"}


def test_the_overview_pdf_of_every_jurisdiction_for_staff(client, world, tmp_path):
    client.force_login(world.office)
    response = client.get(reverse("exports:overview"))
    _pages, text = _pdf(tmp_path, client, response)
    assert "区财政局" in text and "县民政局" not in text  # only the user's own jurisdiction


def test_the_overview_pdf_keeps_the_overview_access(client, world):
    url = reverse("exports:overview")
    client.force_login(world.liaison)
    assert client.get(url).status_code == 404
    assert client.get(url, {"jurisdiction": world.j.pk}).status_code == 404
    client.force_login(world.other_office)
    assert client.get(url, {"jurisdiction": world.j.pk}).status_code == 404
    client.force_login(world.office)
    assert client.get(url, {"jurisdiction": "x"}).status_code == 400
    response = client.get(url, {"jurisdiction": world.j.pk, "year": "99999"})
    assert response.status_code == 400 and "year" in response.content.decode()
    client.logout()
    assert client.get(url).status_code == 302


def test_the_overview_pages_link_their_pdf_button_to_the_overview_export(client, world):
    client.force_login(world.supervisor)
    html = client.get(reverse("portal:overview")).content.decode()
    assert f'href="{reverse("exports:overview")}"' in html
    html = client.get(reverse("portal:jurisdiction_overview", args=[world.j.pk])).content.decode()
    assert f'{reverse("exports:overview")}?jurisdiction={world.j.pk}' in html
    html = client.get(reverse("portal:assignment_list")).content.decode()
    assert 'name="format" value="pdf"' in html  # the ledger's PDF stays the ledger

