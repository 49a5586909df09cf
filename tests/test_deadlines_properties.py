"""Properties of the deadline extractor and resolver on arbitrary and deadline-flavoured text."""

import datetime as dt
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.deadlines import (
    KINDS,
    LIGHTS,
    Deadline,
    extract_phrase,
    extract_phrases,
    normalize,
    resolve,
    resolve_text,
    signal_light,
)
from tasks.workdays import default_calendar

CAL = default_calendar()
SETTINGS = settings(max_examples=200, deadline=None, database=None)

# Pieces that real deadline phrases are made of, so that random text often hits the patterns.
_WORDS = """
于 到 今年 明年 2019年 2021年 2024年 1 2 3 10 12 15 29 31 一 三 十一 两 月 日 年 前 内 以内 底 末 份
上半年 下半年 季度 第三季度末 每 按 个 工作日 天 后 的 之日起 印发 本要点发布 决策文件出台 批复 收到申请
首月 至 将 定为 “政府开放月” 集中开展 定期 持续 常态化 长期 坚持 每年至少召开 次会议 可 控制在 办结
旬 上旬 下旬 公布 完成 公布预算信息 评估
， 。 （ ） 、 x
"""
PIECES = [*_WORDS.split(), " ", "\n"]
flavoured = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)
any_text = st.one_of(st.text(max_size=60), flavoured)
issue_dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2035, 12, 31))
years = st.one_of(st.none(), st.integers(min_value=2000, max_value=2035))


@SETTINGS
@given(any_text, st.one_of(st.none(), st.dates()), st.one_of(st.none(), st.integers(-5, 10_005)),
       st.one_of(st.none(), st.dates()))
def test_resolve_never_raises_even_at_the_edges(text, issued_on, year, event_on):
    dl = resolve(text, issued_on=issued_on, year=year, calendar=CAL, event_on=event_on)
    assert dl.kind in KINDS
    assert resolve_text(text, issued_on=issued_on, year=year, calendar=CAL).kind in KINDS


@SETTINGS
@given(any_text, issue_dates, years, st.booleans())
def test_due_is_none_exactly_for_undated_kinds(text, issued_on, year, with_event):
    event_on = issued_on + dt.timedelta(days=40) if with_event else None
    dl = resolve(text, issued_on=issued_on, year=year, calendar=CAL, event_on=event_on)
    undated = dl.kind in ("none", "continuous") or (dl.kind == "event" and event_on is None) \
        or (dl.kind == "recurring" and dl.frequency is None)  # 定期: how often is not written
    assert (dl.due is None) == undated
    assert dl.dues == ([] if dl.due is None else dl.dues)
    if dl.kind != "recurring":
        assert dl.dues == ([dl.due] if dl.due else [])
    if dl.kind == "none":
        assert dl.phrase == text


@SETTINGS
@given(flavoured, issue_dates, years)
def test_recurring_series(text, issued_on, year):
    dl = resolve(text, issued_on=issued_on, year=year)
    if dl.kind != "recurring":
        return
    if dl.frequency is None:  # 定期: recurring, no series invented
        assert (dl.assumed, dl.due, dl.dues, dl.periods) == (True, None, [], [])
        return
    doc_year = year if year is not None else issued_on.year
    assert dl.dues == sorted(dl.dues) == [p.due for p in dl.periods]
    assert len(set(dl.dues)) == len(dl.dues)
    assert dl.due == dl.dues[0]
    assert all(d > issued_on for d in dl.dues)
    assert all(p.start <= p.due for p in dl.periods)
    rolled_over = len(dl.dues) == 1 and dl.dues[0].year > doc_year
    assert rolled_over or all(d.year == doc_year for d in dl.dues)
    assert dl.frequency in ("ten_daily", "monthly", "quarterly", "half_yearly", "yearly")


@SETTINGS
@given(any_text, issue_dates, years)
def test_round_trip_through_json(text, issued_on, year):
    dl = resolve(text, issued_on=issued_on, year=year, calendar=CAL)
    data = json.loads(json.dumps(dl.to_dict(), ensure_ascii=False))
    assert Deadline.from_dict(data) == dl


@SETTINGS
@given(any_text)
def test_extract_is_consistent(text):
    phrases = extract_phrases(text)
    best = extract_phrase(text)
    assert (best is None) == (phrases == [])
    if best is not None:
        assert best in phrases
    norm = normalize(text)
    assert all(p and p in norm for p in phrases)
    assert len(set(phrases)) == len(phrases)


@SETTINGS
@given(any_text, issue_dates)
def test_resolving_the_extracted_phrase_agrees_with_resolve_text(text, issued_on):
    phrase = extract_phrase(text)
    via_text = resolve_text(text, issued_on=issued_on, calendar=CAL)
    if phrase is None:
        assert via_text.kind == "none"
    else:
        assert resolve(phrase, issued_on=issued_on, calendar=CAL) == via_text
        assert via_text.kind != "none" or via_text.due is None


dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2024, 12, 31))


@SETTINGS
@given(st.one_of(st.none(), dates), st.one_of(st.none(), dates), dates, st.integers(0, 10))
def test_signal_light(due, completed_on, today, n):
    soon_until = CAL.add_working_days(today, n)
    light = signal_light(due=due, completed_on=completed_on, today=today, soon_until=soon_until)
    assert light in LIGHTS
    if completed_on is not None:
        assert light in ("done", "done_late")
    elif due is None:
        assert light == "grey"
    elif due < today:
        assert light == "red"
    else:
        assert light == ("yellow" if due <= soon_until else "green")
