"""The ledger's print view: every row the ledger's filters select (up to PRINT_MAX_ROWS), one
table, no filter form or navigation; the table header repeats on every printed page
(static/css/print.css). Filters, choices and cells are the ledger's own (LedgerFilter,
ledger_choices, tasks.tables), so the printout shows exactly what the ledger shows."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from tasks.access import access_for
from tasks.filters import LedgerFilter
from tasks.selectors.assignments import LightWindow, assignments_visible_to
from tasks.views.portal_common import filtered_assignments, ledger_choices

# The ledger's print view shows at most this many rows (a browser lays out 5,000 rows in a few
# seconds; beyond that the page says how many were left out and asks for narrower filters).
PRINT_MAX_ROWS = 5000


@require_GET
@login_required
def assignment_print(request):
    """The ledger with its filters (the query string of the ledger page), all rows on one page."""
    access = access_for(request.user)
    window = LightWindow.now()
    query = request.GET.copy()
    query.pop("page", None)  # one page: the first PRINT_MAX_ROWS rows
    request.GET = query
    context = filtered_assignments(
        request, assignments_visible_to(request.user), window, scope=("ledger", access.read_scope),
        filter_class=LedgerFilter, per_page=PRINT_MAX_ROWS, **ledger_choices(access),
    )
    table = context["table"]
    total = table.paginator.count
    query_string = query.urlencode()
    context.update(
        window=window,
        total=total,
        shown=len(table.rows),
        limit=PRINT_MAX_ROWS,
        truncated=total > PRINT_MAX_ROWS,
        printed_at=timezone.localtime(),
        back_url=reverse("portal:assignment_list") + (f"?{query_string}" if query_string else ""),
        active_filters=[(field.label, field.value()) for field in context["filter"].form
                        if field.value() not in (None, "", [])],
    )
    return render(request, "tasks/portal/assignment_print.html", context)
