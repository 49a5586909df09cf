"""Signal lights computed in SQL agree with the rules in DESIGN.md."""

from datetime import date

import pytest

from tasks.models import Assignment, Status
from tasks.selectors.assignments import LightWindow, completion_by_unit, light_counts, with_light
from tests import factories

WINDOW = LightWindow(today=date(2021, 7, 12), soon_until=date(2021, 7, 19))


@pytest.mark.parametrize(
    "due,status,completed_on,light",
    [
        (None, Status.NOT_STARTED, None, "grey"),
        (date(2021, 7, 9), Status.IN_PROGRESS, None, "red"),
        (date(2021, 7, 12), Status.IN_PROGRESS, None, "yellow"),
        (date(2021, 7, 19), Status.NOT_STARTED, None, "yellow"),
        (date(2021, 7, 20), Status.NOT_STARTED, None, "green"),
        (date(2021, 7, 15), Status.COMPLETED, date(2021, 7, 15), "done"),
        (date(2021, 7, 15), Status.COMPLETED, date(2021, 7, 16), "done_late"),
        (None, Status.COMPLETED, date(2021, 7, 16), "done"),
    ],
)
def test_light_of_assignment(world, due, status, completed_on, light):
    Assignment.objects.filter(pk=world.assignment.pk).update(due_on=due, status=status, completed_on=completed_on)
    assert with_light(Assignment.objects.filter(pk=world.assignment.pk), WINDOW).get().light == light


def test_light_counts_and_completion_by_unit(world):
    Assignment.objects.filter(pk=world.assignment.pk).update(due_on=date(2021, 7, 1))
    Assignment.objects.filter(pk=world.other_assignment.pk).update(
        status=Status.COMPLETED, due_on=date(2021, 7, 15), completed_on=date(2021, 7, 2)
    )
    qs = Assignment.objects.filter(task__document=world.document)
    counts = light_counts(qs, WINDOW)
    assert counts["red"] == 1 and counts["done"] == 1 and counts["total"] == 2
    rows = {row["unit__name"]: row for row in completion_by_unit(qs, WINDOW)}
    assert rows["区财政局"]["overdue"] == 1 and rows["区财政局"]["rate"] == 0
    assert rows["区市场监督管理局"]["rate"] == 100


def test_completion_query_count_is_fixed(world, django_assert_num_queries):
    for _ in range(5):
        factories.assignment(task=factories.task(document=world.document), unit=world.unit)
    with django_assert_num_queries(1):
        completion_by_unit(Assignment.objects.all(), WINDOW)
