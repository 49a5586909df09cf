"""Forms office staff use on task and assignment pages: assign, re-role, urge, decide extensions."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
