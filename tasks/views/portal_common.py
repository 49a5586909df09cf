"""Helpers the portal views share: access for office-only and unit-only actions, and the filtered
assignment list (filters + light counts + sortable table) used by home, ledger and unit pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpResponseRedirect
from django.urls import NoReverseMatch, reverse

from tasks.access import access_for, assignment_for_user, task_for_user
from tasks.filters import AssignmentFilter
from tasks.models import Assignment, Document
from tasks.selectors.assignments import LightWindow, cached_light_counts, documents_in_scope, with_light
from tasks.tables import assignment_table
from units.models import Jurisdiction, Unit


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
    scope: tuple,
    filter_class=AssignmentFilter,
    documents: QuerySet[Document] | None = None,
    hide=(),
    per_page: int = 25,
    **filter_kwargs,
) -> dict:
    """Filters, light counts and the sorted, paginated table for a set of assignments.

    ``per_page`` is 25 on the pages; the print view asks for all rows up to its bound.
    ``scope`` names ``base`` for the cache (tasks.caching): equal scopes must mean equal sets.
    What reads every assignment in scope is cached until the data changes: which documents and
    years the scope spans (the filter's choices), the light counts (which also give the table's
    row count) and the keys of the page shown; the page's rows are read fresh.
    """
    if documents is None:
        documents = Document.objects.filter(pk__in=base.values("task__document_id"))
    spans = documents_in_scope(documents, scope=scope)
    documents = Document.objects.filter(pk__in=[pk for pk, _year in spans])
    years = sorted({year for _pk, year in spans if year}, reverse=True)
    filterset = filter_class(request.GET or None, queryset=base, documents=documents, years=years, **filter_kwargs)
    filtered = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    filters = sorted((k, v) for k, v in request.GET.lists() if k not in ("page", "sort", "light"))
    counts = cached_light_counts(filtered, window, scope=scope, filters=filters)
    light = filterset.selected_light if filterset.is_bound else ""
    if light:
        filtered = with_light(filtered, window).filter(light=light)
    table = assignment_table(filtered, window, request=request, count=counts[light] if light else counts["total"],
                             hide=hide, per_page=per_page, cache_parts=(scope, filters, light))
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


def ledger_choices(access) -> dict:
    """The ledger's filter choices for ``access``: documents, jurisdictions and units (keyword
    arguments of ``filtered_assignments`` with ``LedgerFilter``), shared by the ledger and its print view.

    The unit choices come from the Unit table (small), not from the assignments in scope (a
    semi-join over all of them): for staff the units of their jurisdictions are the same set.
    """
    if access.is_superuser:
        jurisdictions = Jurisdiction.objects.all()
        documents = Document.objects.all()
        units = Unit.objects.all()
    else:
        staff = access.staff_jurisdiction_ids
        jurisdictions = Jurisdiction.objects.filter(pk__in=staff | access.unit_jurisdictions)
        documents = Document.objects.filter(jurisdiction_id__in=staff) | Document.objects.filter(
            tasks__assignments__unit_id__in=access.unit_ids
        )
        documents = Document.objects.filter(pk__in=documents.values("pk"))
        units = Unit.objects.filter(Q(jurisdiction_id__in=staff) | Q(pk__in=access.unit_ids))
    return {"documents": documents, "jurisdictions": jurisdictions,
            "units": units.order_by("jurisdiction__order", "order", "name")}
