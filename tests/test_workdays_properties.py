"""Properties of the working-day arithmetic, on the real calendar and on random override sets."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.workdays import WorkCalendar, default_calendar

CAL = default_calendar()
WEEKENDS = WorkCalendar.weekends_only()
SETTINGS = settings(max_examples=200, deadline=None, database=None)

dates = st.dates(min_value=dt.date(2004, 1, 1), max_value=dt.date(2031, 12, 31))
counts = st.integers(min_value=0, max_value=60)
random_calendars = st.builds(
    WorkCalendar,
    st.dictionaries(st.dates(dt.date(2020, 1, 1), dt.date(2022, 12, 31)), st.booleans(), max_size=80),
    st.sets(st.integers(2018, 2024)),
)


def brute_between(cal, a, b):
    n, d = 0, a
    while d < b:
        d += dt.timedelta(days=1)
        n += cal.is_working(d)
    return n


@SETTINGS
@given(dates, st.integers(min_value=1, max_value=60))
def test_lands_on_a_working_day(start, n):
    assert CAL.is_working(CAL.add_working_days(start, n))


@SETTINGS
@given(dates, counts)
def test_exactly_n_working_days_in_between(start, n):
    end = CAL.add_working_days(start, n)
    assert brute_between(CAL, start, end) == n
    assert CAL.working_days_between(start, end) == n
    if n:  # and it is the first such day
        assert CAL.working_days_between(start, end - dt.timedelta(days=1)) == n - 1


@SETTINGS
@given(dates, counts, st.integers(min_value=1, max_value=10))
def test_monotonic_in_n(start, n, k):
    assert CAL.add_working_days(start, n) < CAL.add_working_days(start, n + k)


@SETTINGS
@given(dates, dates, counts)
def test_monotonic_in_start(a, b, n):
    a, b = min(a, b), max(a, b)
    assert CAL.add_working_days(a, n) <= CAL.add_working_days(b, n)


@SETTINGS
@given(st.dates(dt.date(2027, 1, 1), dt.date(2099, 12, 31)), st.integers(min_value=0, max_value=60))
def test_year_without_data_is_provisional_and_never_raises(start, n):
    result, provisional = CAL.add_working_days_checked(start, n)
    assert provisional is True
    assert result == WEEKENDS.add_working_days(start, n)


@SETTINGS
@given(dates, counts)
def test_provisional_matches_official_years(start, n):
    result, provisional = CAL.add_working_days_checked(start, n)
    years = range(start.year, result.year + 1)
    assert provisional == any(not CAL.is_official(y) for y in years)


@SETTINGS
@given(random_calendars, st.dates(dt.date(2019, 10, 1), dt.date(2023, 3, 31)), counts)
def test_random_overrides(cal, start, n):
    end = cal.add_working_days(start, n)
    assert cal.working_days_between(start, end) == n == brute_between(cal, start, end)
    if n:
        assert cal.is_working(end)


@SETTINGS
@given(random_calendars, st.dates(dt.date(2019, 6, 1), dt.date(2023, 6, 1)),
       st.dates(dt.date(2019, 6, 1), dt.date(2023, 6, 1)))
def test_between_matches_brute_force(cal, a, b):
    assert cal.working_days_between(a, b) == (brute_between(cal, a, b) if b > a else 0)
