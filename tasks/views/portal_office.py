"""Office staff's work: the review queue, review, 催办, extension decisions, assigning units,
picking the units behind vague references, publishing documents.

Supervisors may read the queue; every write here answers 403 to them and 404 to outsiders.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tasks.access import (
    document_for_user,
    office_assignment_for_user,
    office_report_for_user,
    require_staff,
    task_for_user,
)
from tasks.forms.office import AssignForm, ExtensionDecisionForm, PublishForm, RoleForm, UrgeForm, VaguePickForm
from tasks.forms.reports import ReviewForm
from tasks.models import ExtensionRequest
from tasks.selectors.portal import pending_extensions, reports_waiting_count, review_queue_keys, review_queue_reports
from tasks.services.assignments import (
    assignment_add,
    assignment_change_role,
    assignment_remove,
    task_pick_vague_units,
)
from tasks.services.errors import ServiceError
from tasks.services.extensions import extension_decide
from tasks.services.publishing import document_publish
from tasks.services.reports import progress_report_review
from tasks.services.urging import urge_send
from tasks.tables import CountedPaginator, KeysFirst, ReportQueueTable
from tasks.views.form_actions import form_act
from tasks.views.portal_common import back
from units.models import Unit


@login_required
def review_queue(request):
    """Reports waiting for review and pending extension requests in the user's jurisdictions."""
    access = require_staff(request.user)
    # The count is the menu badge's (one cached COUNT per request at most); a page's reports are
    # cut from their keys first (KeysFirst), then read with what their cards show.
    count = reports_waiting_count(access)
    table = ReportQueueTable(KeysFirst(review_queue_keys(access), review_queue_reports(access), count=count))
    table.paginate(paginator_class=CountedPaginator, per_page=20, count=count, page=request.GET.get("page") or 1)
    extensions = pending_extensions(access)
    return render(request, "tasks/portal/review_queue.html", {
        "table": table,
        "page": table.page,
        "extensions": extensions,
        "can_review": access.is_office,
        "writable": access.office_jurisdictions,
        "is_superuser": access.is_superuser,
    })


@login_required
@require_POST
def report_review(request, pk):
    report = office_report_for_user(request.user, pk)
    fallback = report.assignment.get_absolute_url()

    def act(data):
        accept = data["decision"] == "accept"
        progress_report_review(report=report, user=request.user, accept=accept, note=data["note"],
                               version=data["version"])
        return [(messages.SUCCESS, _("Report accepted.") if accept else _("Report returned."))]

    form_act(request, ReviewForm(request.POST), act)
    return back(request, fallback)


@login_required
@require_POST
def extension_decide_view(request, pk):
    extension = get_object_or_404(ExtensionRequest.objects.only("pk", "assignment_id"), pk=pk)
    assignment = office_assignment_for_user(request.user, extension.assignment_id)

    def act(data):
        approve = data["decision"] == "approve"
        extension_decide(request=extension, user=request.user, approve=approve, note=data["note"],
                         version=data["version"])
        return [(messages.SUCCESS, _("Extension approved.") if approve else _("Extension refused."))]

    form_act(request, ExtensionDecisionForm(request.POST), act)
    return back(request, assignment.get_absolute_url())


@login_required
@require_POST
def assignment_urge(request, pk):
    assignment = office_assignment_for_user(request.user, pk)

    def act(data):
        urge_send(assignment=assignment, user=request.user, message=data["message"])
        return [(messages.SUCCESS, _("%(unit)s has been urged.") % {"unit": assignment.unit.display_name})]

    form_act(request, UrgeForm(request.POST), act)
    return back(request, assignment.get_absolute_url())


@login_required
@require_POST
def assignment_role(request, pk):
    assignment = office_assignment_for_user(request.user, pk)

    def act(data):
        assignment_change_role(assignment=assignment, role=data["role"], version=data["version"], user=request.user)
        return [(messages.SUCCESS, _("Role changed."))]

    form_act(request, RoleForm(request.POST), act)
    return back(request, assignment.task.get_absolute_url())


@login_required
@require_POST
def assignment_remove_view(request, pk):
    assignment = office_assignment_for_user(request.user, pk)
    task_url = assignment.task.get_absolute_url()
    try:
        assignment_remove(assignment=assignment, user=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(unit)s was removed from the task.") % {"unit": assignment.unit.display_name})
    return redirect(task_url)


def _jurisdiction_units(task):
    return Unit.objects.filter(jurisdiction_id=task.document.jurisdiction_id, active=True).select_related("parent")


@login_required
@require_POST
def task_assign(request, pk):
    task, _can_write = task_for_user(request.user, pk, write=True)

    def act(data):
        assignment_add(task=task, unit=data["unit"], role=data["role"], user=request.user)
        return [(messages.SUCCESS, _("%(unit)s was assigned.") % {"unit": data["unit"].display_name})]

    form_act(request, AssignForm(request.POST, units=_jurisdiction_units(task)), act)
    return redirect(task.get_absolute_url())


@login_required
@require_POST
def task_pick_units(request, pk):
    task, _can_write = task_for_user(request.user, pk, write=True)

    def act(data):
        created = task_pick_vague_units(task=task, units=data["units"], role=data["role"], user=request.user)
        return [(messages.SUCCESS, _("%(count)d units were assigned.") % {"count": len(created)})]

    form_act(request, VaguePickForm(request.POST, units=_jurisdiction_units(task)), act)
    return redirect(task.get_absolute_url())


@login_required
@require_POST
def document_publish_view(request, pk):
    document, _can_write = document_for_user(request.user, pk, write=True)
    form = PublishForm(request.POST)
    published = form.is_valid() and form.cleaned_data["published"]
    document_publish(document=document, user=request.user, published=published)
    messages.success(request, _("The document's progress is now public.") if published
                     else _("The document's progress was withdrawn from the public pages."))
    return back(request, document.get_absolute_url())
