"""What an export covers, rebuilt from who asks and a few JSON-safe parameters.

An :class:`ExportSpec` (source, format, object id, querystring) is all a download button sends
and all a background job stores; :func:`build_exporter` turns it into the registered exporter,
checking access through tasks.access on every call. The immediate download and the background
task (tasks.jobs.tasks.run_export) both call it, so a job exports the very rows the page would
have sent, with the access its owner has when it runs (an outsider's id answers Http404).

Sources: ``document_ledger`` (pk, format), ``unit_ledger`` (pk, ``?document=``, format),
``list_ledger`` (the list page's filter querystring, format), ``document_report`` (pk),
``overview`` (``?jurisdiction=&year=``, or every jurisdiction the user oversees) and
``yearly_review`` (pk, format xlsx or pdf).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass

from django.http import QueryDict
from django.utils.translation import gettext as _

from tasks.access import (
    access_for,
    document_for_user,
    jurisdiction_for_user,
    require_staff,
    staff_document_for_user,
    unit_for_user,
)
from tasks.bounds import MAX_EXPORT_QUERY_CHARS
from tasks.exports.base import Exporter, exporter_class
from tasks.exports.overview import OverviewReport
from tasks.exports.report import DocumentReport
from tasks.exports.rows import document_ledger, list_ledger, unit_ledger
from tasks.exports.scopes import ListScope, list_export_scope
from tasks.exports.yearly_review import YearlyReview
from tasks.filters import OverviewYearFilter
from tasks.models import Assignment
from tasks.selectors.assignments import LightWindow
from tasks.selectors.calendar import today
from tasks.services.errors import ExportError

DEFAULT_FORMAT = "xlsx"


class BadExportRequest(ExportError):
    """Parameters that do not describe an export (a malformed id, year or filter)."""

    code = "bad_request"


@dataclass(frozen=True)
class ExportSpec:
    source: str
    export_format: str = DEFAULT_FORMAT
    pk: int | None = None
    query: str = ""

    def params(self) -> dict:
        return asdict(self)

    @classmethod
    def from_params(cls, params: dict) -> ExportSpec:
        return cls(source=params["source"], export_format=params.get("export_format") or DEFAULT_FORMAT,
                   pk=params.get("pk"), query=params.get("query") or "")

    @property
    def querydict(self) -> QueryDict:
        return QueryDict(self.query)


def list_export_filters(user, query: QueryDict) -> ListScope:
    """The scope of a list export from the list page's querystring: the list page's own FilterSet
    (``scopes.list_export_scope``), so the immediate download and the background job export the
    rows the page shows. Invalid parameters are a :class:`BadExportRequest`."""
    scope = list_export_scope(user, query)
    if not scope.ok:
        raise BadExportRequest(_filter_errors(scope.errors))
    return scope


def _filter_errors(errors: dict) -> str:
    return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in errors.items())


def _int(value: str | None, name: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError:
        raise BadExportRequest(f"{name} must be a number") from None


def _ledger_exporter(spec: ExportSpec, ledger) -> Exporter:
    return exporter_class(spec.export_format)(ledger)


def _document_ledger(user, spec: ExportSpec) -> Exporter:
    document, _ = document_for_user(user, spec.pk)
    return _ledger_exporter(spec, document_ledger(document=document, access=access_for(user), window=LightWindow.now()))


def _unit_ledger(user, spec: ExportSpec) -> Exporter:
    unit, _ = unit_for_user(user, spec.pk)
    document_id = _int(spec.querydict.get("document"), "document")
    document = document_for_user(user, document_id)[0] if document_id else None
    ledger = unit_ledger(unit=unit, document=document, access=access_for(user), window=LightWindow.now())
    return _ledger_exporter(spec, ledger)


def _list_ledger(user, spec: ExportSpec) -> Exporter:
    exporter_class(spec.export_format)  # an unknown format is refused before the filters are read
    return _ledger_exporter(spec, list_ledger(scope=list_export_filters(user, spec.querydict)))


def _document_report(user, spec: ExportSpec) -> Exporter:
    document, _ = document_for_user(user, spec.pk)
    return DocumentReport(document=document, access=access_for(user), window=LightWindow.now())


def _overview(user, spec: ExportSpec) -> Exporter:
    window = LightWindow.now()
    query = spec.querydict
    if not query.get("jurisdiction"):
        access = require_staff(user)
        qs = Assignment.objects.filter(access.staff_jurisdiction_filter())
        return OverviewReport(assignments=qs, window=window, title="政务公开工作总览")
    jurisdiction, _ = jurisdiction_for_user(user, _int(query.get("jurisdiction"), "jurisdiction"))
    year_filter = OverviewYearFilter.for_jurisdiction(query, jurisdiction)  # the page's own FilterSet
    if not year_filter.is_valid():
        raise BadExportRequest(_filter_errors(year_filter.errors))
    year, qs = year_filter.chosen_year, year_filter.qs
    name = jurisdiction.name + (f"{year}年" if year else "")
    return OverviewReport(assignments=qs, window=window, title=f"{name}政务公开工作总览")


def _yearly_review(user, spec: ExportSpec) -> Exporter:
    """A document for its jurisdiction's office staff and supervisors; liaisons and outsiders get 404."""
    document, _ = staff_document_for_user(user, spec.pk)
    cls = exporter_class(f"yearly_review_{spec.export_format}", YearlyReview)
    return cls(document=document, on=today())


SOURCES: dict[str, Callable[[object, ExportSpec], Exporter]] = {
    "document_ledger": _document_ledger,
    "unit_ledger": _unit_ledger,
    "list_ledger": _list_ledger,
    "document_report": _document_report,
    "overview": _overview,
    "yearly_review": _yearly_review,
}


def build_exporter(user, spec: ExportSpec) -> Exporter:
    """The exporter for ``spec`` as ``user`` may read it; Http404 for what they may not read,
    an ExportError (a ServiceError) for parameters that make no export."""
    if len(spec.query) > MAX_EXPORT_QUERY_CHARS:
        raise BadExportRequest(_("The filters are longer than %(limit)s characters.")
                               % {"limit": MAX_EXPORT_QUERY_CHARS})
    try:
        build = SOURCES[spec.source]
    except KeyError:
        raise BadExportRequest(f"unknown export {spec.source!r}") from None
    return build(user, spec)
