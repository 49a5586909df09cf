"""Resolving deadline phrases to due dates (tasks.deadlines.resolve / resolve_text)."""

import datetime as dt
import json

import pytest

from tasks.deadlines import Deadline, Period, resolve, resolve_text, signal_light, soon_threshold
from tasks.workdays import WorkCalendar, default_calendar

D = dt.date
CAL = default_calendar()

# issue dates of the seed documents
I000, I001, I002, I003 = D(2021, 6, 23), D(2023, 7, 20), D(2021, 5, 20), D(2020, 7, 16)
I004, I004_19, I004_13 = D(2019, 9, 30), D(2019, 10, 1), D(2019, 10, 11)


@pytest.mark.parametrize(
    ("phrase", "issued_on", "year", "due"),
    [
        # seeds
        ("于7月15日前", I000, None, D(2021, 7, 15)),
        ("2021年年底前", I000, None, D(2021, 12, 31)),
        ("2021年年底", I000, None, D(2021, 12, 31)),
        ("到2021年年底前", I002, None, D(2021, 12, 31)),
        ("2023年年底前", I001, None, D(2023, 12, 31)),
        ("今年11月底前", I003, None, D(2020, 11, 30)),
        ("2019年12月底前", I004_13, None, D(2019, 12, 31)),
        ("2019年 12月底前", I004_13, None, D(2019, 12, 31)),
        ("2019 年 10 月底前", I004_13, None, D(2019, 10, 31)),
        ("2019年11月底前", I004_13, None, D(2019, 11, 30)),
        ("2020年 6月底前", I004_13, None, D(2020, 6, 30)),
        # brief
        ("7月15日前", None, 2021, D(2021, 7, 15)),
        ("11月底前", D(2020, 7, 16), None, D(2020, 11, 30)),
        ("10月底前", I004, None, D(2019, 10, 31)),
        ("年底前", I000, None, D(2021, 12, 31)),
        ("年内", I000, None, D(2021, 12, 31)),
        ("今年内", I000, None, D(2021, 12, 31)),
        ("上半年", None, 2021, D(2021, 6, 30)),
        ("下半年", None, 2021, D(2021, 12, 31)),
        ("2022年上半年", I000, None, D(2022, 6, 30)),
        ("三季度末", None, 2021, D(2021, 9, 30)),
        ("第三季度末", None, 2021, D(2021, 9, 30)),
        ("一季度末前", None, 2021, D(2021, 3, 31)),
        ("到2023年底", I000, None, D(2023, 12, 31)),
        ("2020年6月底前", I004, None, D(2020, 6, 30)),
        ("十一月底前", None, 2021, D(2021, 11, 30)),
        ("明年3月底前", None, 2021, D(2022, 3, 31)),
        ("6月中旬前", None, 2021, D(2021, 6, 20)),
        # the document year wins over the issue date's year (a 2022 plan issued in December 2021)
        ("3月底前", D(2021, 12, 28), 2022, D(2022, 3, 31)),
        # leap years and the end of February
        ("2月底前", None, 2024, D(2024, 2, 29)),
        ("2月底前", None, 2023, D(2023, 2, 28)),
        ("2月底前", None, 2000, D(2000, 2, 29)),
        ("2月底前", None, 1900, D(1900, 2, 28)),
        ("2月29日前", None, 2024, D(2024, 2, 29)),
    ],
)
def test_fixed(phrase, issued_on, year, due):
    dl = resolve(phrase, issued_on=issued_on, year=year)
    assert (dl.kind, dl.due, dl.dues, dl.provisional) == ("fixed", due, [due], False)
    assert dl.phrase == phrase


@pytest.mark.parametrize("phrase", ["2月29日前", "2月30日前", "4月31日前"])
def test_impossible_date_is_none_not_a_guess(phrase):
    dl = resolve(phrase, issued_on=None, year=2023)
    assert (dl.kind, dl.phrase, dl.due, dl.dues) == ("none", phrase, None, [])


def test_fixed_without_any_year_keeps_kind_but_no_due():
    dl = resolve("11月底前", issued_on=None)
    assert (dl.kind, dl.due, dl.dues) == ("fixed", None, [])


@pytest.mark.parametrize(
    ("phrase", "issued_on", "count", "due", "provisional"),
    [
        ("本要点发布20个工作日内", I001, 20, D(2023, 8, 17), False),
        ("本要点发布20个工作日内", D(2021, 9, 30), 20, D(2021, 11, 3), False),
        ("本要点发布20个工作日内", I004, 20, D(2019, 11, 1), False),
        ("印发之日起10个工作日内", I000, 10, D(2021, 7, 7), False),
        ("本清单印发后5个工作日内", D(2021, 9, 30), 5, D(2021, 10, 13), False),
        ("本方案印发后十个工作日内", D(2021, 9, 30), 10, D(2021, 10, 20), False),
        ("本要点发布20个工作日内", D(2027, 7, 20), 20, D(2027, 8, 17), True),  # no official 2027 yet
        # runs into 2027, whose 元旦 is not known yet: 2027-01-01 counts as a working day, so provisional
        ("本要点发布20个工作日内", D(2026, 12, 20), 20, D(2027, 1, 15), True),
    ],
)
def test_workdays_after_issue(phrase, issued_on, count, due, provisional):
    dl = resolve(phrase, issued_on=issued_on, calendar=CAL)
    assert dl.kind == "workdays_after_issue"
    assert (dl.count, dl.unit, dl.event) == (count, "workday", None)
    assert (dl.due, dl.provisional) == (due, provisional)


def test_workdays_default_calendar_is_weekends_only_and_provisional():
    dl = resolve("本要点发布20个工作日内", issued_on=D(2021, 9, 30))
    assert (dl.due, dl.provisional) == (D(2021, 10, 28), True)


def test_workdays_without_issue_date():
    dl = resolve("本要点发布20个工作日内", issued_on=None, year=2023)
    assert (dl.kind, dl.count, dl.due, dl.dues) == ("workdays_after_issue", 20, None, [])


@pytest.mark.parametrize(
    ("phrase", "issued_on", "count", "unit", "due"),
    [
        ("30日内", D(2021, 6, 23), 30, "day", D(2021, 7, 23)),
        ("15天内", D(2021, 12, 20), 15, "day", D(2022, 1, 4)),
        ("印发之日起30日内", D(2021, 6, 23), 30, "day", D(2021, 7, 23)),
        ("印发后一个月内", D(2021, 6, 23), 1, "month", D(2021, 7, 23)),
        ("印发后一个月内", D(2024, 1, 31), 1, "month", D(2024, 2, 29)),  # clamped, leap year
        ("印发后一个月内", D(2023, 1, 31), 1, "month", D(2023, 2, 28)),
        ("本方案印发后3个月内", D(2021, 11, 30), 3, "month", D(2022, 2, 28)),
    ],
)
def test_days_after_issue(phrase, issued_on, count, unit, due):
    dl = resolve(phrase, issued_on=issued_on, calendar=CAL)
    assert (dl.kind, dl.count, dl.unit) == ("days_after_issue", count, unit)
    assert (dl.due, dl.provisional) == (due, False)


@pytest.mark.parametrize(
    ("phrase", "event", "count", "unit", "event_on", "due"),
    [
        ("决策文件出台后的10个工作日内", "决策文件出台", 10, "workday", D(2023, 9, 28), D(2023, 10, 18)),
        ("信息形成后5个工作日内", "信息形成", 5, "workday", D(2021, 9, 30), D(2021, 10, 13)),
        ("批复后10日内", "批复", 10, "day", D(2021, 9, 30), D(2021, 10, 10)),
        ("收到申请之日起20个工作日内", "收到申请", 20, "workday", D(2023, 7, 20), D(2023, 8, 17)),
    ],
)
def test_event(phrase, event, count, unit, event_on, due):
    waiting = resolve(phrase, issued_on=I001, calendar=CAL)
    assert (waiting.kind, waiting.event, waiting.count, waiting.unit) == ("event", event, count, unit)
    assert (waiting.due, waiting.dues) == (None, [])
    known = resolve(phrase, issued_on=I001, calendar=CAL, event_on=event_on)
    assert (known.kind, known.event, known.due, known.dues, known.provisional) == (
        "event", event, due, [due], False)


def test_event_in_unknown_year_is_provisional():
    dl = resolve("决策文件出台后的10个工作日内", issued_on=I001, calendar=CAL, event_on=D(2027, 3, 1))
    assert (dl.due, dl.provisional) == (D(2027, 3, 15), True)


@pytest.mark.parametrize(
    ("phrase", "issued_on", "year", "start", "end"),
    [
        ("将8月份定为“政府开放月”", I001, None, D(2023, 8, 1), D(2023, 8, 31)),
        ("将8月份定为\"政府开放月\"", I001, None, D(2023, 8, 1), D(2023, 8, 31)),
        ("9月份集中开展", None, 2021, D(2021, 9, 1), D(2021, 9, 30)),
        ("2019年10月至12月", None, None, D(2019, 10, 1), D(2019, 12, 31)),
        ("10月至12月", I004, None, D(2019, 10, 1), D(2019, 12, 31)),
        ("2019年10月至2020年3月", None, None, D(2019, 10, 1), D(2020, 3, 31)),
        ("11月至次年2月", None, 2023, D(2023, 11, 1), D(2024, 2, 29)),
        # N年内: from the issue date to the end of year + N - 1 (calendar years)
        ("3年内", I004_13, None, D(2019, 10, 11), D(2021, 12, 31)),
        ("3 年内", I004_13, None, D(2019, 10, 11), D(2021, 12, 31)),
        ("三年内", None, 2021, D(2021, 1, 1), D(2023, 12, 31)),
        ("1年内", I000, None, I000, D(2021, 12, 31)),
    ],
)
def test_period(phrase, issued_on, year, start, end):
    dl = resolve(phrase, issued_on=issued_on, year=year)
    assert (dl.kind, dl.start, dl.end, dl.due, dl.dues) == ("period", start, end, end, [end])


def test_period_years_fields():
    dl = resolve("3年内", issued_on=I004_13)
    assert (dl.count, dl.unit) == (3, "year")


def _periods(dl):
    return [(p.label, p.start, p.due) for p in dl.periods]


def test_quarterly_from_issue_date():
    dl = resolve("按季度", issued_on=I001)
    assert (dl.kind, dl.frequency, dl.assumed) == ("recurring", "quarterly", False)
    assert _periods(dl) == [
        ("2023年第三季度", D(2023, 7, 1), D(2023, 9, 30)),
        ("2023年第四季度", D(2023, 10, 1), D(2023, 12, 31)),
    ]
    assert dl.dues == [D(2023, 9, 30), D(2023, 12, 31)]
    assert dl.due == D(2023, 9, 30)
    assert (dl.start, dl.end) == (D(2023, 7, 1), D(2023, 12, 31))


@pytest.mark.parametrize("phrase", ["按季度", "每季度", "每个季度"])
def test_quarterly_late_issue_yields_only_q4(phrase):
    dl = resolve(phrase, issued_on=D(2021, 11, 15))
    assert _periods(dl) == [("2021年第四季度", D(2021, 10, 1), D(2021, 12, 31))]


def test_quarterly_whole_year_without_issue_date():
    dl = resolve("每季度", issued_on=None, year=2021)
    assert dl.dues == [D(2021, 3, 31), D(2021, 6, 30), D(2021, 9, 30), D(2021, 12, 31)]
    labels = ["2021年第一季度", "2021年第二季度", "2021年第三季度", "2021年第四季度"]
    assert [p.label for p in dl.periods] == labels


def test_quarterly_named_day_of_first_month():
    dl = resolve("每季度首月10日前", issued_on=None, year=2021)
    assert dl.dues == [D(2021, 1, 10), D(2021, 4, 10), D(2021, 7, 10), D(2021, 10, 10)]
    assert dl.periods[2] == Period("2021年第三季度", D(2021, 7, 1), D(2021, 7, 10))
    assert resolve("每季度首月10日前", issued_on=D(2021, 7, 9)).dues == [D(2021, 7, 10), D(2021, 10, 10)]
    assert resolve("每季度首月10日前", issued_on=D(2021, 7, 10)).dues == [D(2021, 10, 10)]


@pytest.mark.parametrize("phrase", ["按月", "每月", "按月发布", "每月检查"])
def test_monthly(phrase):
    dl = resolve(phrase, issued_on=I000)
    assert (dl.kind, dl.frequency) == ("recurring", "monthly")
    assert [p.label for p in dl.periods] == [f"2021年{m}月" for m in range(6, 13)]
    assert dl.dues[:2] == [D(2021, 6, 30), D(2021, 7, 31)]
    assert dl.due == D(2021, 6, 30)


def test_monthly_named_day():
    dl = resolve("每月5日前", issued_on=I000)
    assert dl.dues == [D(2021, m, 5) for m in range(7, 13)]
    assert dl.periods[0] == Period("2021年7月", D(2021, 7, 1), D(2021, 7, 5))
    # 004, 19号 (the 常务会议 topic form), issued 2019-10-01: a due date on the issue day is dropped
    seed = resolve("每月 1日前", issued_on=I004_19)
    assert seed.dues == [D(2019, 11, 1), D(2019, 12, 1)]


def test_monthly_named_day_clamped_in_february():
    assert resolve("每月31日前", issued_on=None, year=2024).dues[1] == D(2024, 2, 29)
    assert resolve("每月30日前", issued_on=None, year=2023).dues[1] == D(2023, 2, 28)


def test_monthly_named_day_nothing_left_rolls_to_next_year():
    dl = resolve("每月5日前", issued_on=D(2021, 12, 20))
    assert _periods(dl) == [("2022年1月", D(2022, 1, 1), D(2022, 1, 5))]


def test_half_yearly():
    dl = resolve("每半年", issued_on=D(2021, 3, 1))
    assert _periods(dl) == [("2021年上半年", D(2021, 1, 1), D(2021, 6, 30)),
                            ("2021年下半年", D(2021, 7, 1), D(2021, 12, 31))]
    assert resolve("每半年", issued_on=I001).dues == [D(2023, 12, 31)]


@pytest.mark.parametrize("phrase", ["每年", "每年至少召开1次会议", "每年度"])
def test_yearly(phrase):
    dl = resolve(phrase, issued_on=I001)
    assert (dl.kind, dl.frequency) == ("recurring", "yearly")
    assert _periods(dl) == [("2023年度", D(2023, 1, 1), D(2023, 12, 31))]
    assert dl.due == D(2023, 12, 31)


def test_yearly_named_day():
    dl = resolve("每年3月底前", issued_on=None, year=2021)
    assert (dl.frequency, dl.dues) == ("yearly", [D(2021, 3, 31)])


def test_regularly_is_recurring_without_an_invented_series():
    dl = resolve("定期", issued_on=I000)
    assert (dl.kind, dl.frequency, dl.assumed) == ("recurring", None, True)
    assert (dl.due, dl.dues, dl.periods) == (None, [], [])


def test_recurring_without_year():
    dl = resolve("按季度", issued_on=None)
    assert (dl.kind, dl.due, dl.dues, dl.periods) == ("recurring", None, [], [])


@pytest.mark.parametrize("phrase", ["持续", "常态化", "长期坚持", "持续推进", "长期", "不定期"])
def test_continuous(phrase):
    dl = resolve(phrase, issued_on=I000)
    assert (dl.kind, dl.phrase, dl.due, dl.dues) == ("continuous", phrase, None, [])


@pytest.mark.parametrize("phrase", [None, "", "   ", "尽快", "及时", "限期办结", "10分钟以内", "2021年"])
def test_none(phrase):
    dl = resolve(phrase, issued_on=I000, calendar=CAL)
    assert (dl.kind, dl.phrase, dl.due, dl.dues) == ("none", phrase, None, [])


@pytest.mark.parametrize(
    ("text", "issued_on", "kind", "due"),
    [
        ("各镇街、各部门要根据本要点，于7月15日前制定并公开本单位工作方案", I000, "fixed", D(2021, 7, 15)),
        ("各部门单位要于本要点发布20个工作日内，做好任务分解", I001, "workdays_after_issue", D(2023, 8, 17)),
        ("决策文件出台后的10个工作日内，决策承办单位要向社会详细公开", I001, "event", None),
        ("推动政府开放活动常态化。将8月份定为“政府开放月”", I001, "period", D(2023, 8, 31)),
        ("每年至少召开1次会议研究解决重点难点问题", I001, "recurring", D(2023, 12, 31)),
        ("持续深化地方政府债务信息公开。", I000, "continuous", None),
        ("做好开发区体制机制改革进展情况公开。", I000, "none", None),
        ("", I000, "none", None),
    ],
)
def test_resolve_text(text, issued_on, kind, due):
    dl = resolve_text(text, issued_on=issued_on, calendar=CAL)
    assert (dl.kind, dl.due) == (kind, due)


def test_resolve_text_keeps_extracted_phrase():
    assert resolve_text("今年11月底前完成", issued_on=I003).phrase == "今年11月底前"
    assert resolve_text("无期限要求", issued_on=I003).phrase is None


@pytest.mark.parametrize(
    "dl",
    [
        resolve("按季度", issued_on=I001),
        resolve("决策文件出台后的10个工作日内", issued_on=I001, event_on=D(2023, 9, 1)),
        resolve("3年内", issued_on=I004_13),
        resolve("定期", issued_on=I000),
        resolve("持续", issued_on=I000),
        resolve("", issued_on=I000),
        Deadline(),
    ],
)
def test_dict_round_trip(dl):
    data = dl.to_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert Deadline.from_dict(data) == dl


def test_from_dict_tolerates_missing_keys():
    assert Deadline.from_dict({}) == Deadline()
    assert Deadline.from_dict(None) == Deadline()
    assert Deadline.from_dict({"kind": "fixed", "due": "2021-07-15"}).due == D(2021, 7, 15)


# -- signal lights -------------------------------------------------------------------------------
TODAY = D(2021, 9, 28)  # Tuesday before National Day
SOON = soon_threshold(TODAY, 3, CAL)


def test_soon_threshold():
    assert soon_threshold(TODAY, 3, CAL) == D(2021, 10, 8)  # 09-29, 09-30, National Day week off, 10-08
    assert soon_threshold(TODAY, 0, CAL) == TODAY
    assert soon_threshold(D(2023, 7, 21), 1, WorkCalendar.weekends_only()) == D(2023, 7, 24)


@pytest.mark.parametrize(
    ("due", "completed_on", "light"),
    [
        (None, None, "grey"),
        (D(2021, 10, 9), None, "green"),
        (D(2021, 10, 8), None, "yellow"),
        (TODAY, None, "yellow"),
        (D(2021, 9, 27), None, "red"),
        (D(2021, 9, 27), D(2021, 9, 27), "done"),
        (D(2021, 9, 27), D(2021, 9, 20), "done"),
        (D(2021, 9, 27), D(2021, 9, 28), "done_late"),
        (None, D(2021, 9, 1), "done"),
    ],
)
def test_signal_light(due, completed_on, light):
    assert signal_light(due=due, completed_on=completed_on, today=TODAY, soon_until=SOON) == light
