"""The unit registry pages (namespace ``registry``): a jurisdiction's units, their other names,
merging two entries of one real unit, deactivating, and collective references.

Office staff of the jurisdiction change it; its supervisors read the lists (403 on every write and
form page); everybody else gets 404 (tasks.access). Writes go through units.registry.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from tasks.access import (
    collective_for_user,
    jurisdiction_for_user,
    registry_unit_for_user,
    require_staff,
    staff_jurisdictions,
    unit_alias_for_user,
)
from tasks.filters import UnitFilter
from tasks.forms.registry import AliasForm, CollectiveForm, MergeForm, UnitForm
from tasks.selectors.registry import registry_collectives, registry_units, unit_choices
from tasks.views.portal_common import report_errors
from units import registry as services
from units.models import CollectiveReference

UNITS_PER_PAGE = 200


def _unit_list_url(jurisdiction_id: int) -> str:
    return reverse("registry:unit_list", args=[jurisdiction_id])


def _edit_url(unit) -> str:
    return reverse("registry:unit_edit", args=[unit.pk])


@login_required
@require_safe
def index(request):
    """The registries the user may read; straight to the one when there is only one."""
    access = require_staff(request.user)
    jurisdictions = list(staff_jurisdictions(access))
    if len(jurisdictions) == 1:
        return redirect(_unit_list_url(jurisdictions[0].pk))
    return render(request, "tasks/registry/index.html", {"jurisdictions": jurisdictions})


@login_required
@require_safe
def unit_list(request, pk):
    jurisdiction, can_write = jurisdiction_for_user(request.user, pk)
    units = registry_units(jurisdiction)
    unit_filter = UnitFilter(request.GET or None, queryset=units)
    shown = unit_filter.qs if unit_filter.is_bound and unit_filter.is_valid() else units
    page = Paginator(shown, UNITS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "tasks/registry/unit_list.html", {
        "jurisdiction": jurisdiction, "can_write": can_write, "filter": unit_filter, "page": page,
        "units": list(page.object_list),
    })


@login_required
def unit_create(request, pk):
    jurisdiction, _can_write = jurisdiction_for_user(request.user, pk, write=True)
    form = UnitForm(request.POST or None, parents=unit_choices(jurisdiction), with_active=False)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(jurisdiction=jurisdiction, user=request.user, **form.cleaned_data)
        except services.RegistryChangeError as error:
            form.add_error("name", error.message)
        else:
            messages.success(request, _("%(unit)s was added.") % {"unit": unit.name})
            return redirect(_edit_url(unit))
    return render(request, "tasks/registry/unit_form.html", {"jurisdiction": jurisdiction, "form": form})


@login_required
def unit_edit(request, pk):
    unit, _can_write = registry_unit_for_user(request.user, pk, write=True)
    initial = {"name": unit.name, "short_name": unit.short_name, "kind": unit.kind, "parent": unit.parent,
               "order": unit.order, "active": unit.active}
    form = UnitForm(request.POST or None, initial=initial, parents=unit_choices(unit.jurisdiction, exclude=unit))
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_update(unit=unit, user=request.user, **form.cleaned_data)
        except services.RegistryChangeError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The unit was saved."))
            return redirect(_edit_url(unit))
    return render(request, "tasks/registry/unit_edit.html", {
        "jurisdiction": unit.jurisdiction, "unit": unit, "form": form, "alias_form": AliasForm(),
        "aliases": list(unit.aliases.all()), "liaisons": list(unit.memberships.select_related("user")),
        "history": list(unit.history.select_related("history_user").order_by("-history_date")[:10]),
    })


@login_required
@require_POST
def alias_add(request, pk):
    unit, _can_write = registry_unit_for_user(request.user, pk, write=True)
    form = AliasForm(request.POST)
    if not form.is_valid():
        report_errors(request, form)
    else:
        try:
            services.unit_alias_add(unit=unit, name=form.cleaned_data["name"], user=request.user)
        except services.RegistryChangeError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("“%(name)s” now also names %(unit)s.") % {
                "name": form.cleaned_data["name"], "unit": unit.name})
    return redirect(_edit_url(unit))


@login_required
@require_POST
def alias_remove(request, pk):
    alias, _can_write = unit_alias_for_user(request.user, pk, write=True)
    services.unit_alias_remove(alias=alias, user=request.user)
    messages.success(request, _("“%(name)s” was removed.") % {"name": alias.name})
    return redirect(_edit_url(alias.unit))


@login_required
@require_POST
def unit_set_active(request, pk):
    unit, _can_write = registry_unit_for_user(request.user, pk, write=True)
    try:
        if request.POST.get("active") == "1":
            services.unit_reactivate(unit=unit, user=request.user)
            messages.success(request, _("%(unit)s is in use again.") % {"unit": unit.name})
        else:
            services.unit_deactivate(unit=unit, user=request.user)
            messages.success(request, _("%(unit)s was deactivated: the importer no longer matches it and it "
                                        "cannot be given new tasks.") % {"unit": unit.name})
    except services.RegistryChangeError as error:
        messages.error(request, error.message)
    return redirect(_edit_url(unit))


@login_required
def unit_merge(request, pk):
    """Pick the unit to merge into (GET ?target=), see what moves, confirm (POST)."""
    source, _can_write = registry_unit_for_user(request.user, pk, write=True)
    targets = unit_choices(source.jurisdiction, exclude=source, active_only=True)
    data = request.POST if request.method == "POST" else (request.GET if "target" in request.GET else None)
    form = MergeForm(data, targets=targets)
    plan = None
    if form.is_bound and form.is_valid():
        target = form.cleaned_data["target"]
        try:
            if request.method == "POST":
                result = services.units_merge(source=source, target=target, user=request.user)
                messages.success(request, _(
                    "%(source)s was merged into %(target)s: %(assignments)s assignments and %(liaisons)s "
                    "liaisons moved.") % {
                    "source": source.name, "target": target.name,
                    "assignments": result.assignments_moved + result.assignments_combined,
                    "liaisons": result.liaisons_moved})
                return redirect(_edit_url(target))
            plan = services.merge_plan(source=source, target=target)
        except services.RegistryChangeError as error:
            form.add_error("target", error.message)
    return render(request, "tasks/registry/unit_merge.html", {
        "jurisdiction": source.jurisdiction, "unit": source, "form": form, "plan": plan,
        "target": form.cleaned_data.get("target") if plan else None,
    })


@login_required
@require_safe
def collective_list(request, pk):
    jurisdiction, can_write = jurisdiction_for_user(request.user, pk)
    return render(request, "tasks/registry/collective_list.html", {
        "jurisdiction": jurisdiction, "can_write": can_write, "collectives": registry_collectives(jurisdiction),
        "rule_labels": dict(CollectiveReference.Rule.choices),
    })


def _collective_form_page(request, *, jurisdiction, collective=None):
    initial = None
    if collective is not None:
        initial = {"name": collective.name, "aliases": "\n".join(collective.aliases or []), "rule": collective.rule,
                   "is_vague": collective.is_vague, "members": list(collective.members.all())}
    form = CollectiveForm(request.POST or None, initial=initial, units=unit_choices(jurisdiction))
    if request.method == "POST" and form.is_valid():
        fields = form.cleaned_data
        try:
            if collective is None:
                services.collective_create(jurisdiction=jurisdiction, user=request.user, **fields)
            else:
                services.collective_update(collective=collective, user=request.user, **fields)
        except services.RegistryChangeError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("“%(name)s” was saved.") % {"name": fields["name"]})
            return redirect("registry:collective_list", jurisdiction.pk)
    return render(request, "tasks/registry/collective_form.html", {
        "jurisdiction": jurisdiction, "collective": collective, "form": form,
    })


@login_required
def collective_create(request, pk):
    jurisdiction, _can_write = jurisdiction_for_user(request.user, pk, write=True)
    return _collective_form_page(request, jurisdiction=jurisdiction)


@login_required
def collective_edit(request, pk):
    collective, _can_write = collective_for_user(request.user, pk, write=True)
    return _collective_form_page(request, jurisdiction=collective.jurisdiction, collective=collective)
