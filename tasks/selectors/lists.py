"""Reads behind the filtered assignment lists (liaison home, ledger and its print view and export,
unit page): the FilterSet bound to the list's parameters, its choices, the light counts and the
filtered rows. A fixed number of queries whatever the number of rows.

What reads every assignment in scope is cached until the data changes (tasks.caching): which
documents and years the scope spans (the filter's choices) and the light counts (which also give
the table's row count); the rows themselves are read fresh by the table.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from tasks.access import Access, visible_assignments
from tasks.filters import AssignmentFilter, LedgerFilter
from tasks.models import Assignment, Document
from tasks.selectors.assignments import LightWindow, cached_light_counts, documents_in_scope
from units.models import Jurisdiction, Unit


def list_filterset(params, base: QuerySet[Assignment], window: LightWindow, *, scope: tuple,
                   filter_class=AssignmentFilter, documents: QuerySet[Document] | None = None,
                   **choices) -> AssignmentFilter:
    """``filter_class`` bound to ``params`` over ``base`` (named by ``scope`` for the cache: equal
    scopes must mean equal sets), its document and year choices those ``base`` spans, or of
    ``documents`` when given.

    The document select is rendered from the cached (pk, year, label) rows, without reading the
    documents again; a chosen document is still checked against the queryset."""
    if documents is None:
        documents = Document.objects.filter(pk__in=base.values("document_id"))
    spans = documents_in_scope(documents, scope=scope)
    years = sorted({year for _pk, year, _label in spans if year}, reverse=True)
    filterset = filter_class(params or None, queryset=base, window=window,
                             documents=Document.objects.filter(pk__in=[pk for pk, _year, _label in spans]),
                             years=years, **choices)
    field = filterset.form.fields.get("document")
    if field is not None:
        empty = [] if field.empty_label is None else [("", field.empty_label)]
        field.widget.choices = [*empty, *((pk, label) for pk, _year, label in spans)]
    return filterset


def ledger_choices(access: Access) -> dict:
    """The ledger's filter choices for ``access``: documents, jurisdictions and units (keyword
    arguments of ``list_filterset`` with ``LedgerFilter``).

    The unit choices come from the Unit table (small), not from the assignments in scope (a
    semi-join over all of them): for staff the units of their jurisdictions are the same set.
    """
    if access.is_superuser:
        jurisdictions = Jurisdiction.objects.all()
        documents = Document.objects.all()
        units = Unit.objects.all()
    else:
        staff = access.staff_jurisdiction_ids
        jurisdictions = Jurisdiction.objects.filter(pk__in=staff | access.unit_jurisdictions)
        # The units' documents through the assignments' copied document (no join through every
        # task and assignment of the staff jurisdictions, and none at all without units).
        spans = Q(jurisdiction_id__in=staff)
        if access.unit_ids:
            spans |= Q(pk__in=Assignment.objects.filter(unit_id__in=access.unit_ids).values("document_id"))
        documents = Document.objects.filter(spans)
        units = Unit.objects.filter(Q(jurisdiction_id__in=staff) | Q(pk__in=access.unit_ids))
    return {"documents": documents, "jurisdictions": jurisdictions,
            "units": units.order_by("jurisdiction__order", "order", "name")}


def ledger_filterset(access: Access, params, window: LightWindow) -> LedgerFilter:
    """The ledger's FilterSet: every assignment ``access`` may read, the ledger's choices. The
    ledger page, its print view and its export (``list_export_scope``) all bind this one."""
    return list_filterset(params, visible_assignments(access), window, scope=("ledger", access.read_scope),
                          filter_class=LedgerFilter, **ledger_choices(access))


@dataclass(frozen=True)
class AssignmentList:
    """A filtered list: its FilterSet, the light counts within every filter but the light, and
    the rows every filter selects (the base when the filters are invalid)."""

    filterset: AssignmentFilter
    counts: dict
    rows: QuerySet[Assignment]
    scope: tuple

    @property
    def lights(self) -> tuple[str, ...]:
        return self.filterset.selected_lights

    @property
    def count(self) -> int:
        """The number of rows, from the light counts (no COUNT of its own)."""
        if self.lights:
            return sum(self.counts.get(light, 0) for light in set(self.lights))
        return self.counts["total"]

    @property
    def cache_parts(self) -> tuple:
        """What names the rows, for the cache of the table's page keys."""
        return (self.scope, self.filterset.cache_key(without=("light",)), self.lights)


def assignment_list(filterset: AssignmentFilter, *, scope: tuple) -> AssignmentList:
    """Light counts and rows of a bound ``list_filterset`` (``scope`` as given to it)."""
    window = filterset.window
    unlit = filterset.qs_without("light")
    counts = cached_light_counts(unlit, window, scope=scope, filters=filterset.cache_key(without=("light",)))
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
    return AssignmentList(filterset=filterset, counts=counts, rows=rows, scope=scope)
