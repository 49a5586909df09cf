"""Reads of the import pages: the user's drafts, the unit pickers, documents already imported."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.fields.json import KT

from tasks.access import Access, writable_jurisdictions
from tasks.models import Document, ImportDraft, ProgressReport
from units.display import nested_unit_name
from units.models import Unit


def user_drafts(access: Access) -> QuerySet[ImportDraft]:
    """The drafts the user uploaded and may still confirm (office staff of their jurisdiction).

    ``state`` is the state kept in ``parsed`` ("parsing", "failed", "needs_columns", or None for
    a preview), read by the database so that no draft's preview is loaded for the list.
    """
    return (
        ImportDraft.objects.filter(created_by_id=access.user_id, jurisdiction__in=writable_jurisdictions(access))
        .select_related("jurisdiction")
        .only("pk", "filename", "created_at", "jurisdiction__name")
        .annotate(state=KT("parsed__state"))
    )


def picker_units(jurisdiction) -> list[dict]:
    """The jurisdiction's active units for the pickers (one query): the shown label and the full
    name the picker searches, both nested under the parent unit."""
    rows = (
        Unit.objects.filter(jurisdiction=jurisdiction, active=True)
        .order_by("kind", "order", "name")
        .values_list("pk", "name", "short_name", "parent__short_name", "parent__name")
    )
    return [
        {"id": pk, "label": nested_unit_name(name, short_name, parent_name, parent_short),
         "name": nested_unit_name(name, "", parent_name, parent_short)}
        for pk, name, short_name, parent_short, parent_name in rows
    ]


def existing_documents(jurisdiction, preview: dict) -> dict[str, bool]:
    """文号 of the preview already in the jurisdiction → whether units have reported on it (one query)."""
    numbers = [d["doc_number"] for d in preview.get("documents", []) if d.get("doc_number")]
    if not numbers:
        return {}
    reports = ProgressReport.objects.filter(assignment__task__document=OuterRef("pk"))
    rows = (
        Document.objects.filter(jurisdiction=jurisdiction, doc_number__in=numbers)
        .annotate(has_reports=Exists(reports))
        .values_list("doc_number", "has_reports")
    )
    return dict(rows)
