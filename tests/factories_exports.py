"""A small document with two parts, several units per task and accepted reports, for export tests."""

from datetime import date, datetime
from types import SimpleNamespace

from django.utils import timezone

from tasks.models import Assignment, ProgressReport, Role, Status
from tests import factories

INJECTIONS = ["=cmd|' /C calc'!A0", "+1", "@SUM(A1)", "\t=1", "-2+3", "\r=1"]
TODAY = date(2021, 7, 12)


def ledger_document(world) -> SimpleNamespace:
    """The world's document, titled like seed 000, with two parts and five tasks.

    Part 一 has three tasks; the first has a lead and a responsible unit, one completed with an
    accepted report whose text is a formula; part 二 has two tasks, one overdue and one with an
    event deadline (no date). The world's own task (no section) comes first.
    """
    document = world.document
    document.title = "2021年薛城区政务公开工作要点"
    document.issuer = "薛城区人民政府办公室"
    document.save()
    type(world.task).objects.filter(pk=world.task.pk).update(order=1)
    part1 = factories.section(document=document, label="一、", title="深化重点领域政府信息公开", order=1)
    part2 = factories.section(document=document, label="二、", title="加强和改进政策发布解读回应", order=2)
    sub = factories.section(document=document, label="（一）", title="推进重大事项领域政务公开", order=3, parent=part1)
    path1 = ["一、深化重点领域政府信息公开", "（一）推进重大事项领域政务公开"]
    path2 = ["二、加强和改进政策发布解读回应"]
    third = factories.unit(jurisdiction=world.j, name="区发展和改革局", short_name="区发改局")
    tasks = [
        factories.task(
            document=document, section=sub, section_path=path1, order=10,
            text="主动公开我区“十四五”规划和专项规划。", deadline_phrase="2021年年底前", due_on=date(2021, 12, 31),
        ),
        factories.task(
            document=document, section=sub, section_path=path1, order=11,
            text="做好开发区体制机制改革进展情况公开。\x01\x0b", deadline_phrase="于7月15日前",
            due_on=date(2021, 7, 15),
        ),
        factories.task(document=document, section=sub, section_path=path1, order=12, text="=HYPERLINK(\"x\")"),
        factories.task(
            document=document, section=part2, section_path=path2, order=20,
            text="做好政策解读。", deadline_phrase="本要点发布20个工作日内", due_on=date(2021, 7, 1),
        ),
        factories.task(
            document=document, section=part2, section_path=path2, order=21,
            text="决策文件出台后公开。", deadline_phrase="决策文件出台后的10个工作日内",
            due_on=date(2022, 1, 20), due_provisional=True,
        ),
    ]
    a_lead = factories.assignment(
        task=tasks[0], unit=third, role=Role.LEAD, status=Status.COMPLETED,
        due_on=date(2021, 12, 31), completed_on=date(2021, 7, 5), percent=100,
    )
    a_resp = factories.assignment(task=tasks[0], unit=world.unit, role=Role.RESPONSIBLE, due_on=date(2021, 12, 31))
    factories.assignment(task=tasks[1], unit=world.unit, due_on=date(2021, 7, 15), status=Status.IN_PROGRESS,
                         percent=40)
    factories.assignment(task=tasks[2], unit=world.other_unit)
    overdue = factories.assignment(task=tasks[3], unit=world.other_unit, due_on=date(2021, 7, 1))
    factories.assignment(task=tasks[4], unit=third, due_on=date(2022, 1, 20), due_provisional=True)
    report = factories.report(
        assignment=a_lead, author=world.office, text=INJECTIONS[0], percent=100,
        state=ProgressReport.State.ACCEPTED, evidence_urls=["http://www.xuecheng.gov.cn/gk/1.html", "javascript:x"],
    )
    ProgressReport.objects.filter(pk=report.pk).update(
        created_at=timezone.make_aware(datetime(2021, 7, 5, 10, 0))
    )
    return SimpleNamespace(
        document=document, tasks=tasks, third=third, lead=a_lead, responsible=a_resp, overdue=overdue,
        all_assignments=Assignment.objects.filter(task__document=document),
    )
