"""generate_synthetic: deterministic by seed, sizes as asked, rows that obey the domain's rules."""

from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count, F

from tasks.models import (
    Assignment,
    AssignmentPeriod,
    DeadlineKind,
    Document,
    ProgressReport,
    ReportingPeriod,
    Role,
    Section,
    Status,
    Task,
)
from tasks.services.synthetic import (
    SyntheticError,
    SyntheticSpec,
    synthetic_data_flush,
    synthetic_data_generate,
)
from units.models import Jurisdiction, JurisdictionRole, Membership, Unit

TODAY = date(2026, 11, 21)
SPEC = SyntheticSpec(jurisdictions=1, units=12, documents=3, tasks=60, seed=7, today=TODAY)


def _snapshot():
    """What must be identical between two runs with the same seed (primary keys aside)."""
    tasks = list(Task.objects.order_by("document__doc_number", "order").values_list(
        "document__doc_number", "order", "text", "deadline_phrase", "due_on", "section__label"))
    per_task = list(Assignment.objects.values("task__document__doc_number", "task__order")
                    .annotate(n=Count("pk")).order_by("task__document__doc_number", "task__order")
                    .values_list("n", flat=True))
    assignments = list(Assignment.objects.order_by("task__document__doc_number", "task__order", "unit__name")
                       .values_list("unit__name", "role", "status", "percent", "due_on", "completed_on"))
    reports = list(ProgressReport.objects.order_by("assignment__task__document__doc_number", "assignment__task__order",
                                                   "assignment__unit__name", "created_at")
                   .values_list("text", "state", "percent", "created_at"))
    return tasks, per_task, assignments, reports


@pytest.mark.django_db
def test_same_seed_gives_identical_data_and_another_seed_does_not():
    synthetic_data_generate(spec=SPEC)
    first = _snapshot()
    synthetic_data_flush()
    assert not Task.objects.exists()
    synthetic_data_generate(spec=SPEC)
    assert _snapshot() == first
    synthetic_data_flush()
    synthetic_data_generate(spec=SyntheticSpec(**{**SPEC.__dict__, "seed": 8}))
    other = _snapshot()
    assert other[0] != first[0]


@pytest.mark.django_db
def test_sizes_are_as_requested():
    counts = synthetic_data_generate(spec=SyntheticSpec(
        jurisdictions=2, units=6, documents=2, tasks=5, reports=37, seed=3, today=TODAY))
    assert Jurisdiction.objects.count() == counts["jurisdictions"] == 2
    assert Unit.objects.count() == 12
    assert Document.objects.count() == 4
    assert Task.objects.count() == 20
    assert ProgressReport.objects.count() == counts["reports"] == 37
    assert Assignment.objects.count() == counts["assignments"] >= 20
    # office staff, a supervisor and one liaison per unit in each jurisdiction
    assert get_user_model().objects.count() == 2 * (6 + 2)
    assert JurisdictionRole.objects.filter(role=JurisdictionRole.Role.OFFICE).count() == 2
    assert JurisdictionRole.objects.filter(role=JurisdictionRole.Role.SUPERVISOR).count() == 2
    assert Membership.objects.count() == 12
    assert not Unit.objects.annotate(n=Count("memberships")).exclude(n=1).exists()


@pytest.mark.django_db
def test_fewer_reports_than_histories_drops_whole_histories():
    synthetic_data_generate(spec=SyntheticSpec(**{**SPEC.__dict__, "reports": 0}))
    assert not ProgressReport.objects.exists()
    assert not Assignment.objects.filter(status__in=[Status.SUBMITTED, Status.COMPLETED, Status.RETURNED]).exists()
    assert not AssignmentPeriod.objects.filter(status=Status.COMPLETED).exists()


@pytest.mark.django_db
def test_data_obeys_the_domain_rules():
    counts = synthetic_data_generate(spec=SPEC)
    tasks = Task.objects.all()
    # mixed deadline kinds, and a provisional share (due dates computed into a year without official schedule)
    kinds = Counter(tasks.values_list("deadline_kind", flat=True))
    for kind in (DeadlineKind.FIXED, DeadlineKind.WORKDAYS_AFTER_ISSUE, DeadlineKind.RECURRING,
                 DeadlineKind.CONTINUOUS, DeadlineKind.NONE):
        assert kinds[kind] > 0, kind
    assert counts["provisional_tasks"] == tasks.filter(due_provisional=True).count() > 0
    no_due = [DeadlineKind.CONTINUOUS, DeadlineKind.NONE]
    assert not tasks.filter(deadline_kind__in=no_due, due_on__isnull=False).exists()
    assert not tasks.filter(deadline_kind=DeadlineKind.FIXED, due_on__isnull=True).exists()
    # realistic Chinese text under numbered sections
    lengths = [len(t) for t in tasks.values_list("text", flat=True)]
    assert min(lengths) >= 8 and 25 <= sum(lengths) / len(lengths) <= 200
    assert all("\u4e00" <= ch <= "\u9fff" for ch in tasks.first().text[:4] if ch not in "“”，。")
    assert Section.objects.filter(level=1, label="一").exists() and Section.objects.filter(label="（一）").exists()
    assert not tasks.filter(section__level=1).exists()
    # several units per task, all three roles, units of the document's jurisdiction only
    per_task = Counter(Assignment.objects.values_list("task_id", flat=True))
    assert max(per_task.values()) >= 4
    assert set(Assignment.objects.values_list("role", flat=True)) == set(Role.values)
    assert not Assignment.objects.exclude(unit__jurisdiction=F("task__document__jurisdiction")).exists()
    # every status occurs; completed ones carry a completion date, others none
    assert set(Assignment.objects.values_list("status", flat=True)) == set(Status.values)
    assert not Assignment.objects.filter(status=Status.COMPLETED, completed_on__isnull=True).exists()
    assert not Assignment.objects.exclude(status=Status.COMPLETED).filter(completed_on__isnull=False).exists()
    assert not Assignment.objects.filter(percent__gt=100).exists()
    # recurring tasks: one period state per assignment and period; effective due date is an open period
    recurring = tasks.filter(deadline_kind=DeadlineKind.RECURRING)
    assert ReportingPeriod.objects.filter(task__in=recurring).count() == counts["periods"] > 0
    for a in Assignment.objects.filter(task__in=recurring).exclude(status=Status.COMPLETED)[:50]:
        assert a.period_states.count() == a.task.periods.count()
        first_open = a.period_states.exclude(status=Status.COMPLETED).order_by("period__index").first()
        assert a.due_on == first_open.period.due_on
    # report history agrees with the assignment's status
    states = set(ProgressReport.State.values)
    assert set(ProgressReport.objects.values_list("state", flat=True)) == states
    for a in Assignment.objects.exclude(task__in=recurring).prefetch_related("reports")[:300]:
        reports = sorted(a.reports.all(), key=lambda r: r.created_at)
        if a.status == Status.NOT_STARTED:
            assert not reports
        if a.status in (Status.SUBMITTED, Status.COMPLETED, Status.RETURNED):
            expected = {Status.SUBMITTED: "submitted", Status.COMPLETED: "accepted", Status.RETURNED: "returned"}
            assert reports[-1].state == expected[a.status]
            assert all(r.state == "returned" for r in reports[:-1])
            assert a.last_reported_at == reports[-1].created_at
    assert not ProgressReport.objects.filter(state="submitted", reviewer__isnull=False).exists()
    assert not ProgressReport.objects.filter(state="returned", review_note="").exists()
    # nothing happened today or later: the reference day is "now"
    assert not ProgressReport.objects.filter(created_at__date__gte=TODAY).exists()
    assert not ProgressReport.objects.filter(reviewed_at__date__gte=TODAY).exists()
    assert not Assignment.objects.filter(completed_on__gte=TODAY).exists()
    assert not ProgressReport.objects.exclude(author__memberships__unit=F("assignment__unit")).exists()


@pytest.mark.django_db
def test_flush_removes_synthetic_rows_only(world):
    synthetic_data_generate(spec=SyntheticSpec(units=5, tasks=6, today=TODAY))
    synthetic_data_flush()
    assert list(Jurisdiction.objects.order_by("name").values_list("name", flat=True)) == ["冠县", "薛城区"]
    assert Assignment.objects.count() == 3 and Task.objects.count() == 2
    assert get_user_model().objects.filter(username="caizheng").exists()
    assert not get_user_model().objects.filter(username__startswith="syn01-").exists()


@pytest.mark.django_db
def test_command_prints_counts_and_seconds_and_refuses_a_second_run_without_flush():
    out = StringIO()
    args = ["--units", "5", "--tasks", "6", "--reports", "4", "--seed", "2", "--today", "2026-11-21"]
    call_command("generate_synthetic", *args, stdout=out)
    assert "tasks 6" in out.getvalue() and "reports 4" in out.getvalue() and " s (seed 2)" in out.getvalue()
    with pytest.raises(CommandError, match="--flush"):
        call_command("generate_synthetic", *args, stdout=StringIO())
    out = StringIO()
    call_command("generate_synthetic", *args, "--flush", stdout=out)
    assert "flushed" in out.getvalue() and Task.objects.count() == 6 and ProgressReport.objects.count() == 4


@pytest.mark.parametrize("field,value", [("units", 2), ("tasks", 0), ("jurisdictions", 0), ("reports", -1)])
def test_bad_sizes_are_refused(field, value):
    with pytest.raises(SyntheticError):
        SyntheticSpec(**{field: value}).check()
