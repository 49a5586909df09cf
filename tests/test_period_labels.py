"""Reporting-period labels follow the interface language; the stored (Chinese) label is unchanged."""

from datetime import date

import pytest
from django.utils import translation

from tasks.deadlines.resolve import resolve
from tasks.models import ReportingPeriod
from tasks.period_labels import period_label_display


@pytest.mark.parametrize(("stored", "english"), [
    ("2021年第一季度", "Q1 2021"),
    ("2021年第四季度", "Q4 2021"),
    ("2021年3月", "March 2021"),
    ("2021年12月", "December 2021"),
    ("2021年上半年", "First half of 2021"),
    ("2021年下半年", "Second half of 2021"),
    ("2021年度", "Year 2021"),
    ("2017年11月上旬", "Early November 2017"),
    ("2017年11月中旬", "Mid-November 2017"),
    ("2017年1月下旬", "Late January 2017"),
])
def test_a_stored_period_label_reads_in_english_in_the_english_interface(stored, english):
    with translation.override("en"):
        assert period_label_display(stored) == english
    with translation.override("zh-hans"):
        assert period_label_display(stored) == stored


@pytest.mark.parametrize("odd", ["", "第一阶段", "2021年13月", "2021年第五季度", "2021年第一季度末"])
def test_a_label_of_another_shape_is_shown_as_stored(odd):
    with translation.override("en"):
        assert period_label_display(odd) == odd


def test_every_label_the_resolver_makes_has_an_english_form():
    for phrase in ("按季度", "按月", "每半年", "每年", "按旬"):
        deadline = resolve(phrase, year=2021, issued_on=date(2021, 1, 5))
        assert deadline.periods, phrase
        with translation.override("en"):
            for period in deadline.periods:
                shown = period_label_display(period.label)
                assert shown != period.label and not any("\u4e00" <= ch <= "\u9fff" for ch in shown), shown


@pytest.mark.django_db
def test_the_assignment_page_shows_periods_in_the_readers_language(client, world):
    ReportingPeriod.objects.create(task=world.task, index=0, label="2021年第三季度",
                                   starts_on=date(2021, 7, 1), due_on=date(2021, 9, 30))
    client.force_login(world.office)
    client.cookies["django_language"] = "en"
    english = client.get(world.assignment.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Q3 2021" in english and "2021年第三季度" not in english
    client.cookies["django_language"] = "zh-hans"
    chinese = client.get(world.assignment.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "2021年第三季度" in chinese
    assert ReportingPeriod.objects.get(task=world.task).label == "2021年第三季度"
