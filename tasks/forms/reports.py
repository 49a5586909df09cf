"""Report (progress) form and the review form office staff use."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tasks.bounds import MAX_ATTACHMENTS, MAX_EVIDENCE_LINK_CHARS, MAX_EVIDENCE_LINKS
from tasks.models import ReportingPeriod
from tasks.services.errors import ServiceError
from tasks.services.reports import attachment_check, attachments_count_check, evidence_urls_clean


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class _ListedChoiceIterator(ModelChoiceIterator):
    """ModelChoiceIterator over the objects the field was given, not a query of its own."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.field.listed:
            yield self.choice(obj)

    def __len__(self):
        return len(self.field.listed) + (1 if self.field.empty_label is not None else 0)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.listed)


class ListedModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that, once given ``listed`` (the queryset's objects, as the view has
    already read them), renders and validates from that list instead of querying again."""

    listed = None

    def set_listed(self, objects) -> None:
        self.listed = list(objects)
        self.widget.choices = self.choices

    def _get_choices(self):
        if self.listed is None or hasattr(self, "_choices"):
            return super()._get_choices()
        return _ListedChoiceIterator(self)

    choices = property(_get_choices, forms.ChoiceField.choices.fset)

    def to_python(self, value):
        if self.listed is None or value in self.empty_values:
            return super().to_python(value)
        self.validate_no_null_characters(value)
        if isinstance(value, self.queryset.model):
            value = value.pk
        try:
            key = self.queryset.model._meta.pk.to_python(value)
        except ValidationError:
            key = None
        found = next((obj for obj in self.listed if key is not None and obj.pk == key), None)
        if found is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                  params={"value": value})
        return found


class ReportForm(forms.Form):
    text = forms.CharField(
        label=_("Progress"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20000,
        help_text=_("What has been done, where it was published."),
    )
    percent = forms.IntegerField(
        label=_("Percent complete"), min_value=0, max_value=100,
        widget=forms.NumberInput(attrs={"step": 10, "inputmode": "numeric"}),
    )
    evidence_urls = forms.CharField(
        label=_("Evidence links"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
    )
    attachments = MultipleFileField(label=_("Attachments"), required=False)
    period = ListedModelChoiceField(label=_("Reporting period"), queryset=ReportingPeriod.objects.none())

    def __init__(self, *args, task=None, has_periods=False, periods=None, **kwargs):
        """``periods``: the task's reporting periods in order (by index) when the caller has them;
        then ``has_periods`` follows from them and the period choice lists and checks them
        without a query. Without them, they are read (for an unbound form's initial choice) and
        the choice queries them."""
        super().__init__(*args, **kwargs)
        limit = settings.OPENSCHED_MAX_UPLOAD_MB
        self.fields["evidence_urls"].help_text = _(
            "One http(s) link per line, e.g. the page where the information was published; "
            "at most %(count)s links of %(chars)s characters."
        ) % {"count": MAX_EVIDENCE_LINKS, "chars": MAX_EVIDENCE_LINK_CHARS}
        self.fields["attachments"].help_text = _("Up to %(count)s files, %(limit)s MB in all; %(types)s.") % {
            "count": MAX_ATTACHMENTS, "limit": limit, "types": ", ".join(settings.OPENSCHED_ATTACHMENT_EXTENSIONS)}
        self.fields["attachments"].widget.attrs["accept"] = ",".join(
            f".{ext}" for ext in settings.OPENSCHED_ATTACHMENT_EXTENSIONS)
        if periods is not None:
            has_periods = bool(periods)
        if has_periods:
            self.fields["period"].queryset = ReportingPeriod.objects.filter(task=task).order_by("index")
            if periods is not None:  # the same rows, already read: no query to list or check them
                self.fields["period"].set_listed(periods)
            self.fields["period"].widget.attrs["class"] = "form-select form-select-sm"
            if not self.is_bound:
                if periods is None:
                    periods = list(ReportingPeriod.objects.filter(task=task).order_by("index"))
                self.fields["period"].initial = self._current_period(periods)
        else:
            del self.fields["period"]

    @staticmethod
    def _current_period(periods: list[ReportingPeriod]):
        """The period a report is most likely for: the only one, else the first not yet past due."""
        if len(periods) == 1:
            return periods[0].pk
        today = timezone.localdate()
        current = next((p for p in periods if p.due_on and p.due_on >= today), None)
        return current.pk if current else None

    @property
    def files_to_choose_again(self) -> list[str]:
        """Browsers cannot keep chosen files across a page that failed validation: the names of
        the files that must be chosen again, so the page can say so."""
        if not self.is_bound or not self.errors or not self.files:
            return []
        return [upload.name for upload in self.files.getlist("attachments")]

    def clean_evidence_urls(self):
        try:
            return evidence_urls_clean(self.cleaned_data["evidence_urls"].splitlines())
        except ServiceError as exc:
            raise forms.ValidationError(exc.message)

    def clean_attachments(self):
        files = self.cleaned_data["attachments"]
        try:
            attachments_count_check(count=len(files))
        except ServiceError as exc:
            raise forms.ValidationError(exc.message)
        errors = []
        for upload in files:
            try:
                attachment_check(name=upload.name, size=upload.size)
            except ServiceError as exc:
                errors.append(exc.message)
        if errors:
            raise forms.ValidationError(errors)
        return files


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("accept", _("Accept")), ("return", _("Return"))], widget=forms.HiddenInput
    )
    note = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=5000,
        help_text=_("Required when returning: say what is missing."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("note") or "").strip():
            self.add_error("note", _("Say what is missing when you return a report."))
        return data
