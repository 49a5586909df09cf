"""Each digest is sent exactly once: per run, across runs, and when two runs overlap."""

import threading
from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connections

from tasks.models import Notification, ReminderLog
from tasks.services import reminders
from tests import factories
from tests import factories_notifications as fn


@pytest.fixture(autouse=True)
def three_days(settings):
    settings.OPENSCHED_REMINDER_WORKDAYS = 3


def _due_for_two_liaisons():
    j = factories.jurisdiction(name="薛城区")
    document = factories.document(jurisdiction=j)
    liaisons = []
    for name, username in (("区财政局", "caizheng"), ("区市场监督管理局", "shichang")):
        unit = factories.unit(jurisdiction=j, name=name)
        liaisons.append(factories.liaison(unit=unit, username=username, email=f"{username}@example.org"))
        fn.due_task(document=document, unit=unit, on=date(2021, 7, 15), text="于7月15日前制定并公开本单位工作方案")
    return liaisons


@pytest.fixture
def two_liaisons(db):
    return _due_for_two_liaisons()


def run(*args) -> str:
    out = StringIO()
    call_command("send_reminders", "--today", "2021-07-12", *args, stdout=out)
    return out.getvalue().splitlines()[-1]


def test_second_run_the_same_day_sends_nothing(two_liaisons):
    assert run() == "sent 2 messages"
    assert run() == "sent 0 messages"
    assert len(mail.outbox) == 2
    assert ReminderLog.objects.count() == 2
    assert set(ReminderLog.objects.values_list("key", flat=True)) == {
        f"digest:liaison:{u.pk}:2021-07-12" for u in two_liaisons
    }
    assert Notification.objects.filter(kind=Notification.Kind.DIGEST).count() == 2


def test_next_day_sends_again(two_liaisons):
    run()
    out = StringIO()
    call_command("send_reminders", "--today", "2021-07-13", stdout=out)
    assert out.getvalue().splitlines()[-1] == "sent 2 messages"


def test_failed_send_releases_the_claim_so_the_next_run_retries(two_liaisons, monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    def broken(self, messages):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(EmailBackend, "send_messages", broken)
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="2 messages could not be sent"):
        call_command("send_reminders", "--today", "2021-07-12", stdout=out, stderr=err)
    assert out.getvalue().splitlines()[-1] == "sent 0 messages"
    assert "mail server down" in err.getvalue()
    assert not ReminderLog.objects.exists()
    assert not Notification.objects.exists()

    monkeypatch.undo()
    assert run() == "sent 2 messages"
    assert len(mail.outbox) == 2


def test_a_claimed_key_cannot_be_claimed_again(db):
    user = factories.user()
    key = f"digest:liaison:{user.pk}:2021-07-12"
    first = reminders.reminder_claim(key=key, recipient=user)
    assert first is not None
    assert reminders.reminder_claim(key=key, recipient=user) is None
    reminders.reminder_release(claim=first)
    assert reminders.reminder_claim(key=key, recipient=user) is not None


def _in_threads(target, n=2):
    """Run ``target`` in n threads released together by a barrier; returns results and errors."""
    barrier = threading.Barrier(n)
    results, errors = [], []

    def body():
        try:
            barrier.wait(timeout=10)
            results.append(target(barrier))
        except Exception as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=body) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_claims_of_one_key_exactly_one_wins():
    user = factories.user(username="caizheng")
    results, errors = _in_threads(
        lambda barrier: reminders.reminder_claim(key=f"digest:liaison:{user.pk}:2021-07-12", recipient=user)
    )
    assert errors == []
    assert sorted(r is not None for r in results) == [False, True]
    assert ReminderLog.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_overlapping_runs_send_each_digest_once(monkeypatch):
    _due_for_two_liaisons()
    original_claim = reminders.reminder_claim
    arrived = threading.local()

    def claim_after_both_runs_planned(**kwargs):
        # Both runs have read and rendered their digests before either claims anything.
        if not getattr(arrived, "done", False):
            arrived.done = True
            claim_barrier.wait(timeout=10)
        return original_claim(**kwargs)

    claim_barrier = threading.Barrier(2)
    monkeypatch.setattr(reminders, "reminder_claim", claim_after_both_runs_planned)
    results, errors = _in_threads(lambda barrier: reminders.reminders_send(on=date(2021, 7, 12)))
    assert errors == []
    assert sorted(r.sent for r in results) in ([0, 2], [1, 1])
    assert sum(r.sent for r in results) == 2
    assert sum(r.count(reminders.Outcome.ALREADY_SENT) for r in results) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["caizheng@example.org", "shichang@example.org"]
    assert ReminderLog.objects.count() == 2
