"""One unit's assignment: the task in context, the report form, history; the unit's own acts
(report, 签收, 延期申请) and the access-checked attachment download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tasks.access import access_for, assignment_for_user, unit_assignment_for_user
from tasks.forms.office import EventDateForm, ExtensionDecisionForm, ExtensionRequestForm, UrgeForm
from tasks.forms.reports import ReportForm, ReviewForm
from tasks.models import Assignment, Attachment, ExtensionRequest, ProgressReport, ReportingPeriod, Status
from tasks.selectors.assignments import LightWindow, with_light
from tasks.selectors.calendar import work_calendar
from tasks.selectors.portal_history import history_entries, timeline
from tasks.services.assignments import assignment_acknowledge
from tasks.services.due_dates import task_event_date_set
from tasks.services.errors import ServiceError
from tasks.services.extensions import extension_request
from tasks.services.reports import progress_report_submit
from tasks.views.files import file_response
from tasks.views.portal_common import history_page


def _report_subject(record) -> str:
    return _("Report of %(date)s") % {"date": date_format(timezone.localtime(record.created_at), "Y-m-d H:i")}


def assignment_history(assignment: Assignment) -> list:
    """The assignment's own changes, its reports' and its extension requests' (three queries)."""
    return timeline(
        history_entries(Assignment.history.filter(id=assignment.pk), subject=lambda r: _("Assignment")),
        history_entries(ProgressReport.history.filter(assignment_id=assignment.pk), subject=_report_subject),
        history_entries(
            ExtensionRequest.history.filter(assignment_id=assignment.pk), subject=lambda r: _("Extension request")
        ),
    )


def _context(request, assignment: Assignment, can_write: bool, *, report_form=None, extension_form=None) -> dict:
    user = request.user
    window = LightWindow.now()
    task = assignment.task
    units = list(
        with_light(task.assignments.all(), window).select_related("unit__parent").order_by("role", "unit__order")
    )
    light = next((a.light for a in units if a.pk == assignment.pk), None)
    reports = list(
        assignment.reports.select_related("author", "reviewer", "period").prefetch_related("attachments")
    )
    periods = list(task.periods.order_by("index"))
    if periods:
        states = {s.period_id: s for s in assignment.period_states.all()}
        for period in periods:
            period.state = states.get(period.pk)
    extensions = list(assignment.extension_requests.select_related("requested_by", "decided_by"))
    pending_extension = next((e for e in extensions if e.state == ExtensionRequest.State.PENDING), None)
    granted = next((e for e in extensions if e.state == ExtensionRequest.State.APPROVED), None)
    access = access_for(user)
    member = access.acts_for_unit(assignment.unit_id)
    office = access.can_write_jurisdiction(task.document.jurisdiction_id)
    for row in units:
        row.readable = access.can_read_assignment(task.document.jurisdiction_id, row.unit_id)
    open_ = assignment.status != Status.COMPLETED
    can_report = can_write and (member or office) and (open_ or bool(periods))
    returned = next((r for r in reports if r.state == ProgressReport.State.RETURNED), None)
    if returned and reports and reports[0].pk != returned.pk:
        returned = None  # only the latest report's return is news
    return {
        "assignment": assignment,
        "task": task,
        "document": task.document,
        "light": light,
        "units": units,
        "reports": reports,
        "periods": periods,
        "extensions": extensions,
        "pending_extension": pending_extension,
        "granted": granted,
        "urges": list(assignment.urges.select_related("sent_by")),
        "returned": returned,
        "can_write": can_write,
        "is_member": member,
        "is_office": office,
        "report_form": report_form
        or (ReportForm(task=task, periods=periods,
                       initial={"percent": reports[0].percent if reports else assignment.percent})
            if can_report else None),
        "can_acknowledge": member and can_write and assignment.acknowledged_at is None,
        "extension_form": extension_form
        or (ExtensionRequestForm() if member and can_write and open_ and not pending_extension else None),
        "review_form": ReviewForm(initial={"version": assignment.version}) if office else None,
        "urge_form": UrgeForm() if office and open_ else None,
        "due_form": office,
        "decision_form": ExtensionDecisionForm(initial={"version": assignment.version})
        if office and pending_extension else None,
    }


def _form_post(request, assignment, can_write: bool, form, save, *, form_name: str, anchor: str, saved: str,
               not_saved: str):
    """A form of the assignment page: ``save(cleaned_data)`` calls the service. Saved, say so and go
    back to the page's ``anchor``; invalid or refused (a ServiceError), the page again with the
    form's errors (400)."""
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, saved)
            return redirect(assignment.get_absolute_url() + anchor)
    messages.error(request, not_saved)
    context = _context(request, assignment, can_write, **{form_name: form})
    return render(request, "tasks/portal/assignment_detail.html", context, status=400)


@login_required
def assignment_detail(request, pk):
    assignment, can_write = assignment_for_user(request.user, pk)
    return render(request, "tasks/portal/assignment_detail.html", _context(request, assignment, can_write))


@login_required
def assignment_history_page(request, pk):
    """The assignment's change history (its own, its reports', its extension requests')."""
    assignment, _can_write = assignment_for_user(request.user, pk)
    return history_page(request, assignment_history(assignment), task=assignment.task,
                        back=assignment.get_absolute_url(), heading=assignment.unit.display_name,
                        assignment=assignment)


@login_required
@require_POST
def report_submit(request, pk):
    """Liaisons (or office staff on a unit's behalf) submit a progress report."""
    assignment, can_write = assignment_for_user(request.user, pk, write=True)
    # One query for the periods (in index order), which the form lists and checks and the
    # service (task_has_periods) asks about.
    prefetch_related_objects([assignment.task], Prefetch("periods", ReportingPeriod.objects.order_by("index")))
    form = ReportForm(request.POST, request.FILES, task=assignment.task, periods=list(assignment.task.periods.all()))

    def save(data):
        progress_report_submit(
            assignment=assignment, user=request.user, text=data["text"], percent=data["percent"],
            evidence_urls=data["evidence_urls"], files=data["attachments"], period=data.get("period"),
        )

    return _form_post(request, assignment, can_write, form, save, form_name="report_form", anchor="#reports",
                      saved=_("Your report was submitted for review."),
                      not_saved=_("The report was not saved: please correct the errors below."))


@login_required
@require_POST
def assignment_acknowledge_view(request, pk):
    assignment = unit_assignment_for_user(request.user, pk)
    assignment_acknowledge(assignment=assignment, user=request.user)
    messages.success(request, _("Receipt acknowledged."))
    return redirect(assignment.get_absolute_url())


@login_required
@require_POST
def extension_request_create(request, pk):
    assignment = unit_assignment_for_user(request.user, pk)

    def save(data):
        extension_request(assignment=assignment, user=request.user, requested_due=data["requested_due"],
                          reason=data["reason"])

    return _form_post(request, assignment, True, ExtensionRequestForm(request.POST), save,
                      form_name="extension_form", anchor="#extensions",
                      saved=_("Your extension request was sent to the office."),
                      not_saved=_("The extension request was not sent: please correct the errors below."))


@login_required
def attachment_download(request, pk):
    """Serve an evidence file to whoever may read its assignment, always as a download."""
    attachment = get_object_or_404(Attachment.objects.select_related("report"), pk=pk)
    assignment_for_user(request.user, attachment.report.assignment_id)
    return file_response(attachment.file, name=attachment.original_name)


@login_required
def attachment_view(request, pk):
    """The same file shown in the browser when it is a PDF or an image (tasks.views.files); any
    other type is the same download as ``attachment_download``. Same access check."""
    attachment = get_object_or_404(Attachment.objects.select_related("report"), pk=pk)
    assignment_for_user(request.user, attachment.report.assignment_id)
    return file_response(attachment.file, name=attachment.original_name, inline=True)


@login_required
@require_POST
def assignment_event_date(request, pk):
    """Office staff or the unit enter the date of the event a deadline counts from (决策文件出台…)."""
    assignment, _can_write = assignment_for_user(request.user, pk, write=True)
    form = EventDateForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("event_on", []):
            messages.error(request, error)
        return redirect(assignment.get_absolute_url())
    try:
        task_event_date_set(
            task=assignment.task, event_on=form.cleaned_data["event_on"],
            calendar=work_calendar(jurisdiction=assignment.task.document.jurisdiction_id),
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Event date saved; the due date follows from it."))
    return redirect(assignment.get_absolute_url())
