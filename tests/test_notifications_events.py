"""Event notifications: the inbox row at once, the email only after the transaction commits."""

import logging
from datetime import date

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from tasks.models import ExtensionRequest, Notification, ProgressReport
from tasks.services.notify import (
    notify_extension_decided,
    notify_extension_requested,
    notify_report_reviewed,
    notify_report_submitted,
    notify_urge,
)
from tests import factories
from tests import factories_notifications as fn


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"  # assertions below read English template text


@pytest.fixture
def w(world):
    fn.demo_situation(world)
    world.link = f"http://testserver/assignments/{world.assignment.pk}/"
    return world


def only_mail():
    assert len(mail.outbox) == 1, [m.to for m in mail.outbox]
    message = mail.outbox[0]
    return message, message.body, message.alternatives[0][0]


def test_submitted_report_emails_the_office_of_the_jurisdiction(w, django_capture_on_commit_callbacks):
    report = factories.report(assignment=w.assignment, author=w.liaison, text="已制定工作方案并在门户网站公开",
                              percent=80, evidence_urls=["http://www.xuecheng.gov.cn/gk/fa.html"])
    with django_capture_on_commit_callbacks(execute=True):
        notify_report_submitted(report=report)
    message, body, html = only_mail()
    assert message.to == ["office@example.org"]
    assert "区财政局" in message.subject and "于7月15日前" in message.subject
    assert message.subject.startswith("[OpenSched] ")
    assert "已制定工作方案并在门户网站公开" in body and "80%" in body
    assert "http://www.xuecheng.gov.cn/gk/fa.html" in body
    assert w.link in body and f'href="{w.link}"' in html
    assert Notification.objects.get(recipient=w.office).kind == Notification.Kind.REPORT_SUBMITTED


def test_returned_report_emails_the_units_liaisons_with_the_comment(w, django_capture_on_commit_callbacks):
    report = factories.report(assignment=w.assignment, author=w.liaison, state=ProgressReport.State.RETURNED,
                              reviewer=w.office, review_note="请补充公开网址。", reviewed_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        notify_report_reviewed(report=report)
    message, body, html = only_mail()
    assert message.to == ["caizheng@example.org"]
    assert "Report returned" in message.subject
    assert "请补充公开网址。" in body and "请补充公开网址。" in html
    assert w.link in body and f'href="{w.link}"' in html
    assert Notification.objects.get(recipient=w.liaison).kind == Notification.Kind.REPORT_RETURNED


def test_accepted_report_email_says_accepted(w, django_capture_on_commit_callbacks):
    report = factories.report(assignment=w.assignment, author=w.liaison, state=ProgressReport.State.ACCEPTED,
                              reviewer=w.office)
    with django_capture_on_commit_callbacks(execute=True):
        notify_report_reviewed(report=report)
    message, body, _ = only_mail()
    assert "Report accepted" in message.subject and "accepted the progress report" in body
    assert Notification.objects.get(recipient=w.liaison).kind == Notification.Kind.REPORT_ACCEPTED


def test_urge_emails_the_units_liaisons(w, django_capture_on_commit_callbacks):
    urge = fn.urge(assignment=w.assignment, sent_by=w.office, message="请于7月14日前报送。")
    with django_capture_on_commit_callbacks(execute=True):
        notify_urge(urge=urge)
    message, body, html = only_mail()
    assert message.to == ["caizheng@example.org"]
    assert "于7月15日前" in message.subject
    assert "请于7月14日前报送。" in body and "2021-07-15" in body
    assert f'href="{w.link}"' in html


def test_extension_request_emails_office_and_decision_emails_liaisons(w, django_capture_on_commit_callbacks):
    request = fn.extension(assignment=w.assignment, requested_by=w.liaison, requested_due=date(2021, 7, 30),
                           reason="需会同有关部门研究。")
    with django_capture_on_commit_callbacks(execute=True):
        notify_extension_requested(request=request)
    message, body, _ = only_mail()
    assert message.to == ["office@example.org"]
    assert "2021-07-30" in body and "2021-07-15" in body and "需会同有关部门研究。" in body and w.link in body

    mail.outbox.clear()
    request.state, request.decided_by, request.decision_note = ExtensionRequest.State.APPROVED, w.office, "同意"
    request.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify_extension_decided(request=request)
    message, body, _ = only_mail()
    assert message.to == ["caizheng@example.org"]
    assert "Extension approved" in message.subject and "2021-07-30" in body and "同意" in body


def test_no_email_before_commit_and_none_after_rollback(w, django_capture_on_commit_callbacks):
    urge = fn.urge(assignment=w.assignment, sent_by=w.office)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify_urge(urge=urge)
    assert mail.outbox == [] and len(callbacks) == 1

    class Rollback(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Rollback), \
            transaction.atomic():
        notify_urge(urge=urge)
        raise Rollback
    assert callbacks == [] and mail.outbox == []


def test_user_who_chose_no_emails_gets_the_inbox_row_only(w, django_capture_on_commit_callbacks):
    fn.no_emails(w.liaison)
    second = factories.liaison(unit=w.unit, username="caizheng2", email="caizheng2@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        notify_urge(urge=fn.urge(assignment=w.assignment, sent_by=w.office))
    assert [m.to for m in mail.outbox] == [["caizheng2@example.org"]]
    assert set(Notification.objects.values_list("recipient", flat=True)) == {w.liaison.pk, second.pk}


def test_the_person_who_acted_is_not_notified(w, django_capture_on_commit_callbacks):
    """An office user who is also a liaison of the unit does not hear about their own urge."""
    from units.models import Membership

    Membership.objects.create(user=w.office, unit=w.unit)
    with django_capture_on_commit_callbacks(execute=True):
        notify_urge(urge=fn.urge(assignment=w.assignment, sent_by=w.office))
    assert [m.to for m in mail.outbox] == [["caizheng@example.org"]]
    assert not Notification.objects.filter(recipient=w.office).exists()


def test_mail_failure_is_logged_not_raised(w, django_capture_on_commit_callbacks, monkeypatch, caplog):
    from django.core.mail.backends.locmem import EmailBackend

    def broken(self, messages):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(EmailBackend, "send_messages", broken)
    with caplog.at_level(logging.ERROR, logger="tasks.services.notify"), \
            django_capture_on_commit_callbacks(execute=True):
        notify_urge(urge=fn.urge(assignment=w.assignment, sent_by=w.office))
    assert "could not send urge emails" in caplog.text
    assert Notification.objects.filter(recipient=w.liaison).exists()


def test_other_units_and_other_jurisdictions_hear_nothing(w, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify_report_submitted(report=factories.report(assignment=w.assignment, author=w.liaison))
        notify_urge(urge=fn.urge(assignment=w.assignment, sent_by=w.office))
    recipients = {m.to[0] for m in mail.outbox}
    assert recipients == {"office@example.org", "caizheng@example.org"}
