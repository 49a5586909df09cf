"""The calendar page: office staff read it, the operator edits the national days, others get 404;
a change recomputes due dates."""

from datetime import date

import pytest
from django.urls import reverse

from tasks.models import CalendarDay
from tasks.selectors.calendar import work_calendar
from tasks.services.calendar import calendar_sync_from_package
from tasks.services.due_dates import task_deadline_set
from tests.jobs_worker import background_work


@pytest.fixture
def synced(db):
    calendar_sync_from_package(years=[2023])


@pytest.mark.parametrize("who,status", [("office", 200), ("supervisor", 404), ("liaison", 404), ("other_office", 200)])
def test_calendar_page_is_for_office_staff(client, world, who, status):
    client.force_login(getattr(world, who))
    assert client.get(reverse("calendar:index")).status_code == status


def test_anonymous_is_sent_to_log_in(client, db):
    response = client.get(reverse("calendar:index"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def _task_due_2023_08_17(world):
    world.document.issued_on, world.document.year = date(2023, 7, 20), 2023
    world.document.save()
    task_deadline_set(task=world.task, phrase="本要点发布20个工作日内", calendar=work_calendar())
    world.task.refresh_from_db()
    assert world.task.due_on == date(2023, 8, 17)


def test_operator_marks_a_national_day_off_and_due_dates_move(client, world, operator, synced):
    _task_due_2023_08_17(world)
    client.force_login(operator)
    with background_work():  # the recompute is a background task (tests/jobs_worker.py)
        response = client.post(reverse("calendar:day_save"), {"day": "2023-08-01", "is_working": "0", "name": "测试"})
    assert response.status_code == 302
    row = CalendarDay.objects.get(date=date(2023, 8, 1))
    assert row.source == "manual" and row.jurisdiction is None
    world.task.refresh_from_db()
    assert world.task.due_on == date(2023, 8, 18)


def test_office_may_not_mark_a_national_day(client, world, synced):
    _task_due_2023_08_17(world)
    client.force_login(world.office)
    response = client.post(reverse("calendar:day_save"), {"day": "2023-08-01", "is_working": "0", "name": "测试"})
    assert response.status_code == 403
    assert not CalendarDay.objects.filter(date=date(2023, 8, 1)).exists()
    world.task.refresh_from_db()
    assert world.task.due_on == date(2023, 8, 17)


def test_office_marks_a_local_day_off_and_its_due_dates_move(client, world, synced):
    _task_due_2023_08_17(world)
    client.force_login(world.office)
    with background_work():
        response = client.post(reverse("calendar:local_day_save", args=[world.j.pk]),
                               {"day": "2023-08-01", "is_working": "0", "name": "测试"})
    assert response.status_code == 302
    assert CalendarDay.objects.get(date=date(2023, 8, 1)).jurisdiction == world.j
    world.task.refresh_from_db()
    assert world.task.due_on == date(2023, 8, 18)


def test_office_page_shows_national_read_only_and_own_local_days(client, world, synced):
    client.force_login(world.office)
    page = client.get(reverse("calendar:index"), {"year": 2023}).content.decode()
    assert reverse("calendar:day_save") not in page and reverse("calendar:sync") not in page
    assert reverse("calendar:local_day_save", args=[world.j.pk]) in page
    assert reverse("calendar:local_day_save", args=[world.other_j.pk]) not in page


def test_supervisor_cannot_post(client, world):
    client.force_login(world.supervisor)
    response = client.post(reverse("calendar:day_save"), {"day": "2023-08-01", "is_working": "0"})
    assert response.status_code == 404
    assert not CalendarDay.objects.exists()


def test_bad_date_is_refused_with_message_and_nothing_saved(client, world, operator):
    client.force_login(operator)
    response = client.post(reverse("calendar:day_save"), {"day": "2023-02-30", "is_working": "0"}, follow=True)
    assert not CalendarDay.objects.exists()
    assert response.status_code == 200
    assert list(response.context["messages"])


def test_liaison_enters_event_date_on_assignment_page_and_due_follows(client, world):
    calendar_sync_from_package(years=[2021])
    task_deadline_set(task=world.task, phrase="决策文件出台后的10个工作日内", calendar=work_calendar())
    client.force_login(world.liaison)
    page = client.get(reverse("portal:assignment_detail", args=[world.assignment.pk]))
    assert reverse("portal:assignment_event_date", args=[world.assignment.pk]) in page.content.decode()
    url = reverse("portal:assignment_event_date", args=[world.assignment.pk])
    response = client.post(url, {"event_on": "2021-09-30"})
    assert response.status_code == 302
    world.assignment.refresh_from_db()
    assert world.assignment.due_on == date(2021, 10, 20)


def test_event_date_on_a_task_without_event_is_refused(client, world):
    client.force_login(world.office)
    client.post(reverse("portal:assignment_event_date", args=[world.assignment.pk]), {"event_on": "2021-09-30"})
    world.task.refresh_from_db()
    assert world.task.event_on is None
