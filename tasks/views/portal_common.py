"""Helpers the portal views share: the redirect back, form errors as messages, and the filtered
assignment list (filters + light counts + sortable table) used by home, ledger and unit pages.

Access decisions are tasks.access's (office_assignment_for_user, unit_assignment_for_user, …)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from tasks.selectors.lists import assignment_list
from tasks.selectors.portal_history import HISTORY_LIMIT
from tasks.tables import assignment_table


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


def history_page(request, history, *, task, back: str, heading: str = "", assignment=None):
    """A task's or an assignment's change history (``tasks.selectors.portal_history``), with the
    way back to its detail page."""
    return render(request, "tasks/portal/history.html", {
        "history": history, "limit": HISTORY_LIMIT, "task": task, "document": task.document,
        "assignment": assignment, "back": back, "heading": heading,
    })
