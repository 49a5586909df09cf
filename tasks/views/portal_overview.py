"""Supervisor overviews (read-only): all the user's jurisdictions, and one jurisdiction by year
with completion by section and unit, the unit × section lights, overdue list and ranking."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from tasks.access import jurisdiction_for_user, require_staff
from tasks.models import Assignment, Document
from tasks.selectors.assignments import LightWindow
from tasks.selectors.portal import dashboard, jurisdiction_summaries, unit_section_matrix
from tasks.views.portal_charts import bar_chart
from units.models import Jurisdiction


def dashboard_charts(board: dict) -> dict:
    """SVG chart data for a dashboard: completion by section and by unit."""
    names = board.get("section_names", {})
    sections = [dict(row, name=names.get(row["task__section_id"]) or _("(no section)")) for row in board["by_section"]]
    units = [dict(row, name=row["unit__short_name"] or row["unit__name"]) for row in board["by_unit"]]
    return {
        "by_section": bar_chart(sections, label="name", value="rate", title=_("Completion by section")),
        "by_unit": bar_chart(units, label="name", value="rate", title=_("Completion by unit")),
        "ranking": bar_chart(
            [dict(row, name=row["unit__short_name"] or row["unit__name"]) for row in board["ranking"]],
            label="name", value="on_time_rate", title=_("On-time completion by unit"),
        ),
    }


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def overview(request):
    """Every jurisdiction the user oversees: a summary row each, and the combined picture."""
    access = require_staff(request.user)
    window = LightWindow.now()
    if access.is_superuser:
        jurisdictions = Jurisdiction.objects.all()
    else:
        staff = access.office_jurisdictions | access.supervisor_jurisdictions
        jurisdictions = Jurisdiction.objects.filter(pk__in=staff)
    qs = Assignment.objects.filter(access.staff_jurisdiction_filter("task__document__"))
    summaries = {row["id"]: row for row in jurisdiction_summaries(qs, window)}
    rows = [{"jurisdiction": j, "summary": summaries.get(j.pk)} for j in jurisdictions]
    board = dashboard(qs, window, with_matrix=False)
    return render(request, "tasks/portal/overview.html", {
        "rows": rows,
        "board": board,
        "charts": dashboard_charts(board),
        "window": window,
    })


@login_required
def jurisdiction_overview(request, pk):
    """One jurisdiction for one year; the unit × section table for one of that year's documents."""
    jurisdiction, _can_write = jurisdiction_for_user(request.user, pk)
    window = LightWindow.now()
    documents = list(Document.objects.filter(jurisdiction=jurisdiction).order_by("-year", "-issued_on", "pk"))
    years = sorted({d.year for d in documents if d.year}, reverse=True)
    year = _int(request.GET.get("year"))
    if year not in years:
        year = years[0] if years else None
    year_documents = [d for d in documents if d.year == year] if year else documents
    document = next((d for d in year_documents if d.pk == _int(request.GET.get("document"))), None)
    if document is None and year_documents:
        document = year_documents[0]
    qs = Assignment.objects.filter(task__document__jurisdiction=jurisdiction)
    if year:
        qs = qs.filter(task__document__year=year)
    board = dashboard(qs, window, with_matrix=False)
    if document is not None:
        doc_qs = Assignment.objects.filter(task__document=document)
        board["matrix"] = unit_section_matrix(doc_qs, window)
    return render(request, "tasks/portal/jurisdiction_overview.html", {
        "jurisdiction": jurisdiction,
        "years": years,
        "year": year,
        "documents": year_documents,
        "document": document,
        "board": board,
        "charts": dashboard_charts(board),
        "window": window,
    })
