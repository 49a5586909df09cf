"""The 落实情况报告 of one document: where its implementation stands, as a PDF.

Completion by unit and by section, the overdue assignments, and the assignments completed in the
last RECENT_DAYS days with their evidence (links from the accepted report and its attachments).
A fixed number of queries whatever the size of the document.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import BinaryIO

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from tasks.access import Access
from tasks.exports import scopes
from tasks.exports.base import Exporter, register
from tasks.exports.cells import (
    ASSIGNMENT_FIELDS,
    ASSIGNMENT_VALUES,
    STATUS_LABELS,
    deadline_text,
    light_label,
    task_values,
    unit_label,
)
from tasks.exports.pdf import render_pdf
from tasks.exports.safe import clean_text
from tasks.models import Attachment, Document, Light, ProgressReport, Section, Status
from tasks.selectors.assignments import (
    LightWindow,
    assignment_rows,
    completion_by_section,
    completion_by_unit,
    light_counts,
)

RECENT_DAYS = 30
LIST_LIMIT = 500  # rows per list in the report; the ledger has them all


def _safe_links(values) -> list[str]:
    """Evidence links that may become clickable: http(s) only."""
    links = []
    for value in values or []:
        url = value.get("url", "") if isinstance(value, dict) else str(value)
        url = clean_text(url.strip())
        if url.lower().startswith(("http://", "https://")):
            links.append(url)
    return links


def _latest_accepted_evidence():
    return Subquery(
        ProgressReport.objects.filter(assignment=OuterRef("pk"), state=ProgressReport.State.ACCEPTED)
        .order_by("-created_at")
        .values("evidence_urls")[:1]
    )


@register
class DocumentReport(Exporter):
    """Builds the report's context from the shared selectors and renders it."""

    identifier = "report"
    verbose_name = "落实情况报告"
    extension = "pdf"
    content_type = "application/pdf"
    progress_unit = "pages"

    def __init__(self, *, document: Document, access: Access, window: LightWindow):
        self.document, self.access, self.window = document, access, window
        self.generated_on = window.today

    @property
    def title(self) -> str:
        return f"{self.document.title}落实情况报告"

    @property
    def filename(self) -> str:
        return f"{self.title}_{self.generated_on:%Y%m%d}.pdf"

    def _sections(self, qs) -> list[dict]:
        rows = completion_by_section(qs, self.window)
        titles = {
            s.pk: str(s)
            for s in Section.objects.filter(pk__in=[r["task__section_id"] for r in rows if r["task__section_id"]])
        }
        for row in rows:
            row["title"] = titles.get(row["task__section_id"], "（未分节）")
        return rows

    def _overdue(self, qs) -> list[dict]:
        rows = (
            assignment_rows(qs, self.window)
            .filter(light=Light.RED)
            .order_by("due_on", "task__order", "unit__order")
            .values(*ASSIGNMENT_FIELDS, **ASSIGNMENT_VALUES, **task_values("task__"))
        )
        return [
            {
                "task": clean_text(a["task_text"]),
                "unit": unit_label(a),
                "deadline": deadline_text(a["task_phrase"], a["due_on"], a["due_provisional"]),
                "days": (self.window.today - a["due_on"]).days,
                "status": STATUS_LABELS.get(a["status"], a["status"]),
            }
            for a in rows[:LIST_LIMIT]
        ]

    def _recent(self, qs) -> list[dict]:
        since = self.window.today - timedelta(days=RECENT_DAYS)
        rows = list(
            assignment_rows(qs.filter(status=Status.COMPLETED, completed_on__gte=since), self.window)
            .annotate(evidence=_latest_accepted_evidence())
            .order_by("-completed_on", "task__order")
            .values("pk", "completed_on", "evidence", *ASSIGNMENT_FIELDS, **ASSIGNMENT_VALUES, **task_values("task__"))
            [:LIST_LIMIT]
        )
        files = defaultdict(list)
        attachments = (
            Attachment.objects.filter(
                report__assignment__in=[a["pk"] for a in rows], report__state=ProgressReport.State.ACCEPTED
            )
            .order_by("uploaded_at")
            .values_list("pk", "original_name", "report__assignment_id")
        )
        for pk, name, assignment_id in attachments:
            url = settings.SITE_URL + reverse("portal:attachment_download", args=[pk])
            files[assignment_id].append((clean_text(name), url))
        return [
            {
                "task": clean_text(a["task_text"]),
                "unit": unit_label(a),
                "completed_on": a["completed_on"],
                "light": light_label(a["light"]),
                "progress": clean_text(a["accepted_text"] or ""),
                "links": _safe_links(a["evidence"]),
                "files": files.get(a["pk"], []),
            }
            for a in rows
        ]

    def context(self) -> dict:
        qs = scopes.document_assignments(document=self.document, access=self.access)
        counts = light_counts(qs, self.window)
        counts["rate"] = round(100 * counts["completed"] / counts["total"]) if counts["total"] else 0
        return {
            "document": self.document,
            "page_title": self.title,
            "header_title": self.document.title,
            "title": self.title,
            "generated_on": self.generated_on,
            "generated_at": timezone.localtime(),
            "counts": counts,
            "by_unit": completion_by_unit(qs, self.window),
            "by_section": self._sections(qs),
            "overdue": self._overdue(qs),
            "recent": self._recent(qs),
            "recent_days": RECENT_DAYS,
            "list_limit": LIST_LIMIT,
        }

    def write(self, out: BinaryIO) -> None:
        render_pdf("tasks/exports/report.html", self.context(), out, on_pages=self.pages_rendered)
