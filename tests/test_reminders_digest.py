"""send_reminders: who gets a digest, what it lists, and when nothing is sent."""

from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command

from tasks.models import CalendarDay, Notification, ReminderLog, Status
from tasks.selectors.reminders import ReminderWindow, liaison_digests, office_digests
from tests import factories
from tests import factories_notifications as fn

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2021, 7, 12, 7, 30, tzinfo=SHANGHAI)  # three working days before 2021-07-15


@pytest.fixture(autouse=True)
def english_and_three_days(settings):
    settings.LANGUAGE_CODE = "en"  # assertions below read English template text
    settings.OPENSCHED_REMINDER_WORKDAYS = 3


@pytest.fixture
def demo(world):
    """The demo situation: 于7月15日前制定并公开本单位工作方案, assigned to both units of 薛城区."""
    fn.demo_situation(world)
    fn.due(world.other_assignment, date(2021, 7, 15))
    return world


def run(*args) -> list[str]:
    out = StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue().splitlines()


def mail_to(address):
    return [m for m in mail.outbox if m.to == [address]]


def test_liaisons_get_a_digest_of_the_task_due_on_july_15(demo):
    with time_machine.travel(MONDAY, tick=False):
        lines = run()
    assert lines[-1] == "sent 2 messages"
    assert {m.to[0] for m in mail.outbox} == {"caizheng@example.org", "shichang@example.org"}
    message = mail_to("caizheng@example.org")[0]
    assert "于7月15日前制定并公开本单位工作方案" in message.body
    assert "2021-07-15" in message.body
    link = f"http://testserver/assignments/{demo.assignment.pk}/"
    assert link in message.body
    html = message.alternatives[0][0]
    assert f'href="{link}"' in html
    assert "区财政局" in html
    # Each liaison sees only their own unit's assignment.
    assert f"/assignments/{demo.other_assignment.pk}/" not in message.body


def test_today_option_overrides_the_clock(demo):
    with time_machine.travel(datetime(2021, 1, 4, 8, tzinfo=SHANGHAI), tick=False):
        assert run("--today", "2021-07-12")[-1] == "sent 2 messages"
    assert ReminderLog.objects.filter(key__endswith=":2021-07-12").count() == 2


def test_task_beyond_the_window_is_not_listed_so_nothing_is_sent(demo):
    # From Friday 2021-07-09, three working days end on Wednesday 2021-07-14.
    assert run("--today", "2021-07-09")[-1] == "sent 0 messages"
    assert mail.outbox == []


def test_window_counts_chinese_working_days_from_the_database_calendar(demo):
    """From 2021-09-30: National Day week off, Saturday 2021-10-09 worked → three working days end 10-11."""
    for day in (1, 4, 5, 6, 7):
        CalendarDay.objects.create(date=date(2021, 10, day), is_working=False, name="国庆节")
    CalendarDay.objects.create(date=date(2021, 10, 9), is_working=True, name="国庆节（调休上班）")
    fn.due(demo.assignment, date(2021, 10, 11))
    fn.due(demo.other_assignment, date(2021, 10, 12))
    assert run("--today", "2021-09-30")[-1] == "sent 1 messages"
    assert [m.to[0] for m in mail.outbox] == ["caizheng@example.org"]


def test_digest_has_overdue_due_today_and_due_soon_sections(demo):
    unit, doc = demo.unit, demo.document
    fn.due_task(document=doc, unit=unit, on=date(2021, 7, 2), text="逾期未完成的任务")
    fn.due_task(document=doc, unit=unit, on=date(2021, 7, 12), text="今天到期的任务")
    fn.due_task(document=doc, unit=unit, on=date(2021, 7, 30), text="月底才到期的任务")
    fn.due_task(document=doc, unit=unit, on=date(2021, 7, 1), text="已经完成的任务", status=Status.COMPLETED)
    run("--today", "2021-07-12")
    body = mail_to("caizheng@example.org")[0].body
    overdue, today, soon = body.index("Overdue (1)"), body.index("Due today (1)"), body.index("Due within 3")
    assert overdue < body.index("逾期未完成的任务") < today < body.index("今天到期的任务") < soon
    assert soon < body.index("于7月15日前制定并公开本单位工作方案")
    assert "月底才到期的任务" not in body
    assert "已经完成的任务" not in body
    assert "1 overdue, 1 due today, 1 due within 3 working days" in mail_to("caizheng@example.org")[0].subject


def test_recurring_task_lists_each_open_period_due_in_the_window(demo):
    task = factories.task(document=demo.document, text="按季度发布财政预算执行情况")
    assignment = fn.due(factories.assignment(task=task, unit=demo.unit), date(2021, 10, 10))
    q1, q2, q3 = fn.periods(task=task, spans=[
        ("2021年第一季度", date(2021, 1, 1), date(2021, 4, 10)),
        ("2021年第二季度", date(2021, 4, 1), date(2021, 7, 10)),
        ("2021年第三季度", date(2021, 7, 1), date(2021, 10, 10)),
    ])
    fn.period_status(assignment=assignment, period=q1, status=Status.COMPLETED)
    run("--today", "2021-07-12")
    body = mail_to("caizheng@example.org")[0].body
    assert "Q2 2021" in body and "2021-07-10" in body  # the period label in the email's language
    assert "2021年第一季度" not in body and "2021年第三季度" not in body
    assert body.count("按季度发布财政预算执行情况") == 1

    fn.period_status(assignment=assignment, period=q2, status=Status.COMPLETED)
    mail.outbox.clear()
    run("--today", "2021-07-13")
    assert "按季度发布财政预算执行情况" not in mail_to("caizheng@example.org")[0].body


def test_liaison_with_nothing_due_gets_no_email(demo):
    fn.due(demo.other_assignment, date(2021, 7, 15), status=Status.COMPLETED)
    idle_unit = factories.unit(jurisdiction=demo.j, name="区教育和体育局")
    factories.liaison(unit=idle_unit, username="jiaoti", email="jiaoti@example.org")
    assert run("--today", "2021-07-12")[-1] == "sent 1 messages"
    assert [m.to[0] for m in mail.outbox] == ["caizheng@example.org"]


def test_nothing_due_anywhere_sends_nothing_and_says_sent_0(demo):
    fn.due(demo.assignment, None)
    fn.due(demo.other_assignment, date(2021, 9, 30))
    assert run("--today", "2021-07-12")[-1] == "sent 0 messages"
    assert mail.outbox == [] and not ReminderLog.objects.exists()


def test_digest_none_preference_is_respected_and_default_is_daily(demo):
    fn.no_emails(demo.liaison)
    run("--today", "2021-07-12")
    assert [m.to[0] for m in mail.outbox] == ["shichang@example.org"]


def test_head_of_unit_and_supervisor_get_no_digest(demo):
    from units.models import Membership

    head = factories.user(username="juzhang", email="juzhang@example.org")
    Membership.objects.create(user=head, unit=demo.unit, role=Membership.Role.HEAD)
    run("--today", "2021-07-12")
    recipients = {m.to[0] for m in mail.outbox}
    assert "juzhang@example.org" not in recipients and "leader@example.org" not in recipients


def test_office_digest_lists_reports_waiting_and_overdue_units(demo):
    report = factories.report(assignment=demo.other_assignment, author=demo.other_liaison, text="已制定工作方案")
    fn.due(demo.assignment, date(2021, 7, 9))
    run("--today", "2021-07-12")
    office_mail = mail_to("office@example.org")
    assert len(office_mail) == 1
    body, html = office_mail[0].body, office_mail[0].alternatives[0][0]
    assert "Reports waiting for review (1)" in body
    assert f"http://testserver{report.get_absolute_url()}" in body
    assert "区财政局: 1 overdue, oldest due 2021-07-09" in body
    assert f'href="http://testserver/units/{demo.unit.pk}/"' in html
    assert "http://testserver/review/queue/" in body
    # The other jurisdiction's office and the supervisor hear nothing.
    assert mail_to("office_guanxian@example.org") == [] and mail_to("leader@example.org") == []


def test_office_with_nothing_waiting_and_nothing_overdue_gets_nothing(demo):
    run("--today", "2021-07-12")
    assert mail_to("office@example.org") == []


def test_digest_also_lands_in_the_inbox(demo):
    run("--today", "2021-07-12")
    notification = Notification.objects.get(recipient=demo.liaison)
    assert notification.kind == Notification.Kind.DIGEST
    assert notification.url == "/"
    assert "2021-07-12" in notification.title


def test_dry_run_prints_recipients_and_subjects_and_records_nothing(demo):
    lines = run("--today", "2021-07-12", "--dry-run")
    assert lines[-1] == "sent 0 messages (dry run: 2 would be sent)"
    assert any("caizheng@example.org" in line and "Tasks for 2021-07-12" in line for line in lines)
    assert mail.outbox == []
    assert not ReminderLog.objects.exists() and not Notification.objects.exists()
    assert run("--today", "2021-07-12")[-1] == "sent 2 messages"


def test_weekend_sends_nothing_unless_all_days(demo):
    fn.due(demo.assignment, date(2021, 7, 14))  # within three working days of Sunday 2021-07-11
    fn.due(demo.other_assignment, date(2021, 7, 14))
    lines = run("--today", "2021-07-11")
    assert "not a working day" in lines[0] and lines[-1] == "sent 0 messages"
    assert run("--today", "2021-07-11", "--all-days")[-1] == "sent 2 messages"


def test_liaison_without_email_is_reported_and_not_recorded(demo):
    demo.liaison.email = ""
    demo.liaison.save()
    lines = run("--today", "2021-07-12")
    assert any(line.startswith("no email address: digest:liaison:") for line in lines)
    assert lines[-1] == "sent 1 messages"
    assert not ReminderLog.objects.filter(recipient=demo.liaison).exists()


def test_bad_date_is_refused(demo):
    with pytest.raises(CommandError):
        run("--today", "2021-13-01")


def test_digest_reads_take_a_fixed_number_of_queries(demo, django_assert_max_num_queries):
    window = ReminderWindow(today=date(2021, 7, 12), soon_until=date(2021, 7, 15), workdays=3)
    for i in range(6):
        unit = factories.unit(jurisdiction=demo.j)
        factories.liaison(unit=unit, email=f"l{i}@example.org")
        fn.due_task(document=demo.document, unit=unit, on=date(2021, 7, 9), text=f"任务{i}")
        factories.report(assignment=fn.due(demo.assignment, date(2021, 7, 9)), author=demo.liaison)
    with django_assert_max_num_queries(3):
        assert len(liaison_digests(window=window)) == 8
    with django_assert_max_num_queries(4):
        assert len(office_digests(window=window)) == 1
