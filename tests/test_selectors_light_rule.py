"""The light rule has two forms in tasks.selectors.assignments: the CASE a list filters and sorts by
(``light_expression``) and the counting conditions the counts and overviews aggregate
(``light_tally_aggregates``). On every boundary of the rule — each status, no due date, due
yesterday / today / at the end of the due-soon window / after it, completed before / on / after the
due date or with no completion date — both put each assignment under the same light."""

from datetime import date, timedelta

import pytest

from tasks.models import Assignment, Light, Status
from tasks.selectors.assignments import LIGHT_TALLY_KEYS, LightWindow, light_counts, light_tally_aggregates, with_light
from tasks.selectors.tallies import jurisdiction_board
from tests import factories

pytestmark = pytest.mark.django_db
TODAY = date(2021, 7, 12)
WINDOWS = [LightWindow(today=TODAY, soon_until=TODAY + timedelta(days=7)), LightWindow(today=TODAY, soon_until=TODAY)]


@pytest.fixture
def every_case(world):
    dues = [None, TODAY - timedelta(days=1), TODAY, TODAY + timedelta(days=7), TODAY + timedelta(days=8)]
    n = 0
    for status in Status:
        for due in dues:
            for completed in (None, "before", "on", "after"):
                if completed is None or due is None:
                    completed_on = None if completed is None else TODAY
                else:
                    completed_on = due + {"before": timedelta(days=-1), "on": timedelta(0),
                                          "after": timedelta(days=1)}[completed]
                task = factories.task(document=world.document, number=str(n))
                factories.assignment(task=task, unit=world.unit, status=status, due_on=due,
                                     completed_on=completed_on, percent=n % 101)
                n += 1
    return Assignment.objects.filter(unit=world.unit)


@pytest.mark.parametrize("window", WINDOWS)
def test_each_assignment_counts_under_the_light_the_case_gives_it(every_case, window):
    lights = dict(with_light(every_case, window).values_list("pk", "light"))
    assert set(lights.values()) == {light.value for light in Light}  # every light is reached
    for pk, light in lights.items():
        counts = light_counts(every_case.filter(pk=pk), window)
        assert counts["total"] == 1
        assert [key for key in (light.value for light in Light) if counts[key]] == [light], pk


@pytest.mark.parametrize("window", WINDOWS)
def test_the_counts_of_all_are_the_cases_counted(every_case, window):
    lights = list(with_light(every_case, window).values_list("light", "status"))
    counts = light_counts(every_case, window)
    for light in Light:
        assert counts[light.value] == sum(1 for lit, _status in lights if lit == light.value)
    assert counts["completed"] == counts["done"] + counts["done_late"]
    assert counts["in_progress"] == sum(1 for _lit, status in lights
                                        if status in (Status.IN_PROGRESS, Status.SUBMITTED, Status.RETURNED))
    assert counts["not_started"] == sum(1 for _lit, status in lights if status == Status.NOT_STARTED)
    assert counts["submitted"] == sum(1 for _lit, status in lights if status == Status.SUBMITTED)
    assert jurisdiction_board(every_case, window, with_matrix=False)["counts"] == counts


def test_nothing_counts_as_zeros(world):
    counts = light_counts(Assignment.objects.none(), WINDOWS[0])
    assert counts == dict.fromkeys(counts, 0) and counts.keys() >= {light.value for light in Light}


def test_the_tally_keys_are_what_is_counted():
    assert tuple(light_tally_aggregates(WINDOWS[0])) == LIGHT_TALLY_KEYS
