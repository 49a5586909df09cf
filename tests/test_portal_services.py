"""Write services behind the portal: reports, review, urge, extensions, assigning, publishing."""

import os
from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from tasks.models import (
    Assignment,
    AssignmentPeriod,
    Attachment,
    ExtensionRequest,
    Notification,
    ProgressReport,
    ReportingPeriod,
    Role,
    Status,
    Urge,
)
from tasks.services.assignments import (
    AssignmentError,
    assignment_acknowledge,
    assignment_add,
    assignment_change_role,
    assignment_remove,
    task_pick_vague_units,
)
from tasks.services.errors import ConflictError
from tasks.services.extensions import ExtensionError, extension_decide, extension_request
from tasks.services.publishing import document_publish
from tasks.services.reports import ReportError, progress_report_review, progress_report_submit
from tasks.services.urging import UrgeError, urge_send
from tests import factories
from tests import factories_portal as fp
from tests.html import by_testid, find, text

pytestmark = pytest.mark.django_db


def submit(world, **kw):
    kw.setdefault("text", "已在政府网站公开。")
    kw.setdefault("percent", 100)
    return progress_report_submit(assignment=world.assignment, user=world.liaison, **kw)


def fresh(assignment):
    return Assignment.objects.get(pk=assignment.pk)


def test_submit_marks_submitted_saves_links_and_files_and_notifies_office(world):
    report = submit(world, evidence_urls=["http://www.xuecheng.gov.cn/a ", "", "https://x.gov.cn/b"],
                    files=[fp.upload("方案.pdf"), fp.upload("table.xlsx", b"PK")])
    assert report.evidence_urls == ["http://www.xuecheng.gov.cn/a", "https://x.gov.cn/b"]
    assert sorted(a.original_name for a in report.attachments.all()) == ["table.xlsx", "方案.pdf"]
    assignment = fresh(world.assignment)
    assert assignment.status == Status.SUBMITTED and assignment.last_reported_at is not None
    assert assignment.version == 2
    assert Notification.objects.filter(recipient=world.office, kind=Notification.Kind.REPORT_SUBMITTED).exists()
    assert not Notification.objects.filter(recipient=world.other_office).exists()


@pytest.mark.parametrize("upload", [
    fp.upload("macro.exe", b"MZ"),
    fp.upload("big.pdf", b"x", size=21 * 1024 * 1024),
])
def test_refused_file_saves_nothing(world, settings, upload):
    settings.OPENSCHED_MAX_UPLOAD_MB = 20
    before = set(os.listdir(settings.MEDIA_ROOT)) if os.path.isdir(settings.MEDIA_ROOT) else set()
    with pytest.raises(ReportError):
        submit(world, files=[fp.upload("ok.pdf"), upload])
    assert not ProgressReport.objects.exists() and not Attachment.objects.exists()
    assert fresh(world.assignment).status == Status.NOT_STARTED
    after = set(os.listdir(settings.MEDIA_ROOT)) if os.path.isdir(settings.MEDIA_ROOT) else set()
    assert after == before


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://x.gov.cn/a", "example org"])
def test_evidence_link_must_be_http(world, url):
    with pytest.raises(ReportError):
        submit(world, evidence_urls=[url])
    assert not ProgressReport.objects.exists()


def test_percent_out_of_range_is_refused(world):
    with pytest.raises(ValidationError):
        submit(world, percent=120)


def test_two_reports_at_once_are_both_kept(world):
    """Reports are rows of their own: a second report by another liaison is never lost."""
    second = factories.liaison(unit=world.unit)
    stale = fresh(world.assignment)  # both liaisons loaded the page at version 1
    progress_report_submit(assignment=stale, user=world.liaison, text="一", percent=40)
    progress_report_submit(assignment=stale, user=second, text="二", percent=60)
    assert sorted(ProgressReport.objects.values_list("text", flat=True)) == ["一", "二"]
    assert fresh(world.assignment).version == 3


@time_machine.travel(date(2021, 7, 20))
def test_accepted_full_report_completes_on_review_date(world):
    report = submit(world, percent=100)
    progress_report_review(report=report, user=world.office, accept=True, version=fresh(world.assignment).version)
    assignment = fresh(world.assignment)
    assert assignment.status == Status.COMPLETED and assignment.percent == 100
    assert assignment.completed_on == date(2021, 7, 20)
    report.refresh_from_db()
    assert report.state == ProgressReport.State.ACCEPTED and report.reviewer == world.office
    assert Notification.objects.filter(recipient=world.liaison, kind=Notification.Kind.REPORT_ACCEPTED).exists()


def test_accepted_partial_report_leaves_it_in_progress_with_percent(world):
    report = submit(world, percent=60)
    progress_report_review(report=report, user=world.office, accept=True)
    assignment = fresh(world.assignment)
    assert (assignment.status, assignment.percent, assignment.completed_on) == (Status.IN_PROGRESS, 60, None)


def test_returned_report_needs_a_comment_and_the_unit_is_told(world):
    report = submit(world, percent=100)
    with pytest.raises(ReportError):
        progress_report_review(report=report, user=world.office, accept=False, note="  ")
    progress_report_review(report=report, user=world.office, accept=False, note="请补充公开链接")
    assert fresh(world.assignment).status == Status.RETURNED
    note = Notification.objects.get(recipient=world.liaison, kind=Notification.Kind.REPORT_RETURNED)
    assert note.body == "请补充公开链接"


def test_a_report_cannot_be_reviewed_twice(world):
    report = submit(world)
    progress_report_review(report=report, user=world.office, accept=False, note="缺附件")
    with pytest.raises(ReportError):
        progress_report_review(report=report, user=world.office, accept=True)


def test_review_with_a_stale_version_is_a_conflict_and_changes_nothing(world):
    report = submit(world, percent=100)
    stale = fresh(world.assignment).version
    assignment_acknowledge(assignment=world.assignment, user=world.liaison)  # someone else changes it
    with pytest.raises(ConflictError):
        progress_report_review(report=report, user=world.office, accept=True, version=stale)
    report.refresh_from_db()
    assert report.state == ProgressReport.State.SUBMITTED
    assert fresh(world.assignment).status == Status.SUBMITTED


def test_other_waiting_reports_keep_the_assignment_submitted(world):
    first = submit(world, percent=30)
    submit(world, percent=50)
    progress_report_review(report=first, user=world.office, accept=False, note="不完整")
    assert fresh(world.assignment).status == Status.SUBMITTED


def test_role_change_with_stale_version_raises_conflict_and_keeps_first_change(world):
    version = world.assignment.version
    assignment_change_role(assignment=world.assignment, role=Role.LEAD, version=version, user=world.office)
    with pytest.raises(ConflictError):
        assignment_change_role(assignment=world.assignment, role=Role.COOPERATING, version=version,
                               user=world.supervisor)
    assert fresh(world.assignment).role == Role.LEAD


def test_updates_through_queryset_are_in_the_history(world):
    assignment_change_role(assignment=world.assignment, role=Role.LEAD, version=1, user=world.office)
    last = Assignment.history.filter(id=world.assignment.pk).order_by("-history_date").first()
    assert last.role == Role.LEAD and last.history_user == world.office and last.history_type == "~"


def test_urge_records_and_notifies_the_unit(world):
    urge = urge_send(assignment=world.assignment, user=world.office, message="请尽快报送")
    assert Urge.objects.get() == urge
    assert Notification.objects.get(recipient=world.liaison, kind=Notification.Kind.URGE).body == "请尽快报送"
    assert not Notification.objects.filter(recipient=world.other_liaison).exists()
    with pytest.raises(UrgeError):
        urge_send(assignment=world.assignment, user=world.office, message=" ")


@time_machine.travel(date(2021, 7, 1))
def test_extension_approval_moves_due_date_and_keeps_the_original(world):
    Assignment.objects.filter(pk=world.assignment.pk).update(due_on=date(2021, 7, 15))
    request = extension_request(assignment=fresh(world.assignment), user=world.liaison,
                                requested_due=date(2021, 8, 31), reason="需协调多部门")
    assert Notification.objects.filter(recipient=world.office, kind=Notification.Kind.EXTENSION_REQUESTED).exists()
    with pytest.raises(ExtensionError):  # one pending request at a time
        extension_request(assignment=fresh(world.assignment), user=world.liaison,
                          requested_due=date(2021, 9, 30), reason="再延")
    extension_decide(request=request, user=world.office, approve=True, version=fresh(world.assignment).version)
    request.refresh_from_db()
    assert request.state == ExtensionRequest.State.APPROVED
    assert request.original_due == date(2021, 7, 15) and request.requested_due == date(2021, 8, 31)
    assert fresh(world.assignment).due_on == date(2021, 8, 31)
    assert Notification.objects.filter(recipient=world.liaison, kind=Notification.Kind.EXTENSION_DECIDED).exists()


@time_machine.travel(date(2021, 7, 1))
def test_extension_refusal_needs_a_note_and_keeps_due_date(world):
    Assignment.objects.filter(pk=world.assignment.pk).update(due_on=date(2021, 7, 15))
    request = extension_request(assignment=fresh(world.assignment), user=world.liaison,
                                requested_due=date(2021, 8, 31), reason="人手不足")
    with pytest.raises(ExtensionError):
        extension_decide(request=request, user=world.office, approve=False)
    extension_decide(request=request, user=world.office, approve=False, note="按期完成")
    assert fresh(world.assignment).due_on == date(2021, 7, 15)
    with pytest.raises(ExtensionError):
        extension_decide(request=request, user=world.office, approve=True)


@time_machine.travel(date(2021, 7, 1))
def test_extension_must_be_later_than_current_due(world):
    Assignment.objects.filter(pk=world.assignment.pk).update(due_on=date(2021, 7, 15))
    with pytest.raises(ExtensionError):
        extension_request(assignment=fresh(world.assignment), user=world.liaison,
                          requested_due=date(2021, 7, 10), reason="x")


def test_acknowledge_once(world):
    assignment_acknowledge(assignment=world.assignment, user=world.liaison)
    first = fresh(world.assignment)
    assignment_acknowledge(assignment=world.assignment, user=world.other_liaison)
    again = fresh(world.assignment)
    assert again.acknowledged_by == world.liaison and again.acknowledged_at == first.acknowledged_at


def test_assign_add_remove_and_rules(world):
    unit = factories.unit(jurisdiction=world.j, name="区教体局")
    assignment = assignment_add(task=world.task, unit=unit, role=Role.COOPERATING, user=world.office)
    assert assignment.role == Role.COOPERATING
    with pytest.raises(AssignmentError):
        assignment_add(task=world.task, unit=unit, role=Role.LEAD, user=world.office)
    with pytest.raises(AssignmentError):
        assignment_add(task=world.task, unit=world.foreign_unit, role=Role.LEAD, user=world.office)
    assignment_remove(assignment=assignment, user=world.office)
    assert not Assignment.objects.filter(pk=assignment.pk).exists()
    factories.report(assignment=world.assignment, author=world.liaison)
    with pytest.raises(AssignmentError):
        assignment_remove(assignment=world.assignment, user=world.office)


def test_new_assignment_takes_the_task_due_date(world):
    world.task.due_on, world.task.due_provisional = date(2027, 3, 1), True
    world.task.save()
    unit = factories.unit(jurisdiction=world.j)
    assignment = assignment_add(task=world.task, unit=unit, role=Role.RESPONSIBLE, user=world.office)
    assert (assignment.due_on, assignment.due_provisional) == (date(2027, 3, 1), True)


def test_picking_units_for_a_vague_reference_assigns_them_and_clears_the_flag(world):
    world.task.flags = ["vague_units", "more_units_implied"]
    world.task.save()
    a, b = factories.unit(jurisdiction=world.j), factories.unit(jurisdiction=world.j)
    created = task_pick_vague_units(task=world.task, units=[a, b, world.unit], role=Role.RESPONSIBLE,
                                    user=world.office)
    assert {x.unit for x in created} == {a, b}
    world.task.refresh_from_db()
    assert world.task.flags == ["more_units_implied"]


@time_machine.travel(date(2021, 4, 2))
def test_period_report_completes_that_period_and_moves_the_due_date(world):
    task = world.task
    q1 = ReportingPeriod.objects.create(task=task, index=0, label="一季度", starts_on=date(2021, 1, 1),
                                        due_on=date(2021, 3, 31))
    ReportingPeriod.objects.create(task=task, index=1, label="二季度", starts_on=date(2021, 4, 1),
                                   due_on=date(2021, 6, 30))
    with pytest.raises(ReportError):
        submit(world, percent=100)  # the period must be chosen
    report = submit(world, percent=100, period=q1)
    progress_report_review(report=report, user=world.office, accept=True)
    assignment = fresh(world.assignment)
    assert AssignmentPeriod.objects.get(assignment=assignment, period=q1).status == Status.COMPLETED
    assert assignment.status == Status.IN_PROGRESS and assignment.percent == 50
    assert assignment.due_on == date(2021, 6, 30)


def test_publish_and_withdraw(world):
    before = world.document.content_changed_at
    document_publish(document=world.document, user=world.office, published=True)
    world.document.refresh_from_db()
    assert world.document.is_published and world.document.published_at is not None
    assert world.document.content_changed_at > before
    document_publish(document=world.document, user=world.office, published=False)
    world.document.refresh_from_db()
    assert not world.document.is_published and world.document.published_at is None


def test_urging_a_completed_assignment_is_refused(world):
    Assignment.objects.filter(pk=world.assignment.pk).update(status=Status.COMPLETED,
                                                             completed_on=timezone.localdate() - timedelta(days=1))
    with pytest.raises(UrgeError):
        urge_send(assignment=fresh(world.assignment), user=world.office, message="x")


def test_accepting_100_percent_does_not_complete_while_a_later_report_waits(world):
    from tasks.models import Status
    from tasks.services.reports import progress_report_review, progress_report_submit

    first = progress_report_submit(assignment=world.assignment, user=world.liaison, text="已完成", percent=100)
    second = progress_report_submit(assignment=world.assignment, user=world.liaison, text="补充更正", percent=60)
    progress_report_review(report=first, user=world.office, accept=True)
    world.assignment.refresh_from_db()
    assert world.assignment.status == Status.SUBMITTED and world.assignment.completed_on is None
    progress_report_review(report=second, user=world.office, accept=True)
    world.assignment.refresh_from_db()
    # The unit's latest word was 60%: the assignment follows it, in progress.
    assert world.assignment.status == Status.IN_PROGRESS and world.assignment.percent == 60
    assert world.assignment.completed_on is None


def test_the_latest_accepted_report_completes_whatever_the_review_order(world):
    from tasks.models import Status
    from tasks.services.reports import progress_report_review, progress_report_submit

    first = progress_report_submit(assignment=world.assignment, user=world.liaison, text="进行中", percent=40)
    second = progress_report_submit(assignment=world.assignment, user=world.liaison, text="已完成", percent=100)
    progress_report_review(report=second, user=world.office, accept=True)
    world.assignment.refresh_from_db()
    assert world.assignment.status == Status.SUBMITTED  # the first still waits
    progress_report_review(report=first, user=world.office, accept=True)
    world.assignment.refresh_from_db()
    assert world.assignment.status == Status.COMPLETED and world.assignment.percent == 100


@time_machine.travel(date(2021, 4, 2))
def test_accepted_partial_progress_of_a_period_moves_the_whole(world, client):
    """55% accepted for the first of four quarters: the period shows 55%, the whole 14%, in the
    assignment, the ledger's Excel and the overview's average progress."""
    import io

    from django.urls import reverse
    from openpyxl import load_workbook

    task = world.task
    quarters = [ReportingPeriod.objects.create(task=task, index=i, label=f"第{i + 1}季度",
                                               starts_on=date(2021, 3 * i + 1, 1), due_on=date(2021, 3 * i + 3, 28))
                for i in range(4)]
    report = submit(world, percent=55, period=quarters[0])
    progress_report_review(report=report, user=world.office, accept=True)
    assignment = fresh(world.assignment)
    assert AssignmentPeriod.objects.get(assignment=assignment, period=quarters[0]).percent == 55
    assert assignment.status == Status.IN_PROGRESS and assignment.percent == 14
    client.force_login(world.office)
    page = client.get(reverse("portal:assignment_detail", args=[assignment.pk])).content.decode()
    assert 'data-testid="period-percent">55%' in page
    overview = client.get(reverse("portal:overview")).content.decode()
    assert f'data-unit="{world.unit.name}"' in overview
    row = find(overview, f'//tr[@data-unit="{world.unit.name}"]')
    assert text(by_testid(row, "unit-progress")) == "14%"
    response = client.get(reverse("exports:document_ledger", args=[world.document.pk]), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert any(isinstance(v, str) and "区财政局：推进中 14%" in v for v in values)  # the status cell


def test_an_evidence_link_without_scheme_is_completed_with_http():
    from tasks.services.reports import evidence_urls_clean

    assert evidence_urls_clean(["www.xuecheng.gov.cn/zwgk/1.html", "xc.gov.cn", "https://a.gov.cn/x"]) == [
        "http://www.xuecheng.gov.cn/zwgk/1.html", "http://xc.gov.cn", "https://a.gov.cn/x"]
    with pytest.raises(ReportError):
        evidence_urls_clean(["not a link"])


@time_machine.travel(date(2021, 5, 10))
def test_the_report_form_preselects_the_current_period(world):
    from tasks.forms.reports import ReportForm

    q1 = ReportingPeriod.objects.create(task=world.task, index=0, label="一季度", starts_on=date(2021, 1, 1),
                                        due_on=date(2021, 3, 31))
    q2 = ReportingPeriod.objects.create(task=world.task, index=1, label="二季度", starts_on=date(2021, 4, 1),
                                        due_on=date(2021, 6, 30))
    assert ReportForm(task=world.task, has_periods=True).fields["period"].initial == q2.pk
    q2.delete()
    assert ReportForm(task=world.task, has_periods=True).fields["period"].initial == q1.pk  # the only one


def test_a_failed_report_form_names_the_files_to_choose_again(world, client):
    from django.urls import reverse

    from tests import factories_portal as fp

    client.force_login(world.liaison)
    response = client.post(reverse("portal:report_submit", args=[world.assignment.pk]),
                           {"text": "", "percent": "50", "attachments": [fp.upload("证明.pdf")]})
    page = response.content.decode()
    assert 'data-testid="choose-again"' in page and "证明.pdf" in page
