"""One office's calendar edit must not move other jurisdictions' due dates.

The national calendar is the operator's (a superuser); office staff read it and keep their own
jurisdiction's local days, which move only that jurisdiction's due dates. Years, dates and
working-day counts are bounded everywhere (tasks.workdays.MIN_YEAR..MAX_YEAR, MAX_WORKDAYS).
"""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.models import CalendarDay, CalendarYear
from tasks.selectors.calendar import work_calendar, work_calendars
from tasks.services.calendar import (
    CalendarError,
    CalendarPermissionError,
    calendar_day_set,
    calendar_local_day_remove,
    calendar_local_day_set,
    calendar_sync_from_package,
    calendar_year_set_official,
)
from tasks.services.due_dates import task_deadline_set
from tasks.services.errors import ServiceError
from tasks.workdays import (
    MAX_WORKDAYS,
    MAX_YEAR,
    MIN_YEAR,
    CalendarSet,
    WorkCalendar,
    WorkdayRangeError,
    default_calendar,
)
from tests import factories
from tests.jobs_worker import background_work

D = dt.date
PHRASE = "本要点发布20个工作日内"
ISSUED = D(2023, 7, 20)  # + 20 working days = 2023-08-17; with 2023-08-01 off = 2023-08-18
DUE, DUE_WITH_DAY_OFF = D(2023, 8, 17), D(2023, 8, 18)


# -- the 冠县 / 台儿庄区 case --------------------------------------------------------------------

@pytest.fixture
def two_counties(world, operator):
    """薛城区 (world.j), 冠县 (world.other_j) and 台儿庄区, each with a task due 2023-08-17."""
    calendar_sync_from_package(years=[2023])
    taierzhuang = factories.jurisdiction(name="台儿庄区")
    t_unit = factories.unit(jurisdiction=taierzhuang, name="区民政局")
    t_document = factories.document(jurisdiction=taierzhuang, doc_number="台政办发〔2023〕5号", issued_on=ISSUED)
    t_task = factories.task(document=t_document, number="1")
    t_assignment = factories.assignment(task=t_task, unit=t_unit)
    for document in (world.document, world.foreign_document):
        document.issued_on, document.year = ISSUED, ISSUED.year
        document.save()
    guanxian_task = world.foreign_assignment.task
    tasks = {"薛城区": world.task, "冠县": guanxian_task, "台儿庄区": t_task}
    for task in tasks.values():
        task_deadline_set(task=task, phrase=PHRASE, calendar=work_calendar(jurisdiction=task.document.jurisdiction_id))
    assignments = {"薛城区": world.assignment, "冠县": world.foreign_assignment, "台儿庄区": t_assignment}
    return SimpleNamespace(world=world, operator=operator, guanxian=world.other_j, taierzhuang=taierzhuang,
                           guanxian_office=world.other_office, tasks=tasks, assignments=assignments)


def dues(counties) -> dict[str, dt.date]:
    out = {}
    for name, task in counties.tasks.items():
        task.refresh_from_db()
        counties.assignments[name].refresh_from_db()
        assert counties.assignments[name].due_on == task.due_on
        out[name] = task.due_on
    return out


def test_everyone_starts_due_on_the_same_day(two_counties):
    assert dues(two_counties) == {"薛城区": DUE, "冠县": DUE, "台儿庄区": DUE}


def test_an_office_local_day_moves_only_its_own_due_dates(client, two_counties):
    history = {name: task.history.count() for name, task in two_counties.tasks.items()}
    client.force_login(two_counties.guanxian_office)
    with background_work():  # the recompute is a background task (tests/jobs_worker.py)
        response = client.post(reverse("calendar:local_day_save", args=[two_counties.guanxian.pk]),
                               {"day": "2023-08-01", "is_working": "0", "name": "县庆"})
    assert response.status_code == 302
    assert dues(two_counties) == {"薛城区": DUE, "冠县": DUE_WITH_DAY_OFF, "台儿庄区": DUE}
    assert not CalendarDay.objects.filter(jurisdiction__isnull=True, date=D(2023, 8, 1)).exists()
    assert two_counties.tasks["台儿庄区"].history.count() == history["台儿庄区"]
    assert two_counties.tasks["薛城区"].history.count() == history["薛城区"]
    assert two_counties.tasks["冠县"].history.count() == history["冠县"] + 1
    # the national calendar, and everybody else's, did not change
    assert work_calendar().is_working(D(2023, 8, 1))
    assert work_calendar(jurisdiction=two_counties.taierzhuang).is_working(D(2023, 8, 1))
    assert not work_calendar(jurisdiction=two_counties.guanxian).is_working(D(2023, 8, 1))


def test_removing_the_local_day_restores_the_national_rule(client, two_counties):
    client.force_login(two_counties.guanxian_office)
    url = reverse("calendar:local_day_save", args=[two_counties.guanxian.pk])
    with background_work():
        client.post(url, {"day": "2023-08-01", "is_working": "0"})
    assert dues(two_counties)["冠县"] == DUE_WITH_DAY_OFF
    with background_work():
        client.post(reverse("calendar:local_day_remove", args=[two_counties.guanxian.pk]), {"day": "2023-08-01"})
    assert dues(two_counties) == {"薛城区": DUE, "冠县": DUE, "台儿庄区": DUE}
    assert not CalendarDay.objects.filter(date=D(2023, 8, 1)).exists()


def test_an_office_may_not_touch_another_jurisdictions_local_days(client, two_counties):
    calendar_local_day_set(jurisdiction=two_counties.taierzhuang, day=D(2023, 8, 2), is_working=False,
                           user=two_counties.operator)
    before = dues(two_counties)
    client.force_login(two_counties.guanxian_office)
    save = client.post(reverse("calendar:local_day_save", args=[two_counties.taierzhuang.pk]),
                       {"day": "2023-08-01", "is_working": "0"})
    remove = client.post(reverse("calendar:local_day_remove", args=[two_counties.taierzhuang.pk]),
                         {"day": "2023-08-02"})
    assert save.status_code == 404 and remove.status_code == 404
    assert list(CalendarDay.objects.filter(jurisdiction__isnull=False).values_list("date", flat=True)) == [
        D(2023, 8, 2)]
    assert dues(two_counties) == before
    with pytest.raises(CalendarPermissionError):
        calendar_local_day_set(jurisdiction=two_counties.taierzhuang, day=D(2023, 8, 1), is_working=False,
                               user=two_counties.guanxian_office)
    with pytest.raises(CalendarPermissionError):
        calendar_local_day_remove(jurisdiction=two_counties.taierzhuang, day=D(2023, 8, 2),
                                  user=two_counties.guanxian_office)


def test_a_national_day_edit_by_an_office_is_refused_and_changes_nothing(client, two_counties):
    days_before = set(CalendarDay.objects.values_list("pk", "date", "is_working"))
    years_before = set(CalendarYear.objects.values_list("year", "is_official"))
    client.force_login(two_counties.guanxian_office)
    assert client.post(reverse("calendar:day_save"), {"day": "2023-08-01", "is_working": "0"}).status_code == 403
    assert client.post(reverse("calendar:year_save"), {"year": "2023"}).status_code == 403
    assert client.post(reverse("calendar:sync")).status_code == 403
    assert set(CalendarDay.objects.values_list("pk", "date", "is_working")) == days_before
    assert set(CalendarYear.objects.values_list("year", "is_official")) == years_before
    assert dues(two_counties) == {"薛城区": DUE, "冠县": DUE, "台儿庄区": DUE}


@pytest.mark.parametrize("who", ["guanxian_office", "office"])
def test_the_services_refuse_national_writes_by_office_staff(two_counties, who):
    user = getattr(two_counties, who, None) or two_counties.world.office
    with pytest.raises(CalendarPermissionError):
        calendar_day_set(day=D(2023, 8, 1), is_working=False, user=user)
    with pytest.raises(CalendarPermissionError):
        calendar_year_set_official(year=2023, is_official=False, user=user)
    with pytest.raises(CalendarPermissionError):
        calendar_sync_from_package(years=[2023], user=user)
    assert dues(two_counties) == {"薛城区": DUE, "冠县": DUE, "台儿庄区": DUE}


def test_the_operators_national_edit_moves_everyones(client, two_counties):
    client.force_login(two_counties.operator)
    with background_work():
        response = client.post(reverse("calendar:day_save"), {"day": "2023-08-01", "is_working": "0", "name": "测试"})
    assert response.status_code == 302
    assert dues(two_counties) == {"薛城区": DUE_WITH_DAY_OFF, "冠县": DUE_WITH_DAY_OFF, "台儿庄区": DUE_WITH_DAY_OFF}


def test_a_local_worked_day_overrides_the_national_day_off_for_that_jurisdiction_only(two_counties):
    calendar_day_set(day=D(2023, 8, 1), is_working=False, name="测试", user=two_counties.operator)
    calendar_local_day_set(jurisdiction=two_counties.guanxian, day=D(2023, 8, 1), is_working=True,
                           name="照常上班", user=two_counties.guanxian_office)
    assert dues(two_counties) == {"薛城区": DUE_WITH_DAY_OFF, "冠县": DUE, "台儿庄区": DUE_WITH_DAY_OFF}


def test_a_local_day_equal_to_the_national_rule_is_removed(two_counties):
    calendar_local_day_set(jurisdiction=two_counties.guanxian, day=D(2023, 8, 1), is_working=False,
                           user=two_counties.guanxian_office)
    calendar_local_day_set(jurisdiction=two_counties.guanxian, day=D(2023, 8, 1), is_working=True,
                           user=two_counties.guanxian_office)
    assert not CalendarDay.objects.filter(jurisdiction=two_counties.guanxian).exists()
    assert dues(two_counties)["冠县"] == DUE


def test_the_local_recompute_resolves_only_that_jurisdictions_tasks(two_counties, monkeypatch):
    """A local change re-resolves that jurisdiction's tasks alone; a national change everyone's."""
    from tasks.services import due_dates

    seen = []
    original = due_dates.resolve_for_task

    def spy(task, **kwargs):
        seen.append(task.document.jurisdiction_id)
        return original(task, **kwargs)

    monkeypatch.setattr(due_dates, "resolve_for_task", spy)
    calendar_local_day_set(jurisdiction=two_counties.guanxian, day=D(2023, 8, 1), is_working=False)
    assert seen == [two_counties.guanxian.pk]
    seen.clear()
    calendar_day_set(day=D(2023, 8, 2), is_working=False)
    assert sorted(seen) == sorted(t.document.jurisdiction_id for t in two_counties.tasks.values())


def test_sync_keeps_local_days_and_manual_national_days(two_counties):
    calendar_local_day_set(jurisdiction=two_counties.guanxian, day=D(2023, 8, 1), is_working=False)
    calendar_local_day_set(jurisdiction=two_counties.guanxian, day=D(2023, 10, 1), is_working=True)  # a Sunday off
    calendar_day_set(day=D(2023, 8, 2), is_working=False, name="手工")
    calendar_sync_from_package(years=[2023])
    assert set(CalendarDay.objects.filter(jurisdiction=two_counties.guanxian).values_list("date", flat=True)) == {
        D(2023, 8, 1), D(2023, 10, 1)}
    assert CalendarDay.objects.get(jurisdiction=None, date=D(2023, 8, 2)).source == "manual"
    assert work_calendar(jurisdiction=two_counties.guanxian).is_working(D(2023, 10, 1))
    assert not work_calendar().is_working(D(2023, 10, 1))


def test_the_office_page_lists_local_days_and_shows_national_read_only(client, two_counties):
    calendar_local_day_set(jurisdiction=two_counties.guanxian, day=D(2023, 8, 1), is_working=False, name="县庆")
    calendar_local_day_set(jurisdiction=two_counties.taierzhuang, day=D(2023, 8, 2), is_working=False, name="区庆")
    client.force_login(two_counties.guanxian_office)
    page = client.get(reverse("calendar:index"), {"year": 2023}).content.decode()
    assert "县庆" in page and "区庆" not in page
    assert "国庆节" in page  # the national days are shown
    assert reverse("calendar:local_day_remove", args=[two_counties.guanxian.pk]) in page
    assert reverse("calendar:day_save") not in page and reverse("calendar:year_save") not in page
    assert "<script>" not in page  # the CSP forbids inline scripts


def test_the_operator_page_edits_national_and_picks_a_jurisdiction(client, two_counties):
    calendar_local_day_set(jurisdiction=two_counties.taierzhuang, day=D(2023, 8, 2), is_working=False, name="区庆")
    client.force_login(two_counties.operator)
    page = client.get(reverse("calendar:index"), {"year": 2023}).content.decode()
    assert reverse("calendar:day_save") in page and reverse("calendar:sync") in page
    assert "区庆" not in page
    page = client.get(reverse("calendar:index"), {"year": 2023, "jurisdiction": two_counties.taierzhuang.pk})
    assert "区庆" in page.content.decode()


# -- the database rules -----------------------------------------------------------------------

def test_one_national_row_per_date_and_one_local_row_per_jurisdiction_and_date(world):
    CalendarDay.objects.create(date=D(2023, 8, 1), is_working=False)
    CalendarDay.objects.create(date=D(2023, 8, 1), is_working=False, jurisdiction=world.j)
    CalendarDay.objects.create(date=D(2023, 8, 1), is_working=False, jurisdiction=world.other_j)
    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarDay.objects.create(date=D(2023, 8, 1), is_working=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarDay.objects.create(date=D(2023, 8, 1), is_working=True, jurisdiction=world.j)


# -- bounded input: the page ------------------------------------------------------------------

BAD_YEARS = ["0", "10000", "-1", "abc", "1999", "2101", "99999999999999999999999", "2023.5", " ", "١٢"]


@pytest.mark.parametrize("value", BAD_YEARS)
@pytest.mark.parametrize("who", ["office", "operator"])
def test_a_bad_year_on_the_page_is_clamped_with_a_message(client, world, operator, who, value):
    client.force_login(operator if who == "operator" else world.office)
    response = client.get(reverse("calendar:index"), {"year": value})
    assert response.status_code == 200
    assert MIN_YEAR <= response.context["year"] <= MAX_YEAR
    if value.strip():
        assert [m.level_tag for m in response.context["messages"]] == ["warning"]


@pytest.mark.parametrize("value,expected", [("0", MIN_YEAR), ("-1", MIN_YEAR), ("10000", MAX_YEAR),
                                            (str(MIN_YEAR), MIN_YEAR), (str(MAX_YEAR), MAX_YEAR)])
def test_the_year_is_clamped_to_the_supported_range(client, world, value, expected):
    client.force_login(world.office)
    assert client.get(reverse("calendar:index"), {"year": value}).context["year"] == expected


@pytest.mark.parametrize("value", BAD_YEARS)
def test_a_bad_year_on_a_write_still_answers_a_redirect(client, world, operator, value):
    client.force_login(operator)
    response = client.post(reverse("calendar:day_save") + "?year=" + value, {"day": "2023-02-30", "is_working": "0"})
    assert response.status_code == 302
    response = client.post(reverse("calendar:local_day_save", args=[world.j.pk]) + "?year=" + value,
                           {"day": "nonsense", "is_working": "0"})
    assert response.status_code == 302


@pytest.mark.parametrize("day", ["1999-12-31", "2101-01-01", "0001-01-01", "9999-12-31"])
def test_the_day_forms_refuse_dates_outside_the_range(client, world, operator, day):
    client.force_login(operator)
    for url in (reverse("calendar:day_save"), reverse("calendar:local_day_save", args=[world.j.pk])):
        response = client.post(url, {"day": day, "is_working": "0"}, follow=True)
        assert response.status_code == 200
        assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not CalendarDay.objects.exists()


@pytest.mark.parametrize("year", ["0", "-1", "1999", "2101", "10000", "abc"])
def test_the_year_form_refuses_years_outside_the_range(client, operator, year):
    client.force_login(operator)
    response = client.post(reverse("calendar:year_save"), {"year": year, "is_official": "on"}, follow=True)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not CalendarYear.objects.exists()


@pytest.mark.parametrize("year", [0, -1, 1999, 2101, 10000])
def test_the_services_refuse_years_outside_the_range(db, year):
    with pytest.raises(CalendarError):
        calendar_year_set_official(year=year, is_official=True)
    with pytest.raises(CalendarError):
        calendar_sync_from_package(years=[2023, year])
    assert not CalendarYear.objects.exists()
    assert issubclass(CalendarError, ServiceError)


def test_the_day_services_refuse_dates_outside_the_range(world):
    with pytest.raises(CalendarError):
        calendar_day_set(day=D(2101, 1, 3), is_working=False)
    with pytest.raises(CalendarError):
        calendar_local_day_set(jurisdiction=world.j, day=D(1999, 1, 4), is_working=False)
    assert not CalendarDay.objects.exists()


# -- bounded input: the commands --------------------------------------------------------------

@pytest.mark.parametrize("year", ["10000", "0", "-1", "1999", "2101"])
def test_sync_holidays_refuses_a_year_outside_the_range(db, year):
    with pytest.raises(CommandError, match="outside the supported years"):
        call_command("sync_holidays", "--year", year)
    assert not CalendarYear.objects.exists()


def test_sync_holidays_in_range_still_works(db, capsys):
    call_command("sync_holidays", "--year", "2023")
    assert CalendarYear.objects.get(year=2023).is_official


@pytest.mark.parametrize("n", ["1000000000", str(MAX_WORKDAYS + 1)])
def test_workdays_add_refuses_a_count_beyond_the_bound(db, n):
    with pytest.raises(CommandError, match="at most"):
        call_command("workdays", "add", "2023-07-20", n)


@pytest.mark.parametrize("day", ["1999-12-31", "2101-01-01", "0001-01-01", "9999-12-31"])
def test_workdays_add_refuses_a_date_outside_the_range(db, day):
    with pytest.raises(CommandError, match="outside the supported years"):
        call_command("workdays", "add", day, "5")


def test_workdays_add_at_the_bound_answers(db, capsys):
    call_command("workdays", "add", f"{MAX_YEAR}-12-31", str(MAX_WORKDAYS))
    assert capsys.readouterr().out.strip()


def test_workdays_add_uses_a_jurisdictions_local_days(world, capsys):
    calendar_sync_from_package(years=[2023])
    calendar_local_day_set(jurisdiction=world.other_j, day=D(2023, 8, 1), is_working=False)
    call_command("workdays", "add", "2023-07-20", "20")
    call_command("workdays", "add", "2023-07-20", "20", "--jurisdiction", world.other_j.name)
    assert capsys.readouterr().out.split() == ["2023-08-17", "2023-08-18"]
    with pytest.raises(CommandError, match="no jurisdiction"):
        call_command("workdays", "add", "2023-07-20", "20", "--jurisdiction", "没有这个县")


# -- the pure arithmetic ----------------------------------------------------------------------

def test_the_arithmetic_refuses_counts_beyond_the_bound():
    cal = WorkCalendar.weekends_only()
    with pytest.raises(WorkdayRangeError):
        cal.add_working_days(D(2023, 1, 1), MAX_WORKDAYS + 1)
    with pytest.raises(ValueError):
        cal.add_working_days_checked(D(2023, 1, 1), 10**9)
    with pytest.raises(WorkdayRangeError):
        cal.add_working_days(D(2023, 1, 1), -1)
    assert cal.add_working_days(D(2023, 1, 1), MAX_WORKDAYS) > D(2036, 1, 1)


CAL = default_calendar()
SETTINGS = settings(max_examples=200, deadline=None, database=None)
dates = st.dates(min_value=D(2004, 1, 1), max_value=D(2031, 12, 31))
counts = st.integers(min_value=0, max_value=80)
overrides = st.dictionaries(st.dates(D(2020, 1, 1), D(2024, 12, 31)), st.booleans(), max_size=60)


def same_arithmetic(a: WorkCalendar, b: WorkCalendar, start: dt.date, n: int) -> None:
    assert a.add_working_days_checked(start, n) == b.add_working_days_checked(start, n)
    end = b.add_working_days(start, n)
    assert a.working_days_between(start, end) == b.working_days_between(start, end)
    assert a.next_working_day_on_or_after(start) == b.next_working_day_on_or_after(start)
    assert a.is_working(start) == b.is_working(start)


@SETTINGS
@given(dates, counts)
def test_overlay_without_local_days_equals_the_national(start, n):
    same_arithmetic(CAL.overlay({}), CAL, start, n)
    same_arithmetic(CalendarSet(CAL, {}).for_jurisdiction(7), CAL, start, n)
    same_arithmetic(CalendarSet(CAL, {7: ({}, {})}).for_jurisdiction(7), CAL, start, n)


@SETTINGS
@given(overrides, st.sets(st.dates(D(2020, 1, 1), D(2024, 12, 31)), max_size=30),
       st.dates(D(2019, 10, 1), D(2024, 6, 30)), counts)
def test_local_days_that_repeat_the_national_rule_change_nothing(national_overrides, local_dates, start, n):
    national = WorkCalendar(national_overrides, {2020, 2021, 2022, 2023})
    local = {d: national.is_working(d) for d in local_dates}
    same_arithmetic(national.overlay(local), national, start, n)


@SETTINGS
@given(overrides, overrides, st.dates(D(2019, 10, 1), D(2024, 6, 30)), counts)
def test_a_local_overlay_is_the_national_with_local_entries_winning(national_overrides, local, start, n):
    national = WorkCalendar(national_overrides, {2021})
    overlaid = national.overlay(local)
    same_arithmetic(overlaid, WorkCalendar({**national_overrides, **local}, {2021}), start, n)
    d = start
    for _ in range(40):
        assert overlaid.is_working(d) == (local[d] if d in local else national.is_working(d))
        d += dt.timedelta(days=1)
    assert overlaid.official_years == national.official_years


def test_the_database_calendar_of_a_jurisdiction_without_local_days_is_the_national(world):
    calendar_sync_from_package(years=[2021, 2023])
    calendar_local_day_set(jurisdiction=world.other_j, day=D(2023, 8, 1), is_working=False)
    national = work_calendar()
    local = work_calendar(jurisdiction=world.j)
    calendars = work_calendars()
    for start in (D(2021, 1, 1) + dt.timedelta(days=k) for k in range(0, 1000, 7)):
        for n in (0, 1, 5, 20, 60):
            same_arithmetic(local, national, start, n)
            same_arithmetic(calendars.for_jurisdiction(world.j.pk), national, start, n)
    assert calendars.for_jurisdiction(world.other_j.pk).add_working_days(ISSUED, 20) == DUE_WITH_DAY_OFF
    assert calendars.jurisdictions_with_local_days == {world.other_j.pk}
