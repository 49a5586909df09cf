"""What the scale work on the portal changed: jurisdiction overviews by document (by section only
on a document's page), the index-friendly light order of lists, unit choices from the Unit table."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from tasks.models import Assignment, Status
from tasks.selectors.assignments import LightWindow, light_counts
from tasks.selectors.portal import jurisdiction_totals, light_ordering
from tasks.selectors.tallies import jurisdiction_board
from tests import factories
from tests.html import by_testid, find, find_all, hrefs, text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def html_of(client, user, url, **params) -> str:
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def set_assignment(a, **fields):
    Assignment.objects.filter(pk=a.pk).update(**fields)


@time_machine.travel(date(2021, 7, 20))
def test_jurisdiction_overview_is_by_document_and_the_document_page_by_section(world, client):
    section = factories.section(document=world.document, label="一", title="深化重点领域政府信息公开")
    world.task.section = section
    world.task.save()
    second = factories.document(jurisdiction=world.j, doc_number="薛政办发〔2021〕30号", issued_on=date(2021, 9, 1))
    factories.assignment(task=factories.task(document=second), unit=world.unit)
    set_assignment(world.assignment, status=Status.COMPLETED, completed_on=date(2021, 7, 1))

    html = html_of(client, world.supervisor, reverse("portal:jurisdiction_overview", args=[world.j.pk]))
    rows = find_all(by_testid(html, "by-document"), ".//tr[@data-document]")
    assert [r.get("data-document") for r in rows] == [str(second.pk), str(world.document.pk)]  # newest first
    assert second.get_absolute_url() in hrefs(rows[0]) and text(by_testid(rows[0], "document-rate")) == "0%"
    assert world.document.get_absolute_url() in hrefs(rows[1]) and text(by_testid(rows[1], "document-rate")) == "50%"
    matrix = hrefs(by_testid(html, "matrix"))
    assert matrix.count(world.document.get_absolute_url()) == 1 and second.get_absolute_url() in matrix
    assert "深化重点领域政府信息公开" not in html and "Completion by section" not in html

    document_page = html_of(client, world.supervisor, world.document.get_absolute_url())
    assert "Completion by section" in document_page and 'data-testid="by-document"' not in document_page
    assert find_all(by_testid(document_page, "matrix"), './/*[@title="一深化重点领域政府信息公开"]')

    overview = html_of(client, world.supervisor, reverse("portal:overview"))
    assert 'data-testid="by-document"' in overview and second.get_absolute_url() in overview
    jurisdiction_row = find(overview, f'//tr[.//a[@href="{world.j.get_absolute_url()}"]]')
    assert [text(cell) for cell in jurisdiction_row.xpath("./th|./td")][1:3] == ["3", "1"]  # assignments, completed


@time_machine.travel(date(2021, 7, 20))
def test_counts_and_summaries_from_document_rows_match_the_aggregates(world):
    set_assignment(world.assignment, status=Status.COMPLETED, completed_on=date(2021, 7, 30), due_on=date(2021, 7, 9))
    set_assignment(world.other_assignment, due_on=date(2021, 7, 1))
    factories.assignment(task=factories.task(document=world.document), unit=world.unit, due_on=date(2021, 7, 22))
    window = LightWindow.now()
    qs = Assignment.objects.all()
    board = jurisdiction_board(qs, window, with_matrix=False)
    assert board["counts"] == light_counts(qs, window)
    totals = jurisdiction_totals(board["by_document"])
    assert totals[world.j.pk] == {"total": 3, "completed": 1, "on_time": 0, "overdue": 1, "due_soon": 1, "rate": 33}
    assert totals[world.other_j.pk]["total"] == 1


@time_machine.travel(date(2021, 7, 20))
def test_lists_default_to_the_light_order_and_sort_by_light_both_ways(world, client):
    def task(n):
        return factories.task(document=world.document, number=str(n))

    set_assignment(world.assignment, status=Status.COMPLETED, completed_on=date(2021, 7, 1), due_on=date(2021, 6, 1))
    undated = factories.assignment(task=task(2), unit=world.unit)
    green = factories.assignment(task=task(3), unit=world.unit, due_on=date(2021, 12, 1))
    red = factories.assignment(task=task(4), unit=world.unit, due_on=date(2021, 7, 1))
    expected = [red, green, undated, world.assignment]  # overdue, later, no deadline, completed

    def order(**params):
        links = hrefs(find(html_of(client, world.liaison, reverse("portal:home"), **params), "//table"))
        found = [(links.index(a.get_absolute_url()), a) for a in expected]
        return [a for _i, a in sorted(found, key=lambda pair: pair[0])]

    assert order() == expected
    assert order(sort="light") == expected
    assert order(sort="-light") == expected[::-1]
    assert order(sort="-due_on")[0] == green
    # Plain columns an index can serve, not a rank over the computed light.
    sql = str(Assignment.objects.order_by(*light_ordering()).values("pk").query)
    assert "CASE" not in sql.split("ORDER BY")[-1]


def test_ledger_unit_choices_are_the_jurisdictions_units(world, client):
    idle = factories.unit(jurisdiction=world.j, name="区未分配任务局")
    html = html_of(client, world.office, reverse("portal:assignment_list"))
    choices = [option.get("value") for option in find(html, '//select[@name="unit"]').iter("option")]
    for unit in (world.unit, world.other_unit, idle):
        assert str(unit.pk) in choices
    assert str(world.foreign_unit.pk) not in choices


@time_machine.travel(date(2021, 7, 20))
def test_table_cells_are_escaped_and_mark_provisional_dates(world, client):
    task = factories.task(document=world.document, number="7", text="<script>alert(1)</script>公开")
    factories.assignment(task=task, unit=world.unit, due_on=date(2027, 3, 1), due_provisional=True)
    html = html_of(client, world.liaison, reverse("portal:home"), sort="-due_on")
    table = find(html, "//tbody")
    assert "<script>" not in html and "<script>alert(1)</script>公开" in text(table)  # shown as text
    assert not table.xpath(".//script")
    first_row = text(table.find("tr"))
    assert "2027-03-01" in first_row and "(provisional)" in first_row
    assert 'class="orderable desc" aria-sort="descending"' in html and "sort=due_on" in html  # next: ascending


def test_table_ignores_unknown_sorts_and_bad_pages(world, client):
    html = html_of(client, world.liaison, reverse("portal:home"), sort="-password", page="x")
    assert 'class="orderable asc" aria-sort="ascending"' in html  # the default: light order
    assert world.assignment.get_absolute_url() in html
    html = html_of(client, world.liaison, reverse("portal:home"), page="999")  # past the end: the last page
    assert world.assignment.get_absolute_url() in html
