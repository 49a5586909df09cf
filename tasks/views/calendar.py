"""Office staff keep the working-day calendar: mark days off / make-up working days, declare a year official."""

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tasks.access import require_office
from tasks.models import CalendarDay, CalendarYear, Task
from tasks.services.calendar import (
    CalendarError,
    calendar_day_set,
    calendar_sync_from_package,
    calendar_year_set_official,
)


class DayForm(forms.Form):
    day = forms.DateField(
        label=gettext_lazy("Date"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "class": "form-control"}),
    )
    is_working = forms.TypedChoiceField(
        label=gettext_lazy("This day is"),
        choices=[("0", gettext_lazy("a day off (holiday)")), ("1", gettext_lazy("a working day (make-up day)"))],
        coerce=lambda v: v == "1",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class YearForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=1990, max_value=2199)
    is_official = forms.BooleanField(label=gettext_lazy("Official schedule complete"), required=False)


def _year_param(request) -> int:
    try:
        return int(request.GET.get("year") or date.today().year)
    except ValueError:
        return date.today().year


@login_required
def calendar_index(request):
    require_office(request.user)
    year = _year_param(request)
    days = CalendarDay.objects.filter(date__year=year).select_related("updated_by")
    years = CalendarYear.objects.all()
    official = {y.year: y for y in years}
    task_years = sorted(
        {d.year for d in Task.objects.exclude(due_on=None).dates("due_on", "year")}
        | set(official)
        | {date.today().year, date.today().year + 1}
    )
    return render(
        request,
        "tasks/calendar/index.html",
        {
            "year": year,
            "days": days,
            "year_row": official.get(year),
            "task_years": task_years,
            "official": official,
            "day_form": DayForm(initial={"day": date(year, 1, 1)}),
            "provisional_tasks": Task.objects.filter(due_provisional=True).count(),
        },
    )


def _back(year: int):
    return redirect(reverse("calendar:index") + f"?year={year}")


@login_required
@require_POST
def calendar_day_save(request):
    require_office(request.user)
    form = DayForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The day was not saved: %(errors)s") % {"errors": form.errors.as_text()})
        return _back(_year_param(request))
    data = form.cleaned_data
    changed = calendar_day_set(day=data["day"], is_working=data["is_working"], name=data["name"], user=request.user)
    messages.success(request, _("Saved %(day)s; %(n)s due dates recomputed.") % {"day": data["day"], "n": changed})
    return _back(data["day"].year)


@login_required
@require_POST
def calendar_year_save(request):
    require_office(request.user)
    form = YearForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The year was not saved: %(errors)s") % {"errors": form.errors.as_text()})
        return _back(_year_param(request))
    try:
        changed = calendar_year_set_official(
            year=form.cleaned_data["year"], is_official=form.cleaned_data["is_official"]
        )
    except CalendarError as exc:
        messages.error(request, str(exc))
        return _back(form.cleaned_data["year"])
    messages.success(request, _("Saved; %(n)s due dates recomputed.") % {"n": changed})
    return _back(form.cleaned_data["year"])


@login_required
@require_POST
def calendar_sync(request):
    require_office(request.user)
    result = calendar_sync_from_package()
    messages.success(
        request,
        _("Loaded official schedules for %(n)s years; %(tasks)s due dates recomputed.")
        % {"n": len(result.years), "tasks": result.tasks_recomputed},
    )
    return _back(_year_param(request))
