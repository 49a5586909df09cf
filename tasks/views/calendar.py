"""The working-day calendar page.

Everyone who is office staff reads the national calendar; only the operator (a superuser) changes
it (days, official years, the package sync). Office staff keep their own jurisdiction's local
days, which move only that jurisdiction's due dates.
"""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tasks.access import jurisdiction_for_user, require_office, require_operator
from tasks.forms.calendar import DayForm, RemoveDayForm, YearForm
from tasks.models import CalendarYear
from tasks.selectors.calendar import (
    local_days,
    national_days,
    provisional_task_count,
    task_due_years,
    today,
)
from tasks.services.calendar import (
    CalendarError,
    calendar_day_set,
    calendar_local_day_remove,
    calendar_local_day_set,
    calendar_sync_from_package,
    calendar_year_set_official,
)
from tasks.workdays import MAX_YEAR, MIN_YEAR
from units.models import Jurisdiction


def _year_param(request) -> tuple[int, str | None]:
    """The year asked for in ``?year=``, clamped to the supported range, and a message when it was not usable."""
    raw = (request.GET.get("year") or "").strip()
    this_year = min(max(today().year, MIN_YEAR), MAX_YEAR)
    if not raw:
        return this_year, None
    try:
        year = int(raw)
    except ValueError:
        return this_year, _("“%(value)s” is not a year; showing %(year)s.") % {"value": raw[:20], "year": this_year}
    if year < MIN_YEAR or year > MAX_YEAR:
        clamped = min(max(year, MIN_YEAR), MAX_YEAR)
        return clamped, _("The calendar covers %(min)s to %(max)s; showing %(year)s.") % {
            "min": MIN_YEAR, "max": MAX_YEAR, "year": clamped}
    return year, None


def _int_param(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _back(year: int, jurisdiction_id: int | None = None):
    query = {"year": year}
    if jurisdiction_id is not None:
        query["jurisdiction"] = jurisdiction_id
    return redirect(reverse("calendar:index") + "?" + urlencode(query))


@login_required
def calendar_index(request):
    access = require_office(request.user)
    year, problem = _year_param(request)
    if problem:
        messages.warning(request, problem)
    scope = access.staff_jurisdiction_filter("document__")
    official = {y.year: y for y in CalendarYear.objects.all()}
    task_years = sorted(
        task_due_years(scope=scope) | {y for y in official if MIN_YEAR <= y <= MAX_YEAR}
        | {y for y in (today().year, today().year + 1) if MIN_YEAR <= y <= MAX_YEAR}
    )
    # The jurisdictions whose local days this user keeps; the operator picks one of all of them.
    local_choices = Jurisdiction.objects.order_by("name")
    if not access.is_superuser:
        local_choices = local_choices.filter(pk__in=access.office_jurisdictions)
    local_choices = list(local_choices)
    wanted = _int_param(request.GET.get("jurisdiction"))
    local_jurisdiction = next((j for j in local_choices if j.pk == wanted), None)
    if local_jurisdiction is None and not access.is_superuser and local_choices:
        local_jurisdiction = local_choices[0]
    initial_day = {"day": date(year, 1, 1)}
    return render(
        request,
        "tasks/calendar/index.html",
        {
            "year": year,
            "days": national_days(year=year),
            "year_row": official.get(year),
            "task_years": task_years,
            "official": official,
            "can_edit_national": access.is_superuser,
            "day_form": DayForm(initial=initial_day, auto_id="national_%s") if access.is_superuser else None,
            "local_choices": local_choices,
            "local_jurisdiction": local_jurisdiction,
            "local_days": local_days(year=year, jurisdiction_ids=[local_jurisdiction.pk]) if local_jurisdiction else [],
            "local_form": DayForm(initial=initial_day, auto_id="local_%s") if local_jurisdiction else None,
            "provisional_tasks": provisional_task_count(scope=scope),
        },
    )


@login_required
@require_POST
def calendar_day_save(request):
    require_operator(request.user)
    form = DayForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The day was not saved: %(errors)s") % {"errors": form.errors.as_text()})
        return _back(_year_param(request)[0])
    data = form.cleaned_data
    try:
        calendar_day_set(day=data["day"], is_working=data["is_working"], name=data["name"],
                         user=request.user, background=True)
    except CalendarError as exc:
        messages.error(request, str(exc))
        return _back(_year_param(request)[0])
    messages.success(request, _("Saved %(day)s; the due dates are being recomputed in the background.")
                     % {"day": data["day"]})
    return _back(data["day"].year)


@login_required
@require_POST
def calendar_year_save(request):
    require_operator(request.user)
    form = YearForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The year was not saved: %(errors)s") % {"errors": form.errors.as_text()})
        return _back(_year_param(request)[0])
    try:
        calendar_year_set_official(
            year=form.cleaned_data["year"], is_official=form.cleaned_data["is_official"], user=request.user,
            background=True,
        )
    except CalendarError as exc:
        messages.error(request, str(exc))
        return _back(form.cleaned_data["year"])
    messages.success(request, _("Saved; the due dates are being recomputed in the background."))
    return _back(form.cleaned_data["year"])


@login_required
@require_POST
def calendar_sync(request):
    require_operator(request.user)
    try:
        result = calendar_sync_from_package(user=request.user, background=True)
    except CalendarError as exc:
        messages.error(request, str(exc))
        return _back(_year_param(request)[0])
    messages.success(
        request,
        _("Loaded official schedules for %(n)s years; the due dates are being recomputed in the background.")
        % {"n": len(result.years)},
    )
    return _back(_year_param(request)[0])


@login_required
@require_POST
def local_day_save(request, pk):
    """Office staff of the jurisdiction (or the operator) add or change one of its local days."""
    jurisdiction, _can_write = jurisdiction_for_user(request.user, pk, write=True)
    form = DayForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The day was not saved: %(errors)s") % {"errors": form.errors.as_text()})
        return _back(_year_param(request)[0], jurisdiction.pk)
    data = form.cleaned_data
    try:
        calendar_local_day_set(jurisdiction=jurisdiction, day=data["day"], is_working=data["is_working"],
                               name=data["name"], user=request.user, background=True)
    except CalendarError as exc:
        messages.error(request, str(exc))
        return _back(_year_param(request)[0], jurisdiction.pk)
    messages.success(
        request,
        _("Saved the local day %(day)s of %(jurisdiction)s; its due dates are being recomputed in the background.")
        % {"day": data["day"], "jurisdiction": jurisdiction.name},
    )
    return _back(data["day"].year, jurisdiction.pk)


@login_required
@require_POST
def local_day_remove(request, pk):
    """Office staff of the jurisdiction (or the operator) remove one of its local days."""
    jurisdiction, _can_write = jurisdiction_for_user(request.user, pk, write=True)
    form = RemoveDayForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The day was not removed: %(errors)s") % {"errors": form.errors.as_text()})
        return _back(_year_param(request)[0], jurisdiction.pk)
    day = form.cleaned_data["day"]
    try:
        calendar_local_day_remove(jurisdiction=jurisdiction, day=day, user=request.user, background=True)
    except CalendarError as exc:
        messages.error(request, str(exc))
        return _back(day.year, jurisdiction.pk)
    messages.success(
        request,
        _("Removed the local day %(day)s of %(jurisdiction)s; its due dates are being recomputed in the background.")
        % {"day": day, "jurisdiction": jurisdiction.name},
    )
    return _back(day.year, jurisdiction.pk)
