"""Builders for the public pages and the year-over-year review: documents shaped like the seeds."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from tasks.models import Attachment, ProgressReport, Status
from tests import factories


def days(n: int) -> date:
    """A date n days from today (negative: in the past), in the site's time zone."""
    return timezone.localdate() + timedelta(days=n)


def document_with_tasks(*, jurisdiction, units, n_tasks: int, published: bool = True, **kw):
    """A document with two top-level sections (the second with a sub-section) and n tasks over them.

    Task i is assigned to units[i % len(units)] (and the next unit too when i is even).
    """
    document = factories.document(jurisdiction=jurisdiction, is_published=published, **kw)
    one = factories.section(document=document, label="一、", title="深化重点领域政府信息公开", order=1)
    two = factories.section(document=document, label="二、", title="加强政策解读回应", order=2)
    two_one = factories.section(document=document, label="（一）", title="做好政策解读", parent=two, level=2, order=3)
    sections = [one, two, two_one]
    tasks = []
    for i in range(n_tasks):
        task = factories.task(document=document, section=sections[i % 3], number=str(i + 1),
                              text=f"第{i + 1}项任务：做好信息公开。", deadline_phrase="2021年年底前",
                              due_on=date(2021, 12, 31))
        factories.assignment(task=task, unit=units[i % len(units)], due_on=date(2021, 12, 31))
        if i % 2 == 0 and len(units) > 1:
            factories.assignment(task=task, unit=units[(i + 1) % len(units)], due_on=date(2021, 12, 31))
        tasks.append(task)
    return document, sections, tasks


def accepted_report(*, assignment, author, reviewer=None, evidence_urls=(), text="已公开。", reviewed_at=None,
                    complete: bool = True) -> ProgressReport:
    report = factories.report(
        assignment=assignment, author=author, text=text, percent=100, evidence_urls=list(evidence_urls),
        state=ProgressReport.State.ACCEPTED, reviewer=reviewer, reviewed_at=reviewed_at or timezone.now(),
    )
    if complete:
        type(assignment).objects.filter(pk=assignment.pk).update(
            status=Status.COMPLETED, completed_on=timezone.localdate(), percent=100
        )
    return report


def attachment(*, report, name="证明材料.pdf", content=b"%PDF-1.4 test file", is_public=False) -> Attachment:
    item = Attachment(report=report, original_name=name, size=len(content), content_type="application/pdf",
                      is_public=is_public)
    item.file.save(name, ContentFile(content), save=False)
    item.save()
    return item


def xuecheng_2019(*, jurisdiction, units, liaison=None):
    """A document like seed 004's 薛政办发〔2019〕18号 (annex rows with a section path, no section), with
    tasks in every final state, and the procedure 19号 that has no tasks.

    Returns (document, tasks) where tasks maps a state name to its task:
    on_time, late, overdue (two units: one done, one not), open (due in the future), unassigned.
    """
    from tasks.models import Assignment, Role

    document = factories.document(jurisdiction=jurisdiction, title="2019年薛城区政务公开工作要点",
                                  doc_number="薛政办发〔2019〕18号", issued_on=date(2019, 9, 30))
    factories.document(jurisdiction=jurisdiction, title="区政府常务会议议题提报工作办法",
                       doc_number="薛政办发〔2019〕19号", issued_on=date(2019, 10, 1))
    path = ["深化重点领域信息公开", "推进行政执法信息公开"]
    due = date(2019, 12, 31)
    specs = {
        "on_time": "推进新旧动能转换重大工程信息公开。",
        "late": "推进乡村振兴信息公开。",
        "overdue": "推进行政执法信息公开。",
        "open": "推进社会信用体系建设。",
        "unassigned": "推进公共企事业单位信息公开。",
    }
    tasks = {}
    for number, (state, text) in enumerate(specs.items(), start=1):
        tasks[state] = factories.task(document=document, number=str(number), heading=text[2:-1], text=text,
                                      section_path=path, deadline_phrase="2019年12月底前", due_on=due)
    first, second = units[0], units[1]
    factories.assignment(task=tasks["on_time"], unit=first, due_on=due, status=Status.COMPLETED,
                         completed_on=date(2019, 12, 20))
    factories.assignment(task=tasks["late"], unit=first, due_on=due, status=Status.COMPLETED,
                         completed_on=date(2020, 1, 15))
    factories.assignment(task=tasks["overdue"], unit=first, role=Role.LEAD, due_on=due, status=Status.COMPLETED,
                         completed_on=date(2019, 12, 1))
    factories.assignment(task=tasks["overdue"], unit=second, due_on=due, status=Status.IN_PROGRESS)
    factories.assignment(task=tasks["open"], unit=second, due_on=days(30), status=Status.IN_PROGRESS)
    assert Assignment.objects.filter(task__document=document).count() == 5
    return document, tasks


PRIVATE = {
    "review comment": "请补充佐证材料-私密批注",
    "returned text": "退回的进展情况-不应公开",
    "pending text": "待审核的进展情况-不应公开",
    "private file": "内部签报-不公开.pdf",
}


def plant_published(world):
    """Publish the world's document with a task in each public state, and plant what must stay private:
    a review comment, a returned report's text and evidence, a pending report, a private attachment and a
    public attachment on a returned report. Adds public_file, private_file, returned_public_file, done_task,
    overdue_task to ``world``.
    """
    from tasks.models import Assignment, Document

    Document.objects.filter(pk=world.document.pk).update(is_published=True, published_at=timezone.now())
    world.document.refresh_from_db()
    section = factories.section(document=world.document, label="一、", title="推进决策公开", order=1)
    sub = factories.section(document=world.document, label="（一）", title="做好决策预公开", parent=section, level=2,
                            order=2)
    world.task.section = sub
    world.task.save()
    done_task = factories.task(document=world.document, section=section, number="2", text="完成的任务。")
    overdue_task = factories.task(document=world.document, section=section, number="3", text="逾期的任务。",
                                  deadline_phrase="于7月15日前")
    done = factories.assignment(task=done_task, unit=world.unit, status=Status.COMPLETED, completed_on=days(-3))
    factories.assignment(task=overdue_task, unit=world.unit, due_on=days(-1))
    factories.assignment(task=overdue_task, unit=world.other_unit, status=Status.COMPLETED, completed_on=days(-5))
    world.assignment.due_on = days(10)
    world.assignment.save()

    good = accepted_report(assignment=done, author=world.liaison, reviewer=world.office, complete=False,
                           evidence_urls=["http://www.xuecheng.gov.cn/zwgk/2021/1.html", "javascript:alert(1)"])
    world.public_file = attachment(report=good, name="公开的证明.pdf", is_public=True)
    world.private_file = attachment(report=good, name=PRIVATE["private file"], is_public=False)
    returned = factories.report(
        assignment=world.assignment, author=world.liaison, text=PRIVATE["returned text"],
        evidence_urls=["http://example.org/returned-evidence"], state=ProgressReport.State.RETURNED,
        reviewer=world.office, review_note=PRIVATE["review comment"], reviewed_at=timezone.now(),
    )
    world.returned_public_file = attachment(report=returned, name="退回报告附件.pdf", is_public=True)
    factories.report(assignment=world.other_assignment, author=world.other_liaison, text=PRIVATE["pending text"])
    # As the services leave them: a returned report's assignment is returned, a pending one's submitted.
    Assignment.objects.filter(pk=world.assignment.pk).update(status=Status.RETURNED)
    Assignment.objects.filter(pk=world.other_assignment.pk).update(status=Status.SUBMITTED)
    world.done_task, world.overdue_task = done_task, overdue_task
    return world


def private_strings(world) -> list[str]:
    """Everything plant_published planted that no public page or JSON may contain."""
    return [*PRIVATE.values(), world.liaison.username, world.other_liaison.username, world.office.username,
            "returned-evidence", "退回报告附件", "javascript:"]
