"""Properties of the deadline families of issue 14 over generated task texts (made-up inputs)."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.deadlines import extract_phrase, resolve_text

SETTINGS = settings(max_examples=150, deadline=None, database=None)

CLAUSES = st.sampled_from([
    "做好政策解读工作", "及时公开财政预决算信息", "加强政府网站管理", "规范依申请公开办理", "完善公开目录",
    "做好政务新媒体运维", "公开惠民惠农资金发放情况",
])
CONTINUOUS = st.sampled_from(["持续推进", "持续", "常态化", "长期坚持"])
YEARS = st.integers(min_value=2016, max_value=2026)
MONTHS = st.integers(min_value=1, max_value=12)


@SETTINGS
@given(CONTINUOUS, CLAUSES, CLAUSES, YEARS, MONTHS, st.booleans())
def test_a_written_date_always_beats_a_continuous_verb(verb, first, second, year, month, date_first):
    dated = f"{year}年{month}月底前{second}"
    text = f"{dated}，{verb}{first}" if date_first else f"{verb}{first}，{dated}"
    dl = resolve_text(text, issued_on=None, year=year)
    assert dl.kind == "fixed"
    assert dl.due.year == year and dl.due.month == month
    assert dl.due == (dt.date(year, month + 1, 1) - dt.timedelta(days=1) if month < 12 else dt.date(year, 12, 31))


@SETTINGS
@given(CONTINUOUS, CLAUSES)
def test_a_continuous_verb_alone_gives_no_date(verb, clause):
    dl = resolve_text(f"{verb}{clause}", issued_on=dt.date(2022, 3, 1), year=2022)
    assert dl.kind == "continuous"
    assert (dl.due, dl.dues) == (None, [])


@SETTINGS
@given(st.sampled_from(["发放", "拨付", "下达", "公示", "批复", "出台"]),
       st.sampled_from(["补贴资金", "项目资金", "救助资金", "市级文件", ""]),
       st.integers(min_value=1, max_value=60), st.dates(min_value=dt.date(2018, 1, 1), max_value=dt.date(2026, 6, 30)))
def test_working_days_after_an_event_never_count_from_the_issue(verb, subject, count, issued_on):
    dl = resolve_text(f"{subject}{verb}后{count}个工作日内公开有关情况", issued_on=issued_on, year=issued_on.year)
    assert dl.kind == "event"
    assert dl.due is None  # no date until the event's date is entered
    assert dl.count == count


@SETTINGS
@given(CLAUSES, st.sampled_from(["定期评估", "定期公开", "定期通报", "定期检查"]), YEARS)
def test_regularly_never_invents_a_date(clause, regularly, year):
    dl = resolve_text(f"{clause}，{regularly}工作成效", issued_on=dt.date(year, 3, 1), year=year)
    assert (dl.kind, dl.frequency) == ("recurring", None)
    assert (dl.due, dl.dues, dl.periods) == (None, [], [])


@SETTINGS
@given(MONTHS, st.sampled_from(["公布", "完成", "启动", "上报"]), CLAUSES)
def test_a_month_without_its_year_is_no_dated_action(month, verb, clause):
    # 6月公布… with no year written stays what the older rules make of it (never a month-end guess)
    phrase = extract_phrase(f"{clause}，{month}月{verb}结果")
    assert phrase is None or not phrase.startswith(f"{month}月")
