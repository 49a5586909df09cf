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


def test_due_this_week_lists_open_assignments_due_from_today_to_sunday(world):
    """WINDOW.today is Monday 2021-07-12: the strip runs to Sunday the 18th, soonest first, with
    each card's light and title; completed ones, overdue ones and next week's are left out."""
    from tasks.selectors.portal import DueRow, due_this_week

    Assignment.objects.filter(pk=world.assignment.pk).update(due_on=date(2021, 7, 18), status=Status.IN_PROGRESS)
    Assignment.objects.filter(pk=world.other_assignment.pk).update(due_on=date(2021, 7, 12))
    qs = Assignment.objects.filter(task__document=world.document)
    rows = due_this_week(qs, WINDOW)
    task = world.assignment.task
    assert [r.pk for r in rows] == [world.other_assignment.pk, world.assignment.pk]
    assert rows[1] == DueRow(pk=world.assignment.pk, due_on=date(2021, 7, 18), light="yellow",
                             task_number=task.number, task_title=task.heading or task.text)
    assert rows[1].get_absolute_url() == world.assignment.get_absolute_url()
    for update in ({"due_on": date(2021, 7, 19)}, {"due_on": date(2021, 7, 9)},
                   {"status": Status.COMPLETED, "completed_on": date(2021, 7, 12)}):
        Assignment.objects.filter(pk=world.other_assignment.pk).update(**update)
        assert [r.pk for r in due_this_week(qs, WINDOW)] == [world.assignment.pk], update
    assert len(due_this_week(qs, WINDOW, limit=0)) == 0
