"""The overview as a PDF (the supervisor's 工作总览): what the overview page shows, on a few pages.

The light counts, completion by document and by unit (tables and the overview's SVG bar charts),
and the oldest overdue assignments (OVERDUE_LIMIT of them; the ledger has every row). Figures come
from the overview's own selector (tasks.selectors.portal.dashboard, by document), so the PDF and
the page agree; a fixed number of queries whatever the size of the scope. Rendered in the shared
PDF frame (tasks.exports.pdf, templates/tasks/exports/_page.html).
"""

from __future__ import annotations

from typing import BinaryIO

from django.db.models import QuerySet

from tasks.exports.base import Exporter, register
from tasks.exports.pdf import render_pdf
from tasks.exports.safe import clean_text
from tasks.models import Assignment
from tasks.selectors.assignments import LightWindow
from tasks.selectors.portal import dashboard
from tasks.views.portal_charts import bar_chart

OVERDUE_LIMIT = 50
# Units in the bar chart: more bars than this would fill pages; the table lists every unit.
CHART_UNITS = 40


@register
class OverviewReport(Exporter):
    """``assignments`` is the scope (as the overview page reads it); ``title`` names it."""

    identifier = "overview"
    verbose_name = "工作总览"
    extension = "pdf"
    content_type = "application/pdf"
    progress_unit = "pages"

    def __init__(self, *, assignments: QuerySet[Assignment], window: LightWindow, title: str, subtitle: str = ""):
        self.assignments, self.window, self.title, self.subtitle = assignments, window, title, subtitle
        self.generated_on = window.today

    @property
    def filename(self) -> str:
        return f"{self.title}_{self.generated_on:%Y%m%d}.pdf"

    def context(self) -> dict:
        board = dashboard(self.assignments, self.window, with_matrix=False, by="document")
        counts = dict(board["counts"])
        counts["rate"] = round(100 * counts["completed"] / counts["total"]) if counts["total"] else 0
        units = [dict(row, name=row["unit__short_name"] or row["unit__name"]) for row in board["by_unit"]]
        documents = [dict(row, name=row["label"]) for row in board["by_document"]]
        overdue = [
            {
                "unit": clean_text(a.unit),
                "task": clean_text(f"{a.task_number} {a.task_title}".strip()),
                "document": clean_text(a.document),
                "due_on": a.due_on,
                "days": (self.window.today - a.due_on).days,
            }
            for a in board["overdue"][:OVERDUE_LIMIT]
        ]
        return {
            "page_title": self.title,
            "header_title": self.title,
            "title": self.title,
            "subtitle": self.subtitle,
            "generated_on": self.generated_on,
            "counts": counts,
            "by_unit": units,
            "by_document": documents,
            "ranking": board["ranking"] if board["ranked"] else [],
            "overdue": overdue,
            "overdue_limit": OVERDUE_LIMIT,
            "unit_chart": bar_chart(units[:CHART_UNITS], label="name", value="rate"),
            "unit_chart_cut": len(units) > CHART_UNITS,
            "chart_units": CHART_UNITS,
            "document_chart": bar_chart(documents[:CHART_UNITS], label="name", value="rate"),
        }

    def write(self, out: BinaryIO) -> None:
        render_pdf("tasks/exports/overview.html", self.context(), out, on_pages=self.pages_rendered)
