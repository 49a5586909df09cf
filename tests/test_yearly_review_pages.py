"""Year-over-year review pages: who may see them, carrying over from the page, exports, query counts."""

import io
import subprocess

import openpyxl
import pytest
from django.urls import reverse

from tasks.models import Task
from tests import factories
from tests.factories_public import xuecheng_2019
from tests.jobs_worker import body, export_through_job


@pytest.fixture
def past(world):
    document, tasks = xuecheng_2019(jurisdiction=world.j, units=[world.unit, world.other_unit])
    world.doc_2019, world.tasks_2019 = document, tasks
    return world


READ_URLS = ["document", "report", "report_xlsx", "report_pdf"]


@pytest.mark.parametrize("name", READ_URLS)
@pytest.mark.parametrize(
    "who,status", [("office", 200), ("supervisor", 200), ("liaison", 404), ("other_office", 404), (None, 302)]
)
def test_review_pages_are_for_the_jurisdictions_staff(client, past, name, who, status):
    if who:
        client.force_login(getattr(past, who))
    response = client.get(reverse(f"yearly_review:{name}", args=[past.doc_2019.pk]))
    if name == "report_pdf" and status == 200:
        status = 302  # a PDF is written in the background: to its progress page
    assert response.status_code == status
    if response.streaming:
        body(response)


@pytest.mark.parametrize(
    "who,status", [("office", 200), ("supervisor", 200), ("liaison", 404), ("other_office", 404), (None, 302)]
)
def test_jurisdiction_page_access(client, past, who, status):
    if who:
        client.force_login(getattr(past, who))
    assert client.get(reverse("yearly_review:jurisdiction", args=[past.j.pk])).status_code == status


def test_index_redirects_to_the_only_jurisdiction_and_is_404_for_liaisons(client, past):
    client.force_login(past.office)
    response = client.get(reverse("yearly_review:index"))
    assert response.status_code == 302 and response["Location"] == reverse("yearly_review:jurisdiction",
                                                                          args=[past.j.pk])
    client.force_login(past.liaison)
    assert client.get(reverse("yearly_review:index")).status_code == 404


def _carry(client, past, *tasks, target=None):
    return client.post(
        reverse("yearly_review:carry_over", args=[past.doc_2019.pk]),
        {"tasks": [task.pk for task in tasks], "target": (target or past.document).pk},
    )


def test_office_carries_over_from_the_page_and_sees_both_years(client, past):
    client.force_login(past.office)
    page = client.get(reverse("yearly_review:document", args=[past.doc_2019.pk])).content.decode()
    t = past.tasks_2019
    assert f'name="tasks" value="{t["overdue"].pk}"' in page
    assert f'name="tasks" value="{t["on_time"].pk}"' not in page  # completed on time: nothing to look back at
    assert f'<option value="{past.document.pk}">' in page
    response = _carry(client, past, t["overdue"], t["open"])
    assert response.status_code == 302
    copies = Task.objects.filter(document=past.document, origin__isnull=False)
    assert {copy.origin_id for copy in copies} == {t["overdue"].pk, t["open"].pk}
    page = client.get(response["Location"]).content.decode()
    assert "2 tasks carried into" in page
    assert "薛政办发〔2021〕14号" in page  # in the "carried into" column
    page = client.get(reverse("yearly_review:jurisdiction", args=[past.j.pk])).content.decode()
    table = page[page.index('data-testid="unit-years"'):]
    assert table.index(">2019<") < table.index(">2021<")
    # 区市场监管局: 2019 has 1 of 2 done... no: 0 of 2 completed; 2021 has the world task + two carried copies.
    row = table[table.index("区市场监管局"):]
    cells = row[:row.index("</tr>")]
    assert "0/2" in cells and "0/3" in cells


def test_carrying_twice_shows_the_refusal(client, past):
    client.force_login(past.office)
    _carry(client, past, past.tasks_2019["overdue"])
    response = _carry(client, past, past.tasks_2019["overdue"])
    page = client.get(response["Location"]).content.decode()
    assert "already carried" in page
    assert Task.objects.filter(origin=past.tasks_2019["overdue"]).count() == 1


def test_target_of_another_jurisdiction_or_earlier_year_is_refused(client, past):
    client.force_login(past.office)
    _carry(client, past, past.tasks_2019["overdue"], target=past.foreign_document)
    older = factories.document(jurisdiction=past.j, title="2018年要点", issued_on=past.doc_2019.issued_on.replace(
        year=2018))
    _carry(client, past, past.tasks_2019["overdue"], target=older)
    assert not Task.objects.filter(origin__isnull=False).exists()


def test_tasks_of_another_document_cannot_be_smuggled_in(client, past):
    client.force_login(past.office)
    _carry(client, past, past.foreign_assignment.task)
    assert not Task.objects.filter(origin__isnull=False).exists()


@pytest.mark.parametrize("who,status", [("supervisor", 403), ("liaison", 404), ("other_office", 404), (None, 302)])
def test_only_office_staff_carry_over(client, past, who, status):
    if who:
        client.force_login(getattr(past, who))
    assert _carry(client, past, past.tasks_2019["overdue"]).status_code == status
    assert not Task.objects.filter(origin__isnull=False).exists()


def test_supervisor_sees_no_carry_over_form(client, past):
    client.force_login(past.supervisor)
    page = client.get(reverse("yearly_review:document", args=[past.doc_2019.pk])).content.decode()
    assert 'name="tasks"' not in page and "推进行政执法信息公开" in page


def test_unit_filter_shows_that_units_unfinished_tasks(client, past):
    client.force_login(past.office)
    url = reverse("yearly_review:document", args=[past.doc_2019.pk])
    page = client.get(url, {"unit": past.unit.pk}).content.decode()
    t = past.tasks_2019
    assert f'value="{t["late"].pk}"' in page and f'value="{t["open"].pk}"' not in page


def test_report_page_lists_every_task_with_its_final_state(client, past):
    client.force_login(past.supervisor)
    page = client.get(reverse("yearly_review:report", args=[past.doc_2019.pk])).content.decode()
    for text in ("推进新旧动能转换重大工程信息公开。", "推进公共企事业单位信息公开。"):
        assert text in page
    for label in ("Completed on time", "Completed late", "Not completed, overdue", "No unit assigned"):
        assert label in page


def test_excel_report_rows_and_formula_safety(client, past):
    past.tasks_2019["open"].text = "=HYPERLINK(\"http://evil\")"
    past.tasks_2019["open"].heading = ""
    past.tasks_2019["open"].save()
    client.force_login(past.office)
    response = client.get(reverse("yearly_review:report_xlsx", args=[past.doc_2019.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(body(response))).worksheets[0]
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert len(rows) == 6  # five assignments + the task without a unit
    texts = [row[2] for row in rows]
    assert "'=HYPERLINK(\"http://evil\")" in texts
    states = {(row[0], row[3]): row[7] for row in rows}
    assert states[("2", "区财政局")] == "Completed late"
    assert states[("3", "区市场监管局")] == "Not completed, overdue"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_pdf_report_has_the_tasks_in_an_embedded_cjk_font(client, past, tmp_path):
    client.force_login(past.office)
    response = client.get(reverse("yearly_review:report_pdf", args=[past.doc_2019.pk]))
    path = tmp_path / "review.pdf"
    path.write_bytes(export_through_job(client, response))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    text = "".join(text.split())  # pdftotext spaces CJK text unpredictably
    assert "推进行政执法信息公开。" in text and "薛政办发〔2019〕18号" in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
    assert rows and all(row[-5] == "yes" for row in rows), fonts  # "emb" column
    assert "OpenSched-CJK" in fonts  # the @font-face file, not a system fallback


def _grow(past, n):
    for i in range(n):
        task = factories.task(document=past.doc_2019, text=f"补充任务{i}。", section_path=["二、其他"])
        factories.assignment(task=task, unit=past.unit if i % 2 else past.other_unit)
        if i % 3 == 0:
            Task.objects.create(document=past.document, text=f"结转{i}", origin=task)


@pytest.mark.parametrize("extra", [0, 15])
# The counts include the office menu's review badge (one COUNT per data version).
@pytest.mark.parametrize("name,queries", [("document", 13), ("report", 11)])
def test_review_pages_run_a_fixed_number_of_queries(client, past, django_assert_num_queries, extra, name, queries):
    _grow(past, extra)
    client.force_login(past.office)
    with django_assert_num_queries(queries):
        assert client.get(reverse(f"yearly_review:{name}", args=[past.doc_2019.pk])).status_code == 200
