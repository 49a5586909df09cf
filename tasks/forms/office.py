"""Forms office staff use on task and assignment pages: assign, re-role, urge, decide extensions."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tasks.bounds import (
    MAX_BATCH_REVIEWS,
    MAX_BATCH_TASKS,
    MAX_BATCH_URGES,
    MAX_CHANGE_REASON_CHARS,
    MAX_DEADLINE_PHRASE_CHARS,
)
from tasks.models import Role
from tasks.services.due_dates import DeadlineError, supported_date_check
from units.models import Unit


def _supported_date(value):
    """Form-side check of the supported date range (the service refuses the same dates)."""
    try:
        supported_date_check(value=value)
    except DeadlineError as exc:
        raise forms.ValidationError(exc.message)
    return value


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class AssignForm(forms.Form):
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.RESPONSIBLE)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()


class VaguePickForm(forms.Form):
    units = UnitMultipleChoiceField(
        label=_("Units"), queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.RESPONSIBLE)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units if units is not None else Unit.objects.none()


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)


class UrgeForm(forms.Form):
    message = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000,
        initial=_("Please report your progress on this task."),
    )


class ExtensionRequestForm(forms.Form):
    requested_due = forms.DateField(label=_("New due date"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)

    def clean_requested_due(self):
        value = _supported_date(self.cleaned_data["requested_due"])
        if value <= timezone.localdate():
            raise forms.ValidationError(_("The new due date must be in the future."))
        return value


class EventDateForm(forms.Form):
    """The date of the event an "event" deadline counts from (决策文件出台后10个工作日内)."""

    event_on = forms.DateField(
        label=_("Event date"), input_formats=["%Y-%m-%d"], widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter the event date as YYYY-MM-DD."),
                        "required": _("Enter the event date as YYYY-MM-DD.")},
    )

    def clean_event_on(self):
        return _supported_date(self.cleaned_data["event_on"])


class ExtensionDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("refuse", _("Refuse"))],
                                 widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           max_length=5000)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PublishForm(forms.Form):
    published = forms.BooleanField(required=False)


class SelectedIdsField(forms.Field):
    """The ids of the rows ticked in a list (``<input type=checkbox name=… value=pk>``), bounded:
    more than ``max_count`` is refused before anything is read from the database."""

    def __init__(self, *, max_count: int, **kwargs):
        self.max_count = max_count
        kwargs.setdefault("widget", forms.MultipleHiddenInput)
        kwargs.setdefault("error_messages", {"required": _("Choose at least one row.")})
        super().__init__(**kwargs)

    def to_python(self, value):
        values = value if isinstance(value, list | tuple) else ([value] if value else [])
        values = list(dict.fromkeys(values))  # a row ticked in the table and in its phone card
        if len(values) > self.max_count:
            raise forms.ValidationError(
                _("At most %(max)d rows can be chosen at once; %(count)d were chosen.")
                % {"max": self.max_count, "count": len(values)}
            )
        try:
            return sorted({int(v) for v in values})
        except (TypeError, ValueError):
            raise forms.ValidationError(_("The chosen rows are not valid.")) from None


class DeadlineForm(forms.Form):
    """A task's deadline as office staff set it: a phrase (按季度, 6月底前…) or a date, and why."""

    phrase = forms.CharField(label=_("Deadline phrase"), required=False, max_length=MAX_DEADLINE_PHRASE_CHARS,
                             widget=forms.TextInput(attrs={"placeholder": _("such as 6月底前 or 按季度")}))
    due_on = forms.DateField(label=_("or a due date"), required=False, input_formats=["%Y-%m-%d"],
                             widget=forms.DateInput(attrs={"type": "date"}),
                             error_messages={"invalid": _("Enter the due date as YYYY-MM-DD.")})
    reason = forms.CharField(label=_("Reason"), max_length=MAX_CHANGE_REASON_CHARS)

    def clean_due_on(self):
        value = self.cleaned_data["due_on"]
        return _supported_date(value) if value else None

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data.get("due_on"):
            data["phrase"] = None  # a date, when given, replaces the phrase
        elif not (data.get("phrase") or "").strip():
            raise forms.ValidationError(_("Enter either a deadline phrase or a due date."))
        return data


class BatchDeadlineForm(DeadlineForm):
    """Many tasks at once: ticked on a document's task list (``tasks``) or, through their rows, on
    the ledger (``assignments``: each row's task)."""

    tasks = SelectedIdsField(max_count=MAX_BATCH_TASKS, label=_("Tasks"), required=False)
    assignments = SelectedIdsField(max_count=MAX_BATCH_TASKS, label=_("Units"), required=False)

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("tasks") or data.get("assignments")):
            raise forms.ValidationError(_("Choose at least one row."))
        return data


class AssignmentDueForm(forms.Form):
    """One unit's own due date on a task; empty clears it (the task's date applies again)."""

    due_on = forms.DateField(label=_("Own due date for this unit"), required=False, input_formats=["%Y-%m-%d"],
                             widget=forms.DateInput(attrs={"type": "date"}),
                             error_messages={"invalid": _("Enter the due date as YYYY-MM-DD.")})
    reason = forms.CharField(label=_("Reason"), max_length=MAX_CHANGE_REASON_CHARS)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_due_on(self):
        value = self.cleaned_data["due_on"]
        return _supported_date(value) if value else None


class BatchUrgeForm(UrgeForm):
    assignments = SelectedIdsField(max_count=MAX_BATCH_URGES, label=_("Units"))


class BulkReviewForm(forms.Form):
    reports = SelectedIdsField(max_count=MAX_BATCH_REVIEWS, label=_("Reports"))
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("return", _("Return"))])
    note = forms.CharField(label=_("Comment"), required=False, max_length=5000)
