"""Builders for the portal tests: many rows at once (bulk_create), uploads and attachments."""

from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from tasks.models import Assignment, Attachment, ProgressReport, Section, Status, Task
from tests import factories

STATUSES = [Status.NOT_STARTED, Status.IN_PROGRESS, Status.SUBMITTED, Status.COMPLETED, Status.RETURNED]


def many_assignments(*, document, units, n: int, start: date = date(2021, 7, 1)) -> list[Assignment]:
    """``n`` tasks in two sections of ``document``, each assigned to every unit, with mixed states."""
    sections = [
        Section.objects.create(document=document, label=label, title=f"测试部分{label}", order=i)
        for i, label in enumerate(["一", "二"], start=100)
    ]
    tasks = Task.objects.bulk_create([
        Task(document=document, section=sections[i % 2], number=str(i + 1), order=1000 + i,
             text=f"批量任务{i}：做好信息公开。", due_on=start + timedelta(days=i % 40))
        for i in range(n)
    ])
    rows = []
    for i, task in enumerate(tasks):
        for unit in units:
            status = STATUSES[i % len(STATUSES)]
            rows.append(Assignment(
                task=task, unit=unit, status=status, due_on=task.due_on if i % 7 else None,
                percent=100 if status == Status.COMPLETED else (i * 10) % 100,
                completed_on=task.due_on + timedelta(days=i % 3 - 1) if status == Status.COMPLETED else None,
            ))
    return Assignment.objects.bulk_create(rows)


def many_reports(*, assignments, author, state=ProgressReport.State.SUBMITTED) -> list[ProgressReport]:
    return ProgressReport.objects.bulk_create([
        ProgressReport(assignment=a, author=author, text=f"进展{i}", percent=50, state=state,
                       evidence_urls=["http://www.example.gov.cn/a"])
        for i, a in enumerate(assignments)
    ])


def upload(name="evidence.pdf", content=b"%PDF-1.4 test", *, size=None) -> SimpleUploadedFile:
    """An uploaded file; ``size`` fakes a larger size without building the bytes."""
    f = SimpleUploadedFile(name, content, content_type="application/pdf")
    if size is not None:
        f.size = size
    return f


def attachment(*, report, name="evidence.pdf", content=b"%PDF-1.4 secret") -> Attachment:
    a = Attachment(report=report, original_name=name, size=len(content), content_type="application/pdf")
    a.file.save(name, ContentFile(content), save=False)
    a.save()
    return a


def report_with_attachment(*, assignment, author, **kw) -> tuple[ProgressReport, Attachment]:
    report = factories.report(assignment=assignment, author=author, **kw)
    return report, attachment(report=report)
