"""Supervisor overviews (read-only): all the user's jurisdictions, and one jurisdiction by year
with completion by document and unit, the unit × document lights, overdue list and ranking.
Completion by section lives on each document's page (tasks.views.portal_documents)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from tasks.access import jurisdiction_for_user, require_staff, staff_jurisdictions
from tasks.caching import ReadScope, versioned_key
from tasks.exports.buttons import jurisdiction_overview_export_buttons, overview_export_buttons
from tasks.filters import OverviewYearFilter
from tasks.models import Assignment
from tasks.selectors.assignments import LightWindow
from tasks.selectors.portal import cached_dashboard, jurisdiction_totals
from tasks.tables import OverdueTable
from tasks.views.portal_charts import bar_chart


def dashboard_charts(board: dict) -> dict:
    """SVG chart data for a dashboard: completion by section (a document's board) and by unit (the
    ranking is a table)."""
    charts = {
        "by_unit": bar_chart([dict(row, name=row["unit__short_name"] or row["unit__name"]) for row in board["by_unit"]],
                             label="name", value="rate", title=_("Completion by unit")),
    }
    if "by_section" in board:
        names = board.get("section_names", {})
        sections = [dict(row, name=names.get(row["task__section_id"]) or _("(no section)"))
                    for row in board["by_section"]]
        charts["by_section"] = bar_chart(sections, label="name", value="rate", title=_("Completion by section"))
    return charts


def board_and_charts(scope: tuple, qs, window: LightWindow, *, no_counts: bool = False, **options) -> dict:
    """The context of ``tasks/portal/_dashboard_cached.html`` for ``qs`` (named by ``scope``): the
    figures (cached by the selector) and the key of the rendered widgets, which the template caches
    with ``{% cache %}`` until the data changes (tasks.caching), per language.

    The widgets are cached as HTML because rendering them (thousands of localized numbers for
    sixty units) took longer than reading the cached figures; the charts are drawn only when the
    fragment is rendered.
    """
    board = cached_dashboard(scope, qs, window, **options)
    return {
        "board": board,
        "charts": SimpleLazyObject(lambda: dashboard_charts(board)),
        "overdue_table": SimpleLazyObject(lambda: OverdueTable(board["overdue"])),
        "no_counts": no_counts,
        "dashboard_key": versioned_key("dashboard-html", (scope, window, sorted(options.items()), no_counts)),
        "dashboard_seconds": settings.OPENSCHED_CACHE_SECONDS,
    }


@login_required
def overview(request):
    """Every jurisdiction the user oversees: a summary row each, and the combined picture."""
    access = require_staff(request.user)
    window = LightWindow.now()
    jurisdictions = staff_jurisdictions(access)
    qs = Assignment.objects.filter(access.staff_jurisdiction_filter())
    shown = board_and_charts(("overview", access.read_scope), qs, window, with_matrix=False, by="document")
    summaries = jurisdiction_totals(shown["board"]["by_document"])  # from the same rows: no second aggregate
    rows = [{"jurisdiction": j, "summary": summaries.get(j.pk)} for j in jurisdictions]
    return render(request, "tasks/portal/overview.html", {
        "rows": rows, "window": window, "export_buttons": overview_export_buttons(), **shown})


@login_required
def jurisdiction_overview(request, pk):
    """One jurisdiction for one year: completion by document and the unit × document lights."""
    jurisdiction, _can_write = jurisdiction_for_user(request.user, pk)
    window = LightWindow.now()
    year_filter = OverviewYearFilter.for_jurisdiction(request.GET, jurisdiction)
    year = year_filter.chosen_year
    qs = year_filter.qs
    scope = ReadScope(("jurisdiction", jurisdiction.pk, year), jurisdictions=(jurisdiction.pk,))
    shown = board_and_charts(scope, qs, window, with_matrix=True, by="document")
    return render(request, "tasks/portal/jurisdiction_overview.html", {
        "jurisdiction": jurisdiction,
        "years": year_filter.years,
        "year": year,
        "window": window,
        "export_buttons": jurisdiction_overview_export_buttons(jurisdiction, year),
        **shown,
    })
