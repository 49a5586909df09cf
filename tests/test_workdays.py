"""Working-day arithmetic (tasks.workdays): worked examples from DESIGN.md and the calendar data."""

import datetime as dt

import pytest

from tasks.workdays import (
    CalendarData,
    WorkCalendar,
    chinese_calendar_overrides,
    default_calendar,
    is_weekend_working,
)

D = dt.date


@pytest.fixture(scope="module")
def cal():
    return default_calendar()


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2023, 7, 20), 20, D(2023, 8, 17)),  # 001 issued: 本要点发布20个工作日内
        (D(2021, 9, 30), 20, D(2021, 11, 3)),  # National Day week off, Saturday 2021-10-09 worked
        (D(2019, 9, 30), 20, D(2019, 11, 1)),  # 004 issued
        (D(2021, 6, 23), 20, D(2021, 7, 21)),  # 000 issued (no holiday in the way)
        (D(2021, 5, 20), 20, D(2021, 6, 18)),  # 002 issued: Dragon Boat 2021-06-14 is off
        (D(2020, 7, 16), 20, D(2020, 8, 13)),  # 003 issued
        (D(2024, 2, 9), 1, D(2024, 2, 18)),  # Spring Festival 2024: 02-10..17 off, Sunday 02-18 worked
        (D(2023, 7, 20), 0, D(2023, 7, 20)),
        (D(2023, 7, 22), 1, D(2023, 7, 24)),  # from a Saturday
    ],
)
def test_worked_examples(cal, start, n, expected):
    assert cal.add_working_days(start, n) == expected
    result, provisional = cal.add_working_days_checked(start, n)
    assert result == expected
    assert provisional is False


def test_weekend_only_calendar_is_provisional_and_plain():
    cal = WorkCalendar.weekends_only()
    assert cal.add_working_days(D(2021, 9, 30), 20) == D(2021, 10, 28)
    assert cal.add_working_days_checked(D(2021, 9, 30), 20) == (D(2021, 10, 28), True)
    assert not cal.is_official(2021)


def test_year_without_data_is_weekend_rule_and_provisional(cal):
    assert not cal.is_official(2027)
    result, provisional = cal.add_working_days_checked(D(2027, 3, 1), 20)
    assert result == D(2027, 3, 29)
    assert provisional is True
    # spanning into an unknown year is provisional too
    assert cal.add_working_days_checked(D(2026, 12, 20), 20)[1] is True
    assert cal.add_working_days_checked(D(2026, 6, 1), 5)[1] is False


def test_is_working(cal):
    assert cal.is_working(D(2021, 10, 1)) is False  # Friday, National Day
    assert cal.is_working(D(2021, 10, 9)) is True  # Saturday, make-up day
    assert cal.is_working(D(2021, 10, 10)) is False  # plain Sunday
    assert cal.is_working(D(2021, 10, 11)) is True  # plain Monday
    assert cal.is_working(D(2027, 1, 1)) is True  # unknown year: weekend rule only (Friday)


def test_working_days_between(cal):
    assert cal.working_days_between(D(2021, 9, 30), D(2021, 11, 3)) == 20
    assert cal.working_days_between(D(2021, 9, 30), D(2021, 11, 2)) == 19
    assert cal.working_days_between(D(2021, 9, 30), D(2021, 9, 30)) == 0
    assert cal.working_days_between(D(2021, 11, 3), D(2021, 9, 30)) == 0
    # a plain week: Monday (excluded) .. next Monday (included) = 5
    assert cal.working_days_between(D(2023, 6, 5), D(2023, 6, 12)) == 5
    assert cal.working_days_between(D(2021, 1, 1), D(2022, 1, 1)) == 250  # 2021 had 250 working days


def test_next_working_day_on_or_after(cal):
    assert cal.next_working_day_on_or_after(D(2021, 10, 1)) == D(2021, 10, 8)
    assert cal.next_working_day_on_or_after(D(2021, 10, 8)) == D(2021, 10, 8)
    assert cal.next_working_day_on_or_after(D(2023, 7, 22)) == D(2023, 7, 24)


def test_negative_n_rejected(cal):
    with pytest.raises(ValueError):
        cal.add_working_days(D(2021, 1, 1), -1)


def test_provisional_between():
    cal = WorkCalendar({}, {2020, 2021})
    assert not cal.provisional_between(D(2020, 1, 1), D(2021, 12, 31))
    assert cal.provisional_between(D(2021, 1, 1), D(2022, 1, 1))
    assert cal.provisional_between(D(2022, 1, 1), D(2021, 1, 1))  # either order
    assert cal.provisional_between(D(2019, 12, 31), D(2020, 1, 1))


def test_overrides_equal_to_weekend_rule_are_harmless():
    cal = WorkCalendar({D(2023, 7, 22): False, D(2023, 7, 24): True}, {2023})
    assert cal.add_working_days(D(2023, 7, 21), 1) == D(2023, 7, 24)
    assert cal.working_days_between(D(2023, 7, 21), D(2023, 7, 24)) == 1


def test_custom_overrides():
    # office staff mark a Monday off and the Saturday before it on
    cal = WorkCalendar({D(2027, 5, 3): False, D(2027, 5, 1): True}, {2027})
    assert cal.add_working_days_checked(D(2027, 4, 30), 1) == (D(2027, 5, 1), False)
    assert cal.add_working_days(D(2027, 4, 30), 2) == D(2027, 5, 4)
    assert cal.working_days_between(D(2027, 4, 30), D(2027, 5, 4)) == 2


def test_chinese_calendar_overrides_2021():
    data = chinese_calendar_overrides([2021, 2027, 2003])
    assert isinstance(data, CalendarData)
    assert data.official_years == {2021}
    assert data.overrides[D(2021, 10, 1)] is False
    assert data.overrides[D(2021, 10, 9)] is True
    assert data.overrides[D(2021, 9, 18)] is True  # Mid-autumn make-up Saturday
    assert D(2021, 10, 2) not in data.overrides  # a Saturday holiday equals the weekend rule
    assert data.names[D(2021, 10, 1)] == "国庆节"
    assert data.names[D(2021, 10, 9)] == "国庆节（调休上班）"
    assert data.names[D(2021, 2, 11)] == "春节"
    assert all(v != is_weekend_working(d) for d, v in data.overrides.items())
    assert all(d.year == 2021 for d in data.overrides)
    assert set(data.names) == set(data.overrides)


def test_chinese_calendar_overrides_unknown_years_only():
    data = chinese_calendar_overrides([2027, 2028])
    assert data.overrides == {} and data.official_years == set()
    cal = data.calendar()
    assert cal.add_working_days_checked(D(2027, 1, 1), 1) == (D(2027, 1, 4), True)


def test_default_calendar(cal):
    assert cal is default_calendar()  # cached
    assert {2004, 2019, 2021, 2023, 2026} <= set(cal.official_years)
    assert cal.day_name(D(2023, 10, 7)) == "国庆节（调休上班）"
    assert "WorkCalendar" in repr(cal)
