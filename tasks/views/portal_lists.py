"""Assignment lists: the liaison's home (我的任务), the ledger (工作台账) and a unit's page."""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect, render

from tasks.access import access_for, unit_for_user
from tasks.caching import unit_scope
from tasks.filters import LedgerFilter
from tasks.models import Assignment, Document
from tasks.selectors.assignments import LightWindow, assignments_of_user_units, assignments_visible_to
from tasks.selectors.portal import due_this_week, on_time_by_year
from tasks.views.portal_common import filtered_assignments
from units.models import Jurisdiction, Unit


@login_required
def home(request):
    """A liaison's assignments across documents; office staff and supervisors go to the overview."""
    access = access_for(request.user)
    if not access.is_liaison and (access.is_office or access.is_supervisor):
        return redirect("portal:overview")
    window = LightWindow.now()
    base = assignments_of_user_units(request.user)
    scope = unit_scope("units", access.unit_ids, jurisdictions=access.unit_jurisdictions)
    context = filtered_assignments(request, base, window, scope=scope,
                                   hide=("unit",) if len(access.unit_ids) <= 1 else ())
    context["due_week"] = due_this_week(base, window)
    context["units"] = list(Unit.objects.filter(pk__in=access.unit_ids).select_related("parent"))
    context["window"] = window
    return render(request, "tasks/portal/home.html", context)


@login_required
def assignment_list(request):
    """Every assignment the user may read, with unit and jurisdiction filters."""
    access = access_for(request.user)
    window = LightWindow.now()
    base = assignments_visible_to(request.user)
    # The unit choices come from the Unit table (small), not from the assignments in scope (a
    # semi-join over all of them): for staff the units of their jurisdictions are the same set.
    if access.is_superuser:
        jurisdictions = Jurisdiction.objects.all()
        documents = Document.objects.all()
        units = Unit.objects.all()
    else:
        staff = access.office_jurisdictions | access.supervisor_jurisdictions
        jurisdictions = Jurisdiction.objects.filter(pk__in=staff | access.unit_jurisdictions)
        documents = Document.objects.filter(jurisdiction_id__in=staff) | Document.objects.filter(
            tasks__assignments__unit_id__in=access.unit_ids
        )
        documents = Document.objects.filter(pk__in=documents.values("pk"))
        units = Unit.objects.filter(Q(jurisdiction_id__in=staff) | Q(pk__in=access.unit_ids))
    units = units.order_by("jurisdiction__order", "order", "name")
    context = filtered_assignments(
        request, base, window, scope=("ledger", access.read_scope), filter_class=LedgerFilter,
        documents=documents, jurisdictions=jurisdictions, units=units,
    )
    context["window"] = window
    return render(request, "tasks/portal/assignment_list.html", context)


@login_required
def unit_detail(request, pk):
    """One unit's assignments across documents and years, and its on-time record per year."""
    unit, _can_write = unit_for_user(request.user, pk)
    window = LightWindow.now()
    base = Assignment.objects.filter(unit=unit)
    scope = unit_scope("units", (unit.pk,), jurisdictions=(unit.jurisdiction_id,))
    context = filtered_assignments(request, base, window, scope=scope, hide=("unit",))
    context.update(unit=unit, by_year=on_time_by_year(base, window), window=window)
    return render(request, "tasks/portal/unit_detail.html", context)
