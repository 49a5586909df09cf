"""Office staff's deadline and batch work: a task's deadline, one unit's own date, one deadline for
many tasks, urging many units, and accepting or returning many reports at once.

Every view parses a bounded form, checks access through tasks.access and calls one service.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tasks.access import office_assignment_for_user, office_batch_ids, require_staff, task_for_user
from tasks.forms.office import AssignmentDueForm, BatchDeadlineForm, BatchUrgeForm, BulkReviewForm, DeadlineForm
from tasks.models import Assignment, ProgressReport, Task
from tasks.services.due_dates import assignment_due_set, tasks_deadline_set
from tasks.services.reports import progress_reports_review
from tasks.services.urging import urges_send
from tasks.views.form_actions import form_act
from tasks.views.portal_common import back


def _deadline_args(data) -> dict:
    return {"phrase": (data.get("phrase") or "").strip() or None, "due_on": data.get("due_on"),
            "reason": data["reason"]}


def _submit(request, form, fallback: str, act):
    """The shape of every view here: a bounded form, one service call, what happened said, back.

    ``act(cleaned_data)`` calls the service and returns the messages to show, as (level, text)."""
    form_act(request, form, act)
    return back(request, fallback)


@login_required
@require_POST
def task_deadline(request, pk):
    """Set or change one task's deadline (phrase or date), recomputed and kept in history."""
    task, _can_write = task_for_user(request.user, pk, write=True)

    def act(data):
        changed = tasks_deadline_set(tasks=[task], user=request.user, **_deadline_args(data))
        return [(messages.SUCCESS, _("The deadline was changed.") if changed else _("The deadline was already so."))]

    return _submit(request, DeadlineForm(request.POST), task.get_absolute_url(), act)


@login_required
@require_POST
def tasks_deadline(request):
    """One deadline for many tasks ticked on a document's task list."""
    require_staff(request.user)

    def act(data):
        ids = []
        if data["tasks"]:
            ids = office_batch_ids(request.user, Task, data["tasks"])
        if data["assignments"]:
            rows = office_batch_ids(request.user, Assignment, data["assignments"])
            ids += Assignment.objects.filter(pk__in=rows).values_list("task_id", flat=True)
        changed = tasks_deadline_set(tasks=ids, user=request.user, **_deadline_args(data))
        return [(messages.SUCCESS, ngettext("The deadline of %(count)d task was changed.",
                                            "The deadline of %(count)d tasks was changed.", changed)
                 % {"count": changed})]

    return _submit(request, BatchDeadlineForm(request.POST), reverse("portal:document_list"), act)


@login_required
@require_POST
def assignment_due(request, pk):
    """Give one unit its own due date on a task (or clear it)."""
    assignment = office_assignment_for_user(request.user, pk)

    def act(data):
        assignment_due_set(assignment=assignment, due_on=data["due_on"], user=request.user, reason=data["reason"],
                           version=data["version"])
        return [(messages.SUCCESS, _("The unit's due date was changed."))]

    return _submit(request, AssignmentDueForm(request.POST), assignment.get_absolute_url(), act)


@login_required
@require_POST
def assignments_urge(request):
    """Urge the units ticked on the ledger or the overdue list: one urge per assignment."""
    require_staff(request.user)

    def act(data):
        ids = office_batch_ids(request.user, Assignment, data["assignments"])
        rows = Assignment.objects.filter(pk__in=ids).select_related("task__document", "unit")
        sent, skipped = urges_send(assignments=rows, user=request.user, message=data["message"])
        said = [(messages.SUCCESS, ngettext("%(count)d unit has been urged.", "%(count)d units have been urged.",
                                            len(sent)) % {"count": len(sent)})]
        if skipped:
            said.append((messages.INFO, ngettext("%(count)d completed assignment was skipped.",
                                                 "%(count)d completed assignments were skipped.", skipped)
                         % {"count": skipped}))
        return said

    return _submit(request, BatchUrgeForm(request.POST), reverse("portal:assignment_list"), act)


@login_required
@require_POST
def reports_review(request):
    """Accept or return the reports ticked in the review queue, with one comment."""
    require_staff(request.user)

    def act(data):
        ids = office_batch_ids(request.user, ProgressReport, data["reports"])
        accept = data["decision"] == "accept"
        count = progress_reports_review(reports=ids, user=request.user, accept=accept, note=data["note"])
        if accept:
            text = ngettext("%(count)d report accepted.", "%(count)d reports accepted.", count)
        else:
            text = ngettext("%(count)d report returned.", "%(count)d reports returned.", count)
        return [(messages.SUCCESS, text % {"count": count})]

    return _submit(request, BulkReviewForm(request.POST), reverse("portal:review_queue"), act)
