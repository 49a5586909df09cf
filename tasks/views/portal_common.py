"""Helpers the portal views share: access for office-only and unit-only actions, and the filtered
assignment list (filters + light counts + sortable table) used by home, ledger and unit pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpResponseRedirect
from django.urls import NoReverseMatch, reverse

from tasks.access import access_for, assignment_for_user, task_for_user
from tasks.filters import AssignmentFilter
from tasks.models import Assignment, Document
from tasks.selectors.assignments import LightWindow, light_counts
from tasks.selectors.portal import list_rows
from tasks.tables import assignment_table


def office_assignment(user, pk) -> Assignment:
    """An assignment an office-only action applies to: 404 to outsiders, 403 to anyone else who can see it."""
    assignment, _can_write = assignment_for_user(user, pk)
    if not access_for(user).can_write_jurisdiction(assignment.task.document.jurisdiction_id):
        raise PermissionDenied
    return assignment


def office_task(user, pk):
    task, _can_write = task_for_user(user, pk)
    if not access_for(user).can_write_jurisdiction(task.document.jurisdiction_id):
        raise PermissionDenied
    return task


def unit_assignment(user, pk) -> Assignment:
    """An assignment a unit's own act (签收, 延期申请) applies to: only its liaisons (403 otherwise)."""
    assignment, _can_write = assignment_for_user(user, pk, write=True)
    access = access_for(user)
    if not (access.is_superuser or assignment.unit_id in access.unit_ids):
        raise PermissionDenied
    return assignment


def is_unit_member(user, assignment: Assignment) -> bool:
    access = access_for(user)
    return access.is_superuser or assignment.unit_id in access.unit_ids


def can_office(user, jurisdiction_id: int) -> bool:
    return access_for(user).can_write_jurisdiction(jurisdiction_id)


def import_url() -> str | None:
    """The importer's upload page, when that part of the portal is installed."""
    try:
        return reverse("importing:upload")
    except NoReverseMatch:
        return None


def back(request, fallback: str) -> HttpResponseRedirect:
    """Redirect to the page the form was on (same site only), else ``fallback``."""
    target = request.POST.get("next") or ""
    if not target.startswith("/") or target.startswith("//"):
        target = fallback
    return HttpResponseRedirect(target)


def report_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def filtered_assignments(
    request,
    base: QuerySet[Assignment],
    window: LightWindow,
    *,
    filter_class=AssignmentFilter,
    documents: QuerySet[Document] | None = None,
    hide=(),
    **filter_kwargs,
) -> dict:
    """Filters, light counts and the sorted, paginated table for a set of assignments.

    Queries: the filter form's choice lists, one aggregate for the counts (which also gives the
    table's row count), one for the page of rows.
    """
    if documents is None:
        documents = Document.objects.filter(pk__in=base.values("task__document_id"))
    years = sorted({y for y in documents.values_list("year", flat=True) if y}, reverse=True)
    filterset = filter_class(request.GET or None, queryset=base, documents=documents, years=years, **filter_kwargs)
    filtered = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    counts = light_counts(filtered, window)
    light = filterset.selected_light if filterset.is_bound else ""
    rows = list_rows(filtered, window)
    if light:
        rows = rows.filter(light=light)
    table = assignment_table(rows, request=request, count=counts[light] if light else counts["total"], hide=hide)
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("light", None)
    return {
        "filter": filterset,
        "counts": counts,
        "table": table,
        "light": light,
        "query_without_light": params.urlencode(),
        "filters_active": any(v for k, v in request.GET.items() if k not in ("page", "sort")),
    }
