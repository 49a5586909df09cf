"""Assignment lists: the liaison's home (我的任务), the ledger (工作台账) and a unit's page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from tasks.access import access_for, unit_for_user
from tasks.caching import unit_scope
from tasks.exports.buttons import list_export_buttons
from tasks.models import Assignment
from tasks.selectors.assignments import LightWindow, assignments_of_user_units
from tasks.selectors.lists import ledger_filterset, list_filterset
from tasks.selectors.portal import due_this_week, on_time_by_year, unit_badges
from tasks.views.portal_common import filtered_assignments
from units.models import Jurisdiction


@login_required
def home(request):
    """A liaison's assignments across documents; office staff and supervisors go to the overview."""
    access = access_for(request.user)
    if access.is_superuser and not Jurisdiction.objects.exists():
        return redirect("registry:first_run")  # a fresh install: the operator sets it up first
    if not access.is_liaison and (access.is_office or access.is_supervisor):
        return redirect("portal:overview")
    window = LightWindow.now()
    base = assignments_of_user_units(request.user)
    scope = unit_scope("units", access.unit_ids, jurisdictions=access.unit_jurisdictions)
    context = filtered_assignments(request, list_filterset(request.GET, base, window, scope=scope), scope=scope,
                                   hide=("unit",) if len(access.unit_ids) <= 1 else ())
    context["due_week"] = due_this_week(base, window)
    context["units"] = unit_badges(access)
    context["window"] = window
    return render(request, "tasks/portal/home.html", context)


@login_required
def assignment_list(request):
    """Every assignment the user may read, with unit and jurisdiction filters."""
    access = access_for(request.user)
    window = LightWindow.now()
    context = filtered_assignments(request, ledger_filterset(access, request.GET, window),
                                   scope=("ledger", access.read_scope), batch=access.is_office)
    context["window"] = window
    context["export_buttons"] = list_export_buttons(request.GET)
    return render(request, "tasks/portal/assignment_list.html", context)


@login_required
def unit_detail(request, pk):
    """One unit's assignments across documents and years, and its on-time record per year."""
    unit, _can_write = unit_for_user(request.user, pk)
    window = LightWindow.now()
    base = Assignment.objects.filter(unit=unit)
    scope = unit_scope("units", (unit.pk,), jurisdictions=(unit.jurisdiction_id,))
    context = filtered_assignments(request, list_filterset(request.GET, base, window, scope=scope), scope=scope,
                                   hide=("unit",))
    context.update(unit=unit, by_year=on_time_by_year(base, window), window=window)
    return render(request, "tasks/portal/unit_detail.html", context)
