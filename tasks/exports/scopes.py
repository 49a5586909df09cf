"""Which assignments and tasks an export covers, always limited to what the user may read.

Three scopes:
- a document: every task of it (also tasks with no unit yet) with the units the user may see;
- a unit: its assignments across documents, optionally in one document;
- a list: the ledger page's own FilterSet (tasks.filters.LedgerFilter, bound by
  tasks.selectors.lists.ledger_filterset) over the same parameters: ``list_export_scope``.

Object ids in a list's filters are the ledger's choices (what the user may read), so an
outsider's document, unit or jurisdiction id answers 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Exists, IntegerField, OuterRef, QuerySet, Value, When
from django.http import Http404

from tasks.access import Access, access_for, visible_assignments
from tasks.models import Assignment, Document, Role, Task
from tasks.selectors.assignments import LightWindow
from tasks.selectors.lists import ledger_filterset
from units.models import Unit

# The management command and the benchmark run without a user: they read everything, as a
# superuser would. Views never use this; they pass access_for(request.user).
FULL_ACCESS = Access(user_id=None, is_superuser=True)

# Lead first, then responsible, then cooperating units (alphabetical order of the values is not that).
ROLE_RANK = Case(
    When(role=Role.LEAD, then=Value(0)),
    When(role=Role.RESPONSIBLE, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)
# Documents in the order the portal lists them (Document.Meta.ordering), then tasks in document order.
ASSIGNMENT_LEDGER_ORDER = (
    "-task__document__year", "-task__document__issued_on", "task__document_id",
    "task__order", "task_id", "role_rank", "unit__order", "unit_id",
)


def document_tasks(*, document: Document, access: Access) -> QuerySet[Task]:
    """All tasks of the document for its staff; for a liaison only tasks with one of their units."""
    tasks = Task.objects.filter(document=document)
    if not access.can_read_jurisdiction(document.jurisdiction_id):
        tasks = tasks.filter(Exists(visible_assignments(access).filter(task=OuterRef("pk"))))
    return tasks.order_by("order", "pk")


def document_assignments(*, document: Document, access: Access) -> QuerySet[Assignment]:
    return visible_assignments(access).filter(task__document=document)


def unit_assignments(*, unit: Unit, access: Access, document: Document | None = None) -> QuerySet[Assignment]:
    qs = visible_assignments(access).filter(unit=unit)
    if document is not None:
        qs = qs.filter(task__document=document)
    return qs


@dataclass(frozen=True)
class ListScope:
    """What a list export covers: the filtered assignments and their description, or the
    FilterSet's errors (``{field: [message, ...]}``) when the parameters are invalid."""

    assignments: QuerySet[Assignment] | None
    description: str
    errors: dict
    window: LightWindow

    @property
    def ok(self) -> bool:
        return not self.errors


def list_export_scope(user, params, *, window: LightWindow | None = None) -> ListScope:
    """The rows of the ledger list the page shows for ``params`` (a QueryDict: the ledger page's
    query string), as ``user`` may read them.

    The ledger page and this function bind the same FilterSet (``ledger_filterset``); a list
    export, run now or later from its stored query string, calls this. An id of a document, unit
    or jurisdiction outside the user's choices raises Http404; any other invalid value is
    returned in ``errors`` (the view answers 400). ``page`` and ``sort`` are ignored.
    """
    window = window or LightWindow.now()
    filterset = ledger_filterset(access_for(user), params, window)
    if filterset.is_bound and not filterset.is_valid():
        form = filterset.form
        for name in filterset.OBJECT_FIELDS:
            if form.has_error(name, code="invalid_choice") and str(form.data.get(name, "")).strip().isdigit():
                raise Http404
        errors = {name: [str(message) for message in messages] for name, messages in form.errors.items()}
        return ListScope(assignments=None, description="", errors=errors, window=window)
    cleaned = filterset.form.cleaned_data if filterset.is_bound else {}
    return ListScope(assignments=filterset.qs, description=describe_filters(cleaned), errors={}, window=window)


def describe_filters(cleaned: dict) -> str:
    """One line for the ledger's subtitle, in the ledger's own (Chinese) vocabulary."""
    from tasks.exports.cells import LIGHT_LABELS, STATUS_LABELS

    statuses = [s for s in cleaned.get("status") or () if s]
    lights = [s for s in cleaned.get("light") or () if s]
    due_from, due_to = cleaned.get("due_after"), cleaned.get("due_before")
    parts = []
    if cleaned.get("jurisdiction"):
        parts.append(f"地区：{cleaned['jurisdiction'].name}")
    if cleaned.get("document"):
        parts.append(f"文件：{cleaned['document'].title}")
    if cleaned.get("year"):
        parts.append(f"年度：{cleaned['year']}")
    if cleaned.get("unit"):
        parts.append(f"责任单位：{cleaned['unit'].display_name}")
    if statuses:
        parts.append("完成状态：" + "、".join(STATUS_LABELS.get(s, s) for s in statuses))
    if lights:
        parts.append("信号灯：" + "、".join(LIGHT_LABELS.get(s, s) for s in lights))
    if (cleaned.get("q") or "").strip():
        parts.append(f"关键词：{cleaned['q'].strip()}")
    if due_from or due_to:
        parts.append(f"完成时限：{due_from or ''}～{due_to or ''}")
    return "；".join(parts) if parts else "全部"
