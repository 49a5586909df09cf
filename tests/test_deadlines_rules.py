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


def test_regular_assessment_invents_no_date():
    dl = resolve_text("定期评估政务新媒体运行情况", issued_on=date(2024, 3, 1), year=2024)
    assert (dl.kind, dl.frequency) == ("recurring", None)
    assert (dl.due, dl.dues, dl.periods) == (None, [], [])


def test_an_explicit_recurrence_beside_regularly_gives_the_series():
    dl = resolve_text("定期评估政务新媒体运行情况，每季度通报", issued_on=date(2024, 3, 1), year=2024)
    assert (dl.kind, dl.frequency, dl.due) == ("recurring", "quarterly", date(2024, 3, 31))


def test_every_ten_days_is_a_ten_day_series():
    dl = resolve_text("按旬公开全省财政收支情况", issued_on=date(2017, 11, 15), year=2017)
    assert (dl.kind, dl.frequency) == ("recurring", "ten_daily")
    assert [p.label for p in dl.periods] == ["2017年11月中旬", "2017年11月下旬", "2017年12月上旬",
                                             "2017年12月中旬", "2017年12月下旬"]
    assert dl.dues == [date(2017, 11, 20), date(2017, 11, 30), date(2017, 12, 10), date(2017, 12, 20),
                       date(2017, 12, 31)]
    assert dl.periods[0].start == date(2017, 11, 11)
    assert resolve_text("每旬报送进展", issued_on=None, year=2020).frequency == "ten_daily"


def test_a_dated_action_in_a_deadline_cell_is_due_by_that_months_end():
    cell = "2021年2月公布预算信息,2021年8月公布上年度决算信息"
    dl = resolve_text(cell, issued_on=date(2021, 1, 5), year=2021)
    assert (dl.kind, dl.due) == ("fixed", date(2021, 2, 28))
    assert resolve_text("2022年6月", year=2022).due == date(2022, 6, 30)
    assert resolve_text("2020年2月完成目录编制", year=2020).due == date(2020, 2, 29)


def test_a_past_act_or_a_month_inside_a_sentence_is_no_deadline():
    assert resolve_text("按照2021年2月印发的《实施方案》做好公开", year=2021).kind == "none"
    assert resolve_text("2021年2月出台了管理办法", year=2021).kind == "none"
    assert resolve_text("对照2021年6月公布的目录更新", year=2021).kind == "none"
    assert resolve_text("公开2021年2月份财政收支", year=2021).kind == "none"
    assert resolve_text("2021年6月公布的目录要及时更新", year=2021).kind == "none"
