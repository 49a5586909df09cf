"""The due-date recompute after a calendar change is a background task (tasks.jobs.tasks.
recompute_due_dates), enqueued when the change commits and run by the configured backend's worker
(tests/jobs_worker.py: db_worker, or RQ in ``make test-rq``)."""

from datetime import date

import pytest
from django.test import TestCase
from django.urls import reverse

from tasks.selectors.calendar import work_calendar
from tasks.services.calendar import calendar_sync_from_package
from tasks.services.due_dates import task_deadline_set
from tests.jobs_worker import clear_queue, run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def due_2023_08_17(world):
    clear_queue()
    calendar_sync_from_package(years=[2023])
    world.document.issued_on, world.document.year = date(2023, 7, 20), 2023
    world.document.save()
    task_deadline_set(task=world.task, phrase="本要点发布20个工作日内", calendar=work_calendar())
    world.task.refresh_from_db()
    assert world.task.due_on == date(2023, 8, 17)
    return world


def test_a_local_day_off_moves_the_due_dates_once_the_worker_ran(client, due_2023_08_17):
    world = due_2023_08_17
    client.force_login(world.office)
    with TestCase.captureOnCommitCallbacks(execute=True) as callbacks:
        response = client.post(reverse("calendar:local_day_save", args=[world.j.pk]),
                               {"day": "2023-08-01", "is_working": "0", "name": "测试"})
    assert response.status_code == 302 and len(callbacks) == 1
    world.task.refresh_from_db()
    assert world.task.due_on == date(2023, 8, 17)  # not yet: the page answered at once
    run_worker()
    world.task.refresh_from_db()
    assert world.task.due_on == date(2023, 8, 18)
    world.assignment.refresh_from_db()
    assert world.assignment.due_on == date(2023, 8, 18)


def test_a_refused_change_enqueues_nothing(client, due_2023_08_17):
    world = due_2023_08_17
    client.force_login(world.office)  # not the operator: the national calendar is refused
    with TestCase.captureOnCommitCallbacks(execute=True) as callbacks:
        response = client.post(reverse("calendar:day_save"), {"day": "2023-08-01", "is_working": "0"})
    assert response.status_code == 403 and callbacks == []


def test_commands_still_recompute_before_they_return(due_2023_08_17):
    from tasks.services.calendar import calendar_day_set

    assert calendar_day_set(day=date(2023, 8, 1), is_working=False, name="测试") == 1
    due_2023_08_17.task.refresh_from_db()
    assert due_2023_08_17.task.due_on == date(2023, 8, 18)
