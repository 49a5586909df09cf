"""The year-over-year review report (回头看) as Excel and PDF.

Both are built from :func:`tasks.selectors.yearly_review.review_tasks`, the same read the page
uses, one row per task × unit. Cells go through the exports' formula-safe function, so a task
text starting with ``=`` stays text. The PDF is rendered by WeasyPrint from
templates/tasks/yearly_review/report_pdf.html with an embedded CJK font; the URL fetcher refuses
everything but that font file, so no text in a task can make the server fetch anything.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import BinaryIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from tasks.exports.base import Exporter, register
from tasks.exports.pdf import render_pdf
from tasks.exports.safe import safe_cell
from tasks.models import Document, Role
from tasks.selectors.yearly_review import ReviewTask, review_summary, review_tasks, unfinished_by_unit

_WIDTHS = [8, 28, 60, 20, 10, 18, 12, 20, 12, 22]


def headers() -> list[str]:
    return [_("No."), _("Section"), _("Task"), _("Unit"), _("Role"), _("Deadline"), _("Due date"), _("Final state"),
            _("Completed on"), _("Carried into")]


def _role_label(role: str) -> str:
    return str(Role(role).label) if role in Role.values else role


def report_rows(tasks: list[ReviewTask]) -> Iterator[list]:
    """One row per task × unit (one row with empty unit cells for a task without units)."""
    for task in tasks:
        text = f"{task.heading} {task.text}".strip() if task.heading else task.text
        carried = "、".join(copy.document_label for copy in task.carried_into)
        common = [task.number, task.section_label, text]
        if not task.units:
            yield [*common, "", "", task.deadline_phrase, task.due_on, task.state_label, None, carried]
            continue
        for unit in task.units:
            yield [*common, unit.name, _role_label(unit.role), task.deadline_phrase, unit.due_on or task.due_on,
                   unit.state_label, unit.completed_on, carried]


def title_of(document: Document) -> str:
    return _("Year-end review: %(document)s") % {"document": document}


def review_xlsx(*, document: Document, tasks: list[ReviewTask], summary: dict, units: list[dict],
                out: BinaryIO) -> None:
    """Write the review workbook: the task × unit sheet and a per-unit sheet."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Tasks")[:31]
    sheet.append([safe_cell(title_of(document))])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([safe_cell(_("%(total)s tasks; %(done)s completed on time; %(unfinished)s not completed or late; "
                              "%(carried)s carried over.") % summary)])
    sheet.append([safe_cell(value) for value in headers()])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for cell in sheet[3]:
        cell.font, cell.fill = bold, fill
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in report_rows(tasks):
        sheet.append([safe_cell(value) for value in row])
        for cell in sheet[sheet.max_row]:
            cell.alignment = wrap
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    for index, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A4"
    sheet.auto_filter.ref = f"A3:{get_column_letter(len(_WIDTHS))}{max(sheet.max_row, 3)}"

    by_unit = workbook.create_sheet(_("Units")[:31])
    by_unit.append([safe_cell(value) for value in (_("Unit"), _("Not completed"), _("Completed late"))])
    for cell in by_unit[1]:
        cell.font, cell.fill = bold, fill
    for entry in units:
        by_unit.append([safe_cell(entry["name"]), len(entry["not_completed"]), len(entry["late"])])
    by_unit.column_dimensions["A"].width = 30
    workbook.save(out)


def review_pdf(*, document: Document, tasks: list[ReviewTask], summary: dict, units: list[dict], out: BinaryIO,
               generated_on: date, on_pages=None) -> None:
    """Render the review report to PDF in the shared page frame (title and page N of M on every page)."""
    title = title_of(document)
    render_pdf("tasks/yearly_review/report_pdf.html", {
        "title": title, "page_title": title, "header_title": title, "document": document, "tasks": tasks,
        "summary": summary, "units": units, "generated_on": generated_on,
    }, out, on_pages=on_pages)


class YearlyReview(Exporter):
    """The review of one document as on ``on`` (the page's own read, see the module docstring)."""

    def __init__(self, *, document: Document, on: date):
        self.document, self.on = document, on

    def data(self) -> dict:
        tasks = review_tasks(document=self.document, on=self.on)
        return {"tasks": tasks, "summary": review_summary(tasks), "units": unfinished_by_unit(tasks)}

    @property
    def filename(self) -> str:
        document = self.document
        stem = document.doc_number or document.title or f"document-{document.pk}"
        return f"回头看-{stem}.{self.extension}"

    def job_title(self) -> str:
        return title_of(self.document)


@register
class YearlyReviewXlsx(YearlyReview):
    identifier = "yearly_review_xlsx"
    verbose_name = "回头看 (Excel)"
    extension = "xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def write(self, out: BinaryIO) -> None:
        review_xlsx(document=self.document, out=out, **self.data())


@register
class YearlyReviewPdf(YearlyReview):
    identifier = "yearly_review_pdf"
    verbose_name = "回头看 (PDF)"
    extension = "pdf"
    content_type = "application/pdf"
    progress_unit = "pages"

    def write(self, out: BinaryIO) -> None:
        review_pdf(document=self.document, out=out, generated_on=self.on, on_pages=self.pages_rendered,
                   **self.data())


__all__ = ["YearlyReviewPdf", "YearlyReviewXlsx", "headers", "report_rows", "review_pdf", "review_xlsx", "title_of"]
