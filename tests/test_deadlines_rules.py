"""Deadline rules from issue 14 ("Header and deadlines"); made-up inputs."""

from datetime import date

from tasks.deadlines.extract import extract_phrase
from tasks.deadlines.resolve import resolve_text


def test_working_days_after_an_event_count_from_the_event_not_the_issue():
    dl = resolve_text("补贴资金发放后10个工作日内公开发放情况", issued_on=date(2024, 3, 1), year=2024)
    assert dl.kind == "event"
    assert dl.event == "补贴资金发放"
    assert dl.due is None  # unknown until the event date is entered


def test_working_days_after_issue_still_count_from_the_issue():
    dl = resolve_text("本方案印发后10个工作日内报送联络员", issued_on=date(2024, 3, 1), year=2024)
    assert dl.kind == "workdays_after_issue"


def test_regular_assessment_is_recurring_and_flagged_as_assumed():
    dl = resolve_text("定期评估政务新媒体运行情况", issued_on=None, year=2024)
    assert (dl.kind, dl.assumed) == ("recurring", True)
    assert dl.kind != "fixed"


def test_a_continuous_verb_inside_a_sentence_yields_to_a_written_deadline():
    assert extract_phrase("持续推进政务公开标准化建设，2024年底前完成目录编制") == "2024年底前"
    assert extract_phrase("持续推进政务公开标准化建设，每季度公开进展") == "每季度"
    # with nothing else written, continuous is the reading
    assert resolve_text("持续推进政务公开标准化建设", issued_on=None, year=2024).kind == "continuous"


def test_whole_year_as_a_deadline_of_its_own():
    dl = resolve_text("全年", issued_on=None, year=2025)
    assert (dl.kind, dl.start, dl.due) == ("period", date(2025, 1, 1), date(2025, 12, 31))
    assert resolve_text("2024年全年", issued_on=None, year=2025).due == date(2024, 12, 31)


def test_whole_year_inside_a_target_is_no_deadline():
    assert resolve_text("力争全年盘活存量土地400亩", issued_on=None, year=2025).kind == "none"


def test_long_term_push_is_continuous():
    assert resolve_text("长期推进", issued_on=None, year=2021).kind == "continuous"


def test_a_month_before_in_a_deadline_cell_is_fixed_at_that_months_end():
    import datetime as _dt

    from tasks.deadlines import resolve as _resolve

    assert _resolve("2021年8月前", year=2021).due == _dt.date(2021, 8, 31)
    assert _resolve("12月前", year=2022).kind == "fixed"
    assert _resolve("3个月前", year=2022).kind == "none"  # a count of months, not a month
