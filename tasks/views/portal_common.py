"""Helpers the portal views share: access for office-only and unit-only actions, and the filtered
assignment list (filters + light counts + sortable table) used by home, ledger and unit pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import NoReverseMatch, reverse

from tasks.access import access_for, assignment_for_user, task_for_user
from tasks.models import Assignment
from tasks.selectors.lists import assignment_list
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


def filtered_assignments(request, filterset, *, scope: tuple, hide=(), per_page: int = 25,
                         batch: bool = False) -> dict:
    """The context of a filtered assignment list: its FilterSet (``selectors.lists.list_filterset``
    or ``ledger_filterset``, bound to ``request.GET``), light counts and the sorted, paginated table.

    ``per_page`` is 25 on the pages; the print view asks for all rows up to its bound. ``scope``
    is the one the FilterSet was built with (it names the rows for the cache). ``batch``: rows
    with the checkboxes of the batch form (office staff on the ledger).
    """
    listed = assignment_list(filterset, scope=scope)
    table = assignment_table(listed.rows, filterset.window, request=request, count=listed.count,
                             hide=hide, per_page=per_page, cache_parts=listed.cache_parts, batch=batch)
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("light", None)
    return {
        "filter": filterset,
        "batch": batch,
        "counts": listed.counts,
        "table": table,
        "light": filterset.selected_light,
        "query_without_light": params.urlencode(),
        "filters_active": any(v for k, v in request.GET.items() if k not in ("page", "sort")),
    }
