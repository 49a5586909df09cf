"""Year-over-year review (回头看): office staff and supervisors of a jurisdiction look back at a past
document, see each unit's record year by year, and export the review report; office staff carry
unfinished tasks into a later document. Everyone else gets 404; supervisors get 403 on writes.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tasks.access import jurisdiction_for_user, require_staff, staff_document_for_user, staff_jurisdictions
from tasks.exports.sources import ExportSpec
from tasks.filters import ReviewUnitFilter
from tasks.models import Document, Task
from tasks.selectors.calendar import today
from tasks.selectors.yearly_review import (
    TASK_STATE_LABELS,
    carry_over_targets,
    documents_by_year,
    review_summary,
    review_tasks,
    unfinished_by_unit,
    unit_records_by_year,
)
from tasks.services.carry_over import CarryOverError, carry_over_tasks
from tasks.views.exports import deliver


class CarryOverForm(forms.Form):
    target = forms.ModelChoiceField(queryset=Document.objects.none(), label=gettext_lazy("Carry into"))
    tasks = forms.ModelMultipleChoiceField(queryset=Task.objects.none(), label=gettext_lazy("Tasks"),
                                           error_messages={"required": gettext_lazy("Choose at least one task.")})

    def __init__(self, *args, document: Document, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = carry_over_targets(document=document)
        self.fields["tasks"].queryset = Task.objects.filter(document=document)


@login_required
def index(request):
    """Pick a jurisdiction (straight to it when the user has only one)."""
    access = require_staff(request.user)
    jurisdictions = list(staff_jurisdictions(access))
    if len(jurisdictions) == 1:
        return redirect("yearly_review:jurisdiction", pk=jurisdictions[0].pk)
    return render(request, "tasks/yearly_review/index.html", {"jurisdictions": jurisdictions})


@login_required
def jurisdiction(request, pk: int):
    """The jurisdiction's documents by year, and each unit's record across years side by side."""
    jurisdiction, can_write = jurisdiction_for_user(request.user, pk)
    years, unit_rows = unit_records_by_year(jurisdiction_id=jurisdiction.pk, on=today())
    return render(request, "tasks/yearly_review/jurisdiction.html", {
        "jurisdiction": jurisdiction, "can_write": can_write, "groups": documents_by_year(jurisdiction_id=pk),
        "years": years, "unit_rows": unit_rows,
    })


@login_required
def document(request, pk: int):
    """A past document's unfinished or late tasks, by unit, with the carry-over form for office staff."""
    document, can_write = staff_document_for_user(request.user, pk)
    day = today()
    tasks = review_tasks(document=document, on=day)
    unfinished = [task for task in tasks if task.is_unfinished]
    by_unit = unfinished_by_unit(tasks)
    unit_id = ReviewUnitFilter(request.GET, units=[(e["unit_id"], e["name"]) for e in by_unit]).unit_id
    if unit_id is not None:
        unfinished = [task for task in unfinished if any(
            unit.unit_id == unit_id and not unit.is_finished_on_time for unit in task.units
        )]
    years, unit_rows = unit_records_by_year(jurisdiction_id=document.jurisdiction_id, on=day)
    return render(request, "tasks/yearly_review/document.html", {
        "document": document, "can_write": can_write, "tasks": unfinished, "summary": review_summary(tasks),
        "by_unit": by_unit, "unit_filter": unit_id,
        "targets": list(carry_over_targets(document=document)) if can_write else [],
        "years": years, "unit_rows": unit_rows, "state_labels": TASK_STATE_LABELS,
    })


@login_required
@require_POST
def carry_over(request, pk: int):
    """Carry the chosen tasks of this document into a later one (office staff only)."""
    document, _can_write = staff_document_for_user(request.user, pk, write=True)
    form = CarryOverForm(request.POST, document=document)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("yearly_review:document", pk=document.pk)
    target = form.cleaned_data["target"]
    try:
        created = carry_over_tasks(tasks=form.cleaned_data["tasks"], target_document=target, user=request.user)
    except CarryOverError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(count)s tasks carried into %(document)s.") % {
            "count": len(created), "document": target,
        })
    return redirect("yearly_review:document", pk=document.pk)


def _report_data(document: Document) -> dict:
    tasks = review_tasks(document=document, on=today())
    return {"tasks": tasks, "summary": review_summary(tasks), "units": unfinished_by_unit(tasks)}


@login_required
def report(request, pk: int):
    """The 回头看 report: every task of the document with its final state, unit by unit."""
    document, _can_write = staff_document_for_user(request.user, pk)
    return render(request, "tasks/yearly_review/report.html", {"document": document, **_report_data(document)})


@login_required
def report_xlsx(request, pk: int):
    return deliver(request, ExportSpec(source="yearly_review", export_format="xlsx", pk=pk))


@login_required
def report_pdf(request, pk: int):
    return deliver(request, ExportSpec(source="yearly_review", export_format="pdf", pk=pk))
