"""Assignments with their signal light, latest accepted report and counts.

The light is computed in SQL from the assignment's effective due date so that lists can be
filtered, sorted and counted by it without loading rows:
done / done_late for completed assignments, grey without a due date, red when overdue, yellow
when due within the configured number of working days, green otherwise.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Case, CharField, Count, F, OuterRef, Q, QuerySet, Subquery, Sum, Value, When

from tasks.access import access_for, visible_assignments
from tasks.caching import ReadScope, cached, cached_per_unit, jurisdiction_wide
from tasks.models import Assignment, Document, Light, ProgressReport, Status
from tasks.selectors.calendar import soon_until as _soon_until
from tasks.selectors.calendar import today as _today
from tasks.selectors.calendar import work_calendar
from units.models import Unit


@dataclass(frozen=True)
class LightWindow:
    """The dates a light is judged against; computed once per page."""

    today: date
    soon_until: date

    @classmethod
    def now(cls, *, on: date | None = None) -> "LightWindow":
        """The window of ``on`` (default today); its end is cached, the calendar is a few hundred rows."""
        day = on or _today()
        workdays = settings.OPENSCHED_DUE_SOON_WORKDAYS
        national = ReadScope(("national-calendar",), jurisdictions=())  # moved by the global version only
        until = cached("soon-until", (national, day, workdays), lambda: _soon_until(calendar=work_calendar(), on=day))
        return cls(today=day, soon_until=until)


def light_expression(window: LightWindow) -> Case:
    completed = Q(status=Status.COMPLETED)
    return Case(
        When(completed & Q(completed_on__gt=F("due_on")), then=Value(Light.DONE_LATE)),
        When(completed, then=Value(Light.DONE)),
        When(due_on__isnull=True, then=Value(Light.GREY)),
        When(due_on__lt=window.today, then=Value(Light.RED)),
        When(due_on__lte=window.soon_until, then=Value(Light.YELLOW)),
        default=Value(Light.GREEN),
        output_field=CharField(),
    )


def with_light(qs: QuerySet[Assignment], window: LightWindow) -> QuerySet[Assignment]:
    return qs.annotate(light=light_expression(window))


def _latest_accepted(field: str):
    return Subquery(
        ProgressReport.objects.filter(assignment=OuterRef("pk"), state=ProgressReport.State.ACCEPTED)
        .order_by("-created_at")
        .values(field)[:1]
    )


def assignment_rows(qs: QuerySet[Assignment], window: LightWindow) -> QuerySet[Assignment]:
    """Everything a list row shows, in one query: task, document, section, unit, light, latest accepted report."""
    return with_light(
        qs.select_related("task__document__jurisdiction", "task__section", "unit__parent"), window
    ).annotate(
        accepted_text=_latest_accepted("text"),
        accepted_at=_latest_accepted("created_at"),
    )


def assignments_visible_to(user) -> QuerySet[Assignment]:
    """Every assignment the user may read (tasks.access decides)."""
    return visible_assignments(user)


def assignments_of_user_units(user) -> QuerySet[Assignment]:
    """The liaison's own units' assignments (empty for users without a unit)."""
    return Assignment.objects.filter(unit_id__in=access_for(user).unit_ids)


def light_count_annotations() -> dict:
    """The aggregates of ``light_counts`` (over a queryset with ``light``), for use per group too."""
    return {
        "total": Count("pk"),
        "red": Count("pk", filter=Q(light=Light.RED)),
        "yellow": Count("pk", filter=Q(light=Light.YELLOW)),
        "green": Count("pk", filter=Q(light=Light.GREEN)),
        "grey": Count("pk", filter=Q(light=Light.GREY)),
        "done": Count("pk", filter=Q(light=Light.DONE)),
        "done_late": Count("pk", filter=Q(light=Light.DONE_LATE)),
        "in_progress": Count("pk", filter=Q(status__in=[Status.IN_PROGRESS, Status.SUBMITTED, Status.RETURNED])),
        "submitted": Count("pk", filter=Q(status=Status.SUBMITTED)),
        "not_started": Count("pk", filter=Q(status=Status.NOT_STARTED)),
    }


_IN_PROGRESS = (Status.IN_PROGRESS, Status.SUBMITTED, Status.RETURNED)


# The keys light_tally_aggregates counts (done and green follow from them: finish_light_tally).
LIGHT_TALLY_KEYS = ("total", "completed", Light.DONE_LATE.value, Light.GREY.value, Light.RED.value,
                    Light.YELLOW.value, "in_progress", "submitted", "not_started")


def light_tally_aggregates(window: LightWindow) -> dict:
    """The light counts as aggregates over plain columns (no light CASE, no grouping by it), for a
    whole scope (``aggregate``) or per group (``values(...).annotate``); :func:`finish_light_tally`
    adds what follows from them.

    The same rule as :func:`light_expression`, written as conditions that exclude each other:
    done late, grey, red and yellow are counted; done is the completed ones that are not late and
    green the open ones that are none of the others. Counting them in one pass over the rows,
    without a temporary B-tree for a GROUP BY on the light, is what made a list's or a
    jurisdiction's counts cheap when computed afresh (bench/README.md);
    tests/test_selectors_light_rule.py checks both forms on every boundary of the rule.
    """
    completed = Q(status=Status.COMPLETED)
    open_ = ~completed
    return {
        "total": Count("pk"),
        "completed": Count("pk", filter=completed),
        Light.DONE_LATE.value: Count("pk", filter=completed & Q(completed_on__gt=F("due_on"))),
        Light.GREY.value: Count("pk", filter=open_ & Q(due_on__isnull=True)),
        Light.RED.value: Count("pk", filter=open_ & Q(due_on__lt=window.today)),
        Light.YELLOW.value: Count("pk", filter=open_ & Q(due_on__gte=window.today, due_on__lte=window.soon_until)),
        "in_progress": Count("pk", filter=Q(status__in=_IN_PROGRESS)),
        "submitted": Count("pk", filter=Q(status=Status.SUBMITTED)),
        "not_started": Count("pk", filter=Q(status=Status.NOT_STARTED)),
    }


def finish_light_tally(counts: dict) -> dict:
    """Add done and green to counts of :func:`light_tally_aggregates` (or sums of them)."""
    counts[Light.DONE.value] = counts["completed"] - counts[Light.DONE_LATE.value]
    counts[Light.GREEN.value] = (counts["total"] - counts["completed"] - counts[Light.GREY.value]
                                 - counts[Light.RED.value] - counts[Light.YELLOW.value])
    return counts


def light_counts(qs: QuerySet[Assignment], window: LightWindow) -> dict[str, int]:
    """Counts per light and status (the keys of ``light_count_annotations`` and ``completed``) in
    one query of one row (:func:`light_tally_aggregates`)."""
    counts = qs.order_by().aggregate(**light_tally_aggregates(window))
    return finish_light_tally({key: value or 0 for key, value in counts.items()})


def scope_units(jurisdictions: frozenset[int]) -> list[int]:
    """The units of ``jurisdictions``' registries, the units a jurisdiction-wide figure is summed
    over (an assignment's unit is always of its document's jurisdiction: services.assignments);
    kept until the registry or anything else not confined to some units changes."""
    scope = ReadScope(("units-of", tuple(sorted(jurisdictions))), jurisdictions=jurisdictions, units=())
    return cached("units-of", (scope,), lambda: list(
        Unit.objects.filter(jurisdiction_id__in=jurisdictions).order_by("pk").values_list("pk", flat=True)))


MAX_UNITS_FILTERED = 200  # more missing units than this are counted with the whole scope
# A read over more units than this is kept whole: one entry per unit would crowd the cache (the
# per-process default holds 20,000 entries) and cost a long get_many on every read.
MAX_UNITS_APART = 300


def units_apart(scope: tuple) -> tuple[frozenset[int], list[int]] | None:
    """``(jurisdictions, units)`` when a read with cache key parts ``scope`` is kept per unit
    (tasks.caching.cached_per_unit): it covers whole jurisdictions of at most MAX_UNITS_APART
    units; else None (kept whole)."""
    jurisdictions = jurisdiction_wide((scope,))
    if not jurisdictions:
        return None
    every = scope_units(jurisdictions)
    return (jurisdictions, every) if len(every) <= MAX_UNITS_APART else None


def units_missing(qs: QuerySet[Assignment], units: list[int], every: list[int]) -> QuerySet[Assignment]:
    """``qs`` narrowed to the ``units`` whose cached figures are missing, or whole when that is
    all or most of ``every`` unit (a first read, or after a change of the whole jurisdiction):
    no IN list of thousands of ids, and the other units' figures come along unused."""
    if len(units) >= len(every) or len(units) > MAX_UNITS_FILTERED:
        return qs
    return qs.filter(unit_id__in=units)


def cached_light_counts(qs: QuerySet[Assignment], window: LightWindow, *, scope: tuple, filters) -> dict[str, int]:
    """:func:`light_counts` of a list's assignments, named for the cache by the list's ``scope``
    and the ``filters`` applied to it (tasks.caching), kept until the data changes.

    A list of whole jurisdictions (the ledger) is counted per unit and summed (:func:`units_apart`,
    tasks.caching.cached_per_unit): after a report only the reporting unit is counted again. The
    sum is kept too, so a page between two changes reads one entry."""
    apart = units_apart(scope)
    if apart is None:
        return cached("light-counts", (scope, filters, window), lambda: light_counts(qs, window))
    return cached("light-counts", (scope, filters, window), lambda: _light_counts_per_unit(qs, window, apart,
                                                                                         (scope, filters, window)))


def _light_counts_per_unit(qs: QuerySet[Assignment], window: LightWindow, apart: tuple, parts: tuple) -> dict:
    jurisdictions, every = apart

    def count(units: list[int]) -> dict[int, dict]:
        rows = units_missing(qs.order_by(), units, every).values("unit_id").annotate(**light_tally_aggregates(window))
        return {row.pop("unit_id"): row for row in rows.order_by()}

    per_unit = cached_per_unit("unit-light-counts", parts, jurisdictions=jurisdictions, units=every,
                               compute=count, empty=dict)
    counts = dict.fromkeys(LIGHT_TALLY_KEYS, 0)
    for unit_counts in per_unit.values():
        for key, value in unit_counts.items():
            counts[key] += value or 0
    return finish_light_tally(counts)


def documents_in_scope(documents: QuerySet, *, scope: tuple) -> list[tuple[int, int | None, str]]:
    """(pk, year, label) of the documents a list's ``scope`` spans (its filter's choices, in the
    documents' order), kept until the data changes."""
    return cached("documents-in-scope-labelled", (scope,), lambda: [
        (pk, year, Document.label_of(title, doc_number))
        for pk, year, title, doc_number in documents.values_list("pk", "year", "title", "doc_number")
    ])


def _completion(qs: QuerySet[Assignment], window: LightWindow, *group_by: str):
    return (
        with_light(qs.order_by(), window)
        .values(*group_by)
        .annotate(
            total=Count("pk"),
            completed=Count("pk", filter=Q(status=Status.COMPLETED)),
            on_time=Count("pk", filter=Q(light=Light.DONE)),
            late=Count("pk", filter=Q(light=Light.DONE_LATE)),
            overdue=Count("pk", filter=Q(light=Light.RED)),
            due_soon=Count("pk", filter=Q(light=Light.YELLOW)),
        )
    )


def completion_by_unit(qs: QuerySet[Assignment], window: LightWindow) -> list[dict]:
    """One row per unit: total, completed, on_time, late, overdue, due_soon, rate and mean progress (0–100)."""
    rows = list(
        _completion(qs, window, "unit_id", "unit__name", "unit__short_name", "unit__order")
        .annotate(percent_sum=Sum("percent"))
        .order_by("unit__order", "unit__name")
    )
    for row in rows:
        row["rate"] = round(100 * row["completed"] / row["total"]) if row["total"] else 0
        row["on_time_rate"] = round(100 * row["on_time"] / row["total"]) if row["total"] else 0
        row["progress"] = round((row.pop("percent_sum") or 0) / row["total"]) if row["total"] else 0
    return rows


def completion_by_section(qs: QuerySet[Assignment], window: LightWindow) -> list[dict]:
    """One row per top-level section path of the task (its section id and label/title)."""
    rows = list(
        _completion(qs, window, "task__section_id", "task__section__label", "task__section__title",
                    "task__section__order", "task__document_id").order_by("task__document_id", "task__section__order")
    )
    for row in rows:
        row["rate"] = round(100 * row["completed"] / row["total"]) if row["total"] else 0
    return rows
