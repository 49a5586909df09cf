"""The working-day calendar in the database: sync, edit, recompute, commands."""

import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from tasks.models import CalendarDay, CalendarYear, Task
from tasks.selectors.calendar import work_calendar
from tasks.services.calendar import calendar_day_set, calendar_sync_from_package, calendar_year_set_official
from tasks.services.due_dates import task_deadline_set, task_event_date_set
from tests import factories


@pytest.fixture
def synced(db):
    calendar_sync_from_package(years=[2019, 2020, 2021, 2023])


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().strip()


def test_sync_loads_national_day_and_makeup_saturday(synced):
    assert CalendarDay.objects.get(date=date(2021, 10, 1)).is_working is False
    assert CalendarDay.objects.get(date=date(2021, 10, 9)).is_working is True
    assert set(CalendarYear.objects.filter(is_official=True).values_list("year", flat=True)) == {2019, 2020, 2021, 2023}


@pytest.mark.parametrize(
    "start,expected",
    [("2023-07-20", "2023-08-17"), ("2021-09-30", "2021-11-03"), ("2019-09-30", "2019-11-01")],
)
def test_workdays_command_matches_worked_examples(synced, start, expected):
    assert _run("workdays", "add", start, "20") == expected


def test_workdays_command_marks_year_without_schedule_provisional(synced):
    assert "provisional" in _run("workdays", "add", "2027-03-01", "5")


def test_workdays_command_rejects_bad_date(db):
    with pytest.raises(CommandError, match="not a date"):
        _run("workdays", "add", "2021-13-01", "5")


def test_resolve_deadline_json_shape(synced):
    out = json.loads(_run("resolve_deadline", "本要点发布20个工作日内", "--issued", "2023-07-20", "--json"))
    assert out == {"kind": "workdays_after_issue", "due": "2023-08-17", "dues": ["2023-08-17"],
                   "provisional": False, "phrase": "本要点发布20个工作日内"}


def test_resolve_deadline_recurring_lists_series(synced):
    out = json.loads(_run("resolve_deadline", "按季度", "--issued", "2023-07-20", "--json"))
    assert out["kind"] == "recurring"
    assert out["dues"] == sorted(out["dues"]) and len(out["dues"]) == 2


def test_resolve_deadline_without_schedule_is_provisional(db):
    out = json.loads(_run("resolve_deadline", "本要点发布20个工作日内", "--issued", "2027-03-01", "--json"))
    assert out["provisional"] is True and out["due"]


def _workday_task(world, issued):
    world.document.issued_on = issued
    world.document.year = issued.year
    world.document.save()
    task = world.task
    task_deadline_set(task=task, phrase="本要点发布20个工作日内", calendar=work_calendar())
    task.refresh_from_db()
    return task


def test_editing_a_calendar_day_recomputes_due_dates_and_records_history(world, synced):
    task = _workday_task(world, date(2023, 7, 20))
    assert task.due_on == date(2023, 8, 17)
    history_before = task.history.count()
    calendar_day_set(day=date(2023, 8, 1), is_working=False, name="测试假日")
    task.refresh_from_db()
    assert task.due_on == date(2023, 8, 18)
    assert task.history.count() == history_before + 1
    assert task.history.first().history_change_reason == "working-day calendar changed"
    world.assignment.refresh_from_db()
    assert world.assignment.due_on == date(2023, 8, 18)


def test_year_without_schedule_is_provisional_until_declared_official(world, synced):
    task = _workday_task(world, date(2027, 3, 1))
    assert task.due_provisional is True
    world.assignment.refresh_from_db()
    assert world.assignment.due_provisional is True
    calendar_year_set_official(year=2027, is_official=True)
    task.refresh_from_db()
    assert task.due_provisional is False


def test_event_deadline_follows_the_entered_event_date(world, synced):
    task = world.task
    task_deadline_set(task=task, phrase="决策文件出台后的10个工作日内", calendar=work_calendar())
    task.refresh_from_db()
    assert task.deadline_kind == "event" and task.due_on is None
    task_event_date_set(task=task, event_on=date(2021, 9, 30), calendar=work_calendar())
    task.refresh_from_db()
    assert task.due_on == date(2021, 10, 20)  # Oct 1-7 off, Sat Oct 9 worked


def test_recurring_task_gets_periods_per_unit(world, synced):
    task = world.task
    task_deadline_set(task=task, phrase="按季度", calendar=work_calendar())
    assert task.periods.count() == 3  # issued 2021-06-23: Q2, Q3, Q4 end after issue
    assert world.assignment.period_states.count() == 3
    world.assignment.refresh_from_db()
    assert world.assignment.due_on == task.periods.order_by("index").first().due_on


def test_calendar_recompute_touches_only_changed_tasks(world, synced):
    task = _workday_task(world, date(2021, 6, 23))
    factories.task(document=world.document, deadline_phrase="持续", deadline_kind="continuous")
    before = Task.history.count()
    calendar_day_set(day=date(2021, 12, 1), is_working=False, name="远处的假日")
    assert Task.history.count() == before
    task.refresh_from_db()
    assert task.due_on == date(2021, 7, 21)
