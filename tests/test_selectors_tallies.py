"""The one-query jurisdiction board (tasks.selectors.tallies) gives exactly what the per-widget
selectors give, on data with every light and status over several documents and units."""

import random
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tasks.models import Assignment, Light, Status
from tasks.selectors.assignments import (
    LightWindow,
    completion_by_unit,
    light_count_annotations,
    light_counts,
    with_light,
)
from tasks.selectors.portal import _light_matrix, dashboard, overdue
from tasks.selectors.tallies import descending_date, document_label, jurisdiction_board
from tests import factories

pytestmark = pytest.mark.django_db
WINDOW = LightWindow(today=date(2021, 7, 12), soon_until=date(2021, 7, 19))


# ----- the reference: one aggregate per widget, as the overviews were computed before the tallies


def _newest_first(row):
    return (-(row["task__document__year"] or 0), descending_date(row["task__document__issued_on"]),
            row["task__document_id"])


def completion_by_document(qs, window):
    fields = ("task__document_id", "task__document__title", "task__document__doc_number", "task__document__year",
              "task__document__issued_on", "task__document__jurisdiction_id")
    rows = list(with_light(qs.order_by(), window).values(*fields).annotate(**light_count_annotations()))
    for row in rows:
        row["id"] = row["task__document_id"]
        row["label"] = document_label(row)
        row["title"] = row["task__document__title"]
        row["completed"] = row[Light.DONE] + row[Light.DONE_LATE]
        row["overdue"] = row[Light.RED]
        row["rate"] = round(100 * row["completed"] / row["total"]) if row["total"] else 0
    return sorted(rows, key=_newest_first)


def unit_document_matrix(qs, window):
    def column(row):
        return _newest_first(row), {"id": row["task__document_id"], "label": document_label(row),
                                    "title": row["task__document__title"] or ""}

    fields = ("task__document_id", "task__document__title", "task__document__doc_number", "task__document__year",
              "task__document__issued_on")
    return _light_matrix(qs, window, kind="document", fields=fields, column=column)


@pytest.fixture
def varied(world):
    """Three documents (two years and one undated) × four units, with random due dates, statuses and completions."""
    rng = random.Random(7)
    units = [world.unit, world.other_unit,
             factories.unit(jurisdiction=world.j, name="区教体局", order=3),
             factories.unit(jurisdiction=world.j, name="区人社局", short_name="", order=3)]
    documents = [world.document,
                 factories.document(jurisdiction=world.j, doc_number="薛政办发〔2020〕9号", issued_on=date(2020, 3, 2)),
                 factories.document(jurisdiction=world.j, doc_number="", title="无文号的要点", issued_on=None)]
    for document in documents:
        for t in range(6):
            task = factories.task(document=document, number=str(t + 10), order=t)
            for unit in rng.sample(units, rng.randint(1, 4)):
                status = rng.choice(list(Status))
                due = None if rng.random() < 0.15 else date(2021, 7, 12) + timedelta(days=rng.randint(-20, 20))
                completed = None
                if status == Status.COMPLETED:
                    completed = date(2021, 7, 12) + timedelta(days=rng.randint(-25, 0))
                factories.assignment(task=task, unit=unit, status=status, due_on=due, completed_on=completed,
                                     percent=100 if completed else rng.randint(0, 90))
    return Assignment.objects.filter(task__document__jurisdiction=world.j)


def test_board_equals_the_per_widget_selectors(varied):
    board = jurisdiction_board(varied, WINDOW, with_matrix=True)
    assert board["by_unit"] == completion_by_unit(varied, WINDOW)
    assert board["by_document"] == completion_by_document(varied, WINDOW)
    assert board["counts"] == light_counts(varied, WINDOW)
    assert board["matrix"] == unit_document_matrix(varied, WINDOW)
    assert {cell["light"] for row in board["matrix"]["rows"] for cell in row["cells"] if cell} >= {"red", "yellow"}


def test_board_of_nothing(world):
    board = jurisdiction_board(Assignment.objects.none(), WINDOW, with_matrix=True)
    assert board["by_unit"] == [] and board["by_document"] == [] and board["counts"]["total"] == 0
    assert board["matrix"] == {"kind": "document", "sections": [], "rows": []}


def test_overdue_lists_exactly_the_red_ones_oldest_first(varied):
    red = [a.pk for a in varied.filter(due_on__lt=WINDOW.today).exclude(status=Status.COMPLETED)
           .order_by("due_on", "unit__order", "pk")]
    assert [a.pk for a in overdue(varied, WINDOW, limit=500)] == red
    rows = overdue(varied, WINDOW)
    lights = dict(with_light(Assignment.objects.filter(pk__in=[r.pk for r in rows]), WINDOW).values_list("pk", "light"))
    assert rows and set(lights.values()) == {"red"}
    for row in rows:  # what the list and the overview PDF show of each
        a = Assignment.objects.select_related("task__document", "unit__parent").get(pk=row.pk)
        assert (row.unit, row.task_number, row.task_title, row.document, row.due_on) == (
            a.unit.display_name, a.task.number, a.task.heading or a.task.text,
            a.task.document.doc_number or a.task.document.title, a.due_on)
        assert row.get_absolute_url() == a.get_absolute_url()


def test_the_jurisdiction_overview_reads_the_assignments_once(varied):
    with CaptureQueriesContext(connection) as queries:
        dashboard(varied, WINDOW, with_matrix=True, by="document")
    grouped = [q for q in queries if "GROUP BY" in q["sql"]]
    assert len(grouped) == 1 and len(queries) == 4  # tallies, units, documents, overdue


def test_the_overview_runs_as_many_queries_with_nothing_overdue(varied):
    def count():
        with CaptureQueriesContext(connection) as queries:
            dashboard(varied, WINDOW, with_matrix=True, by="document")
        return len(queries)

    with_overdue = count()
    varied.update(status=Status.COMPLETED, completed_on=date(2021, 7, 1))
    assert not overdue(varied, WINDOW)
    assert count() == with_overdue
