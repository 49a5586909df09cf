"""Deadlines set in the portal and batch work: the services keep history, respect their bounds and
change nothing when they refuse."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tasks.bounds import MAX_BATCH_REVIEWS, MAX_BATCH_TASKS, MAX_BATCH_URGES
from tasks.models import Assignment, CalendarDay, DeadlineKind, ExtensionRequest, ProgressReport, Status, Task, Urge
from tasks.services.assignments import effective_due
from tasks.services.due_dates import DeadlineError, assignment_due_set, tasks_deadline_set
from tasks.services.extensions import extension_decide
from tasks.services.reports import ReportError, progress_reports_review
from tasks.services.urging import UrgeError, urges_send
from tests import factories

pytestmark = pytest.mark.django_db


def _tasks(world, n):
    return [factories.task(document=world.document, number=str(i + 2)) for i in range(n)]


def test_one_phrase_for_many_tasks_resolves_each_and_keeps_history_with_reason(world):
    tasks = [world.task, *_tasks(world, 2)]
    factories.assignment(task=tasks[1], unit=world.unit)
    changed = tasks_deadline_set(tasks=tasks, phrase="11月底前", user=world.office, reason="补充期限")
    assert changed == 3
    for task in Task.objects.filter(pk__in=[t.pk for t in tasks]):
        assert (task.deadline_phrase, task.deadline_kind, task.due_on) == ("11月底前", DeadlineKind.FIXED,
                                                                          date(2021, 11, 30))
        latest = task.history.first()
        assert latest.history_change_reason == "补充期限"
        assert latest.history_user == world.office
    assert Assignment.objects.get(task=tasks[1], unit=world.unit).due_on == date(2021, 11, 30)
    world.assignment.refresh_from_db()
    assert world.assignment.due_on == date(2021, 11, 30)


def test_a_date_becomes_a_fixed_deadline(world):
    tasks_deadline_set(tasks=[world.task], due_on=date(2021, 9, 30), user=world.office, reason="更正")
    world.task.refresh_from_db()
    assert world.task.due_on == date(2021, 9, 30)
    assert world.task.deadline_kind == DeadlineKind.FIXED


def test_working_days_count_with_the_jurisdictions_own_calendar(world):
    """本要点发布3个工作日内 from Wed 2021-06-23: a local day off on the 24th moves the date on."""
    tasks_deadline_set(tasks=[world.task], phrase="本要点发布3个工作日内", user=world.office, reason="r")
    world.task.refresh_from_db()
    before = world.task.due_on
    CalendarDay.objects.create(jurisdiction=world.j, date=date(2021, 6, 24), is_working=False)
    tasks_deadline_set(tasks=[world.task], phrase="本要点发布3个工作日内 ", user=world.office, reason="r2")
    world.task.refresh_from_db()
    assert world.task.due_on > before


@pytest.mark.parametrize("kwargs, words", [
    ({"phrase": "2月30日前"}, "No due date"),
    ({"phrase": "x" * 201}, "200"),
    ({"due_on": date(1999, 1, 1)}, "outside"),
    ({}, "either"),
    ({"phrase": "6月底前", "due_on": date(2021, 6, 30)}, "either"),
    ({"phrase": "6月底前", "reason": ""}, "why"),
    ({"phrase": "6月底前", "reason": "x" * 101}, "100"),
])
def test_a_refused_deadline_changes_nothing(world, kwargs, words):
    other = _tasks(world, 1)[0]
    before = list(Task.objects.order_by("pk").values_list("deadline_phrase", "due_on"))
    history = Task.history.count()
    kwargs.setdefault("reason", "更正")
    with pytest.raises(DeadlineError) as exc:
        tasks_deadline_set(tasks=[world.task, other], user=world.office, **kwargs)
    assert words in exc.value.message
    assert list(Task.objects.order_by("pk").values_list("deadline_phrase", "due_on")) == before
    assert Task.history.count() == history


def test_more_tasks_than_the_bound_are_refused_before_any_work(world):
    with CaptureQueriesContext(connection) as queries, pytest.raises(DeadlineError) as exc:
        tasks_deadline_set(tasks=list(range(1, MAX_BATCH_TASKS + 2)), phrase="6月底前", user=world.office,
                           reason="r")
    assert str(MAX_BATCH_TASKS) in exc.value.message
    assert not [q for q in queries.captured_queries if "tasks_" in q["sql"]]  # only the savepoint


def test_one_unit_gets_its_own_date_and_effective_due_respects_it(world):
    tasks_deadline_set(tasks=[world.task], phrase="11月底前", user=world.office, reason="r")
    own = date(2021, 12, 20)
    fresh = assignment_due_set(assignment=world.assignment, due_on=own, user=world.office, reason="单位申请")
    assert fresh.due_on == own and fresh.due_override == own
    assert effective_due(fresh) == (own, False)
    assert fresh.history.first().history_change_reason == "单位申请"
    world.other_assignment.refresh_from_db()
    assert world.other_assignment.due_on == date(2021, 11, 30)
    # A later change of the task's deadline leaves the unit's own date alone.
    tasks_deadline_set(tasks=[world.task], phrase="10月底前", user=world.office, reason="r")
    world.assignment.refresh_from_db()
    assert world.assignment.due_on == own
    # Clearing it brings the task's date back.
    cleared = assignment_due_set(assignment=world.assignment, due_on=None, user=world.office, reason="撤销")
    assert cleared.due_on == date(2021, 10, 31) and cleared.due_override is None


def test_an_extension_granted_later_replaces_the_units_own_date(world):
    assignment_due_set(assignment=world.assignment, due_on=date(2021, 12, 20), user=world.office, reason="r")
    request = ExtensionRequest.objects.create(
        assignment=world.assignment, requested_by=world.liaison, requested_due=date(2022, 1, 20), reason="x",
    )
    extension_decide(request=request, user=world.office, approve=True)
    world.assignment.refresh_from_db()
    assert (world.assignment.due_on, world.assignment.due_override) == (date(2022, 1, 20), None)


def test_own_date_with_a_stale_version_is_refused(world):
    from tasks.services.errors import ConflictError

    with pytest.raises(ConflictError):
        assignment_due_set(assignment=world.assignment, due_on=date(2021, 12, 1), user=world.office, reason="r",
                           version=world.assignment.version + 5)
    world.assignment.refresh_from_db()
    assert world.assignment.due_override is None


def test_batch_urge_sends_one_urge_per_open_assignment_and_skips_completed(world):
    Assignment.objects.filter(pk=world.other_assignment.pk).update(status=Status.COMPLETED)
    rows = Assignment.objects.filter(pk__in=[world.assignment.pk, world.other_assignment.pk])
    sent, skipped = urges_send(assignments=rows, user=world.office, message="请尽快报送")
    assert (len(sent), skipped) == (1, 1)
    assert list(Urge.objects.values_list("assignment_id", "message")) == [(world.assignment.pk, "请尽快报送")]
    assert world.liaison.notifications.count() == 1


@pytest.mark.parametrize("message, count", [("", 1), ("请报送", MAX_BATCH_URGES + 1)])
def test_refused_batch_urge_sends_nothing(world, message, count):
    rows = [world.assignment] * 1 + [Assignment(pk=10_000 + i) for i in range(count - 1)]
    with pytest.raises(UrgeError):
        urges_send(assignments=rows, user=world.office, message=message)
    assert not Urge.objects.exists()


def test_bulk_accept_reviews_every_report_in_order(world):
    first = factories.report(assignment=world.assignment, author=world.liaison, percent=40)
    second = factories.report(assignment=world.assignment, author=world.liaison, percent=100)
    third = factories.report(assignment=world.other_assignment, author=world.other_liaison, percent=100)
    assert progress_reports_review(reports=[third, second, first], user=world.office, accept=True) == 3
    assert set(ProgressReport.objects.values_list("state", flat=True)) == {ProgressReport.State.ACCEPTED}
    world.assignment.refresh_from_db()
    assert (world.assignment.status, world.assignment.percent) == (Status.COMPLETED, 100)


def test_bulk_return_needs_one_comment_and_refusal_changes_nothing(world):
    first = factories.report(assignment=world.assignment, author=world.liaison)
    done = factories.report(assignment=world.other_assignment, author=world.other_liaison,
                            state=ProgressReport.State.ACCEPTED, reviewed_at=timezone.now())
    with pytest.raises(ReportError):
        progress_reports_review(reports=[first], user=world.office, accept=False, note="")
    with pytest.raises(ReportError):  # one of them was already reviewed: none is
        progress_reports_review(reports=[first, done], user=world.office, accept=False, note="缺少链接")
    first.refresh_from_db()
    assert first.state == ProgressReport.State.SUBMITTED
    assert progress_reports_review(reports=[first], user=world.office, accept=False, note="缺少链接") == 1
    first.refresh_from_db()
    assert (first.state, first.review_note) == (ProgressReport.State.RETURNED, "缺少链接")


def test_too_many_reports_at_once_are_refused(world):
    with pytest.raises(ReportError) as exc:
        progress_reports_review(reports=list(range(1, MAX_BATCH_REVIEWS + 2)), user=world.office, accept=True)
    assert str(MAX_BATCH_REVIEWS) in exc.value.message


def test_event_date_still_recomputes(world):
    """The office's phrase may count from an event; the event date then gives the due date."""
    tasks_deadline_set(tasks=[world.task], phrase="决策文件出台后的10个工作日内", user=world.office, reason="r")
    world.task.refresh_from_db()
    assert world.task.deadline_kind == DeadlineKind.EVENT
