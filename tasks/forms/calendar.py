"""Forms of the working-day calendar page: national days (operator), local days (office staff), years."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tasks.workdays import MAX_YEAR, MIN_YEAR, year_in_range


def _date_in_range(value):
    if value is not None and not year_in_range(value.year):
        raise forms.ValidationError(
            _("Enter a date from %(min)s to %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR}
        )
    return value


class DateInRangeField(forms.DateField):
    """A date within the years the calendar supports (tasks.workdays.MIN_YEAR..MAX_YEAR)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Date"))
        kwargs.setdefault(
            "widget",
            forms.DateInput(
                format="%Y-%m-%d",
                attrs={"type": "date", "class": "form-control", "min": f"{MIN_YEAR}-01-01", "max": f"{MAX_YEAR}-12-31"},
            ),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        return _date_in_range(super().clean(value))


class DayForm(forms.Form):
    """A national day (the operator) or a local day (office staff of the jurisdiction)."""

    day = DateInRangeField()
    is_working = forms.TypedChoiceField(
        label=_("This day is"),
        choices=[("0", _("a day off (holiday)")), ("1", _("a working day (make-up day)"))],
        coerce=lambda v: v == "1",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class RemoveDayForm(forms.Form):
    day = DateInRangeField()


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    is_official = forms.BooleanField(label=_("Official schedule complete"), required=False)
