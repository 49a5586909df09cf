"""Documents and tasks: the document list, a document's sections, tasks, units and lights (with
its overview for staff), and a task's page (units, assigning, vague references, history)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from tasks.access import access_for, document_for_user, task_for_user, visible_documents
from tasks.caching import ReadScope
from tasks.exports.buttons import document_export_buttons
from tasks.filters import DocumentFilter
from tasks.forms.office import AssignForm, VaguePickForm
from tasks.models import Assignment, Document, Role, Task
from tasks.selectors.assignments import LightWindow, with_light
from tasks.selectors.portal import document_outline, documents_with_progress
from tasks.selectors.portal_history import history_entries, timeline
from tasks.services.assignments import is_vague
from tasks.tables import ClampedPaginator, DocumentTable
from tasks.views.portal_common import history_page, import_url
from tasks.views.portal_overview import board_and_charts
from units.models import Unit


@login_required
def document_list(request):
    access = access_for(request.user)
    window = LightWindow.now()
    visible = Document.objects.filter(pk__in=visible_documents(access).values("pk"))
    years = sorted({y for y in visible.values_list("year", flat=True).distinct() if y}, reverse=True)
    filterset = DocumentFilter(request.GET or None, queryset=visible, years=years)
    if filterset.is_bound and not filterset.is_valid():
        for errors in filterset.form.errors.values():
            for error in errors:
                messages.error(request, error)
    filtered = filterset.qs if filterset.is_bound and filterset.is_valid() else visible
    documents = documents_with_progress(filtered, window).order_by("-year", "-issued_on", "pk")
    table = DocumentTable(documents, request=request, writable=access.office_jurisdictions,
                          is_superuser=access.is_superuser)
    table.paginate(paginator_class=ClampedPaginator, per_page=30, page=request.GET.get("page") or 1)
    return render(request, "tasks/portal/document_list.html", {
        "table": table,
        "filter": filterset,
        "filters_active": any(v for k, v in request.GET.items() if k != "page"),
        "import_url": import_url() if access.is_office else None,
    })


@login_required
def document_detail(request, pk):
    document, can_write = document_for_user(request.user, pk)
    access = access_for(request.user)
    window = LightWindow.now()
    staff = access.can_read_jurisdiction(document.jurisdiction_id)
    assignments = Assignment.objects.filter(task__document=document)
    context = {
        "document": document,
        "can_write": can_write,
        "outline": document_outline(document, window, assignments=assignments),
        "own_units": access.unit_ids,
        "staff": staff,
        "export_buttons": document_export_buttons(document),
    }
    if staff:
        scope = ReadScope(("document", document.pk), jurisdictions=(document.jurisdiction_id,))
        context.update(board_and_charts(scope, assignments, window, with_matrix=True, no_counts=True))
    return render(request, "tasks/portal/document_detail.html", context)


def _task_history(task: Task, unit_names: dict) -> list:
    def assignment_subject(record):
        return _("Assignment of %(unit)s") % {"unit": unit_names.get(record.unit_id, f"#{record.unit_id}")}

    return timeline(
        history_entries(Task.history.filter(id=task.pk), subject=lambda r: _("Task")),
        history_entries(Assignment.history.filter(task_id=task.pk), subject=assignment_subject),
    )


@login_required
def task_history_page(request, pk):
    """The task's change history and its assignments' (units named as the registry has them now)."""
    task, _can_write = task_for_user(request.user, pk)
    names = {u.pk: u.display_name for u in Unit.objects.filter(jurisdiction_id=task.document.jurisdiction_id)
             .select_related("parent")}
    return history_page(request, _task_history(task, names), task=task, back=task.get_absolute_url())


@login_required
def task_detail(request, pk):
    task, can_write = task_for_user(request.user, pk)
    access = access_for(request.user)
    window = LightWindow.now()
    units = list(
        with_light(task.assignments.all(), window).select_related("unit__parent").order_by("role", "unit__order")
    )
    jurisdiction_units = list(
        Unit.objects.filter(jurisdiction_id=task.document.jurisdiction_id).select_related("parent")
    )
    for row in units:
        row.readable = access.can_read_assignment(task.document.jurisdiction_id, row.unit_id)
    context = {
        "task": task,
        "document": task.document,
        "units": units,
        "can_write": can_write,
        "vague": is_vague(task),
        "periods": list(task.periods.order_by("index")),
        "roles": Role.choices,
    }
    if can_write:
        active = [u for u in jurisdiction_units if u.active]
        assigned = {row.unit_id for row in units}
        free = Unit.objects.filter(pk__in=[u.pk for u in active if u.pk not in assigned]).select_related("parent")
        context["assign_form"] = AssignForm(units=free)
        if context["vague"]:
            context["pick_form"] = VaguePickForm(units=free)
    return render(request, "tasks/portal/task_detail.html", context)
