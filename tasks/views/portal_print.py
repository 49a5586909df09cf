"""The ledger's print view: every row the ledger's filters select (up to PRINT_MAX_ROWS), one
table, no filter form or navigation; the table header repeats on every printed page
(static/css/print.css). Filters, choices and cells are the ledger's own (ledger_filterset,
tasks.tables.AssignmentTable), so the printout shows exactly what the ledger shows."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from tasks.access import access_for
from tasks.selectors.assignments import LightWindow
from tasks.selectors.lists import ledger_filterset
from tasks.views.portal_common import filtered_assignments

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
    context = filtered_assignments(request, ledger_filterset(access, query, window),
                                   scope=("ledger", access.read_scope), per_page=PRINT_MAX_ROWS)
    table = context["table"]
    total = table.paginator.count
    query_string = query.urlencode()
    context.update(
        window=window,
        total=total,
        shown=len(table.page_rows),
        limit=PRINT_MAX_ROWS,
        truncated=total > PRINT_MAX_ROWS,
        printed_at=timezone.localtime(),
        back_url=reverse("portal:assignment_list") + (f"?{query_string}" if query_string else ""),
        active_filters=[(field.label, ", ".join(value) if isinstance(value, list) else value)
                        for field in context["filter"].form for value in [field.value()]
                        if value not in (None, "", [])],
    )
    return render(request, "tasks/portal/assignment_print.html", context)
