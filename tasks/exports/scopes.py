"""Which assignments and tasks an export covers, always limited to what the user may read.

Three scopes:
- a document: every task of it (also tasks with no unit yet) with the units the user may see;
- a unit: its assignments across documents, optionally in one document;
- a list: the same GET filters as the portal's ledger list (document, year, status, light, unit,
  jurisdiction, q, due_from, due_to; the portal's form names the dates due_after / due_before,
  which are accepted too), parsed here with a small form so that exports do not depend on the
  portal's filter classes.

Object ids in the filters go through tasks.access, so an outsider's document or unit id answers
404 exactly as the page would.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django import forms
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.http import Http404

from tasks.access import Access, access_for, document_for_user, unit_for_user
from tasks.models import Assignment, Document, Light, Role, Status, Task
from tasks.selectors.assignments import LightWindow, light_expression
from units.models import Jurisdiction, Unit

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


def visible_assignments(access: Access) -> QuerySet[Assignment]:
    return Assignment.objects.filter(access.visible_assignment_filter())


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


class LedgerFilterForm(forms.Form):
    """The ledger list's GET parameters; unknown parameters (page, sort) are ignored."""

    document = forms.IntegerField(required=False, min_value=1)
    year = forms.IntegerField(required=False, min_value=1900, max_value=2200)
    status = forms.MultipleChoiceField(choices=Status.choices, required=False)
    light = forms.MultipleChoiceField(choices=Light.choices, required=False)
    unit = forms.IntegerField(required=False, min_value=1)
    jurisdiction = forms.IntegerField(required=False, min_value=1)
    q = forms.CharField(required=False, max_length=200, strip=True)
    due_from = forms.DateField(required=False)
    due_to = forms.DateField(required=False)

    MULTIPLE = ("status", "light")
    ALIASES = {"due_from": "due_after", "due_to": "due_before"}  # the portal's filter form names

    @classmethod
    def from_query(cls, params) -> LedgerFilterForm:
        """Bind a QueryDict, dropping empty values (``?status=&q=`` from an untouched filter form)."""
        data = {}
        for name in cls.base_fields:
            values = [v for v in params.getlist(name) + params.getlist(cls.ALIASES.get(name, "")) if v.strip()]
            if values:
                data[name] = values if name in cls.MULTIPLE else values[-1]
        return cls(data)


@dataclass(frozen=True)
class ListFilters:
    """Validated filters with the document and unit objects already access-checked."""

    document: Document | None = None
    unit: Unit | None = None
    jurisdiction: Jurisdiction | None = None
    year: int | None = None
    statuses: tuple[str, ...] = ()
    lights: tuple[str, ...] = ()
    q: str = ""
    due_from: date | None = None
    due_to: date | None = None

    def describe(self) -> str:
        """One line for the ledger's subtitle, in the ledger's own (Chinese) vocabulary."""
        from tasks.exports.cells import LIGHT_LABELS, STATUS_LABELS

        parts = []
        if self.jurisdiction:
            parts.append(f"地区：{self.jurisdiction.name}")
        if self.document:
            parts.append(f"文件：{self.document.title}")
        if self.year:
            parts.append(f"年度：{self.year}")
        if self.unit:
            parts.append(f"责任单位：{self.unit.display_name}")
        if self.statuses:
            parts.append("完成状态：" + "、".join(STATUS_LABELS.get(s, s) for s in self.statuses))
        if self.lights:
            parts.append("信号灯：" + "、".join(LIGHT_LABELS.get(s, s) for s in self.lights))
        if self.q:
            parts.append(f"关键词：{self.q}")
        if self.due_from or self.due_to:
            parts.append(f"完成时限：{self.due_from or ''}～{self.due_to or ''}")
        return "；".join(parts) if parts else "全部"


def list_filters_for_user(user, form: LedgerFilterForm) -> ListFilters:
    """Turn a valid form into filters; a document or unit the user may not read raises Http404."""
    data = form.cleaned_data
    document = document_for_user(user, data["document"])[0] if data.get("document") else None
    unit = unit_for_user(user, data["unit"])[0] if data.get("unit") else None
    jurisdiction = _jurisdiction_for_list(access_for(user), data["jurisdiction"]) if data.get("jurisdiction") else None
    return ListFilters(
        document=document,
        unit=unit,
        jurisdiction=jurisdiction,
        year=data.get("year"),
        statuses=tuple(data.get("status") or ()),
        lights=tuple(data.get("light") or ()),
        q=data.get("q") or "",
        due_from=data.get("due_from"),
        due_to=data.get("due_to"),
    )


def _jurisdiction_for_list(access: Access, pk: int) -> Jurisdiction:
    """A jurisdiction the user reads as staff or has a unit in; 404 otherwise (as the list's choices)."""
    jurisdiction = Jurisdiction.objects.filter(pk=pk).first()
    if jurisdiction is None or not (
        access.can_read_jurisdiction(pk) or pk in access.unit_jurisdictions
    ):
        raise Http404
    return jurisdiction


def filtered_assignments(
    *, access: Access, filters: ListFilters, window: LightWindow
) -> QuerySet[Assignment]:
    """The assignments a filtered ledger list shows (the filters of the portal's list page)."""
    qs = visible_assignments(access)
    if filters.document:
        qs = qs.filter(task__document=filters.document)
    if filters.unit:
        qs = qs.filter(unit=filters.unit)
    if filters.jurisdiction:
        qs = qs.filter(task__document__jurisdiction=filters.jurisdiction)
    if filters.year:
        qs = qs.filter(task__document__year=filters.year)
    if filters.statuses:
        qs = qs.filter(status__in=filters.statuses)
    if filters.due_from:
        qs = qs.filter(due_on__gte=filters.due_from)
    if filters.due_to:
        qs = qs.filter(due_on__lte=filters.due_to)
    if filters.q:
        q = filters.q
        qs = qs.filter(
            Q(task__text__icontains=q) | Q(task__heading__icontains=q) | Q(task__number=q)
            | Q(unit__name__icontains=q) | Q(unit__short_name__icontains=q)
            | Q(task__document__title__icontains=q) | Q(task__document__doc_number__icontains=q)
        )
    if filters.lights:
        # An alias of its own: assignment_rows() annotates ``light`` again afterwards.
        qs = qs.alias(filter_light=light_expression(window)).filter(filter_light__in=filters.lights)
    return qs
