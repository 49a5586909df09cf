"""Download views for the ledger (xlsx / csv / pdf via ?format=) and the PDF 落实情况报告.

Thin: check access through tasks.access (404 to outsiders; exports are reads, so supervisors and
liaisons may export what they may read), build the ledger, write it to a temporary file and
stream that file. The Chinese file name goes in ``filename*=UTF-8''…`` (RFC 6266) with an ASCII
``filename=`` for clients that do not read it.
"""

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponseBadRequest
from django.views.decorators.http import require_GET

from tasks.access import access_for, document_for_user, jurisdiction_for_user, require_staff, unit_for_user
from tasks.bounds import SUPPORTED_YEARS
from tasks.exports import ExportTooLarge, UnknownFormat, export_to_tempfile
from tasks.exports.base import write_to_tempfile
from tasks.exports.overview import OverviewReport
from tasks.exports.report import DocumentReport
from tasks.exports.rows import document_ledger, list_ledger, unit_ledger
from tasks.exports.scopes import list_export_scope
from tasks.models import Assignment, Document
from tasks.selectors.assignments import LightWindow

DEFAULT_FORMAT = "xlsx"


def _download(request, ledger):
    try:
        out, exporter = export_to_tempfile(ledger, request.GET.get("format") or DEFAULT_FORMAT)
    except (UnknownFormat, ExportTooLarge) as exc:
        return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
    return _file_response(out, exporter.filename, exporter.content_type)


def _file_response(out, filename: str, content_type: str) -> FileResponse:
    response = FileResponse(out, content_type=content_type)
    stem, _, extension = filename.rpartition(".")
    date_part = stem.rpartition("_")[2]
    fallback = f"opensched-{date_part}.{extension}" if date_part.isdigit() else f"opensched.{extension}"
    response["Content-Disposition"] = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
    return response


@require_GET
@login_required
def document_ledger_download(request, pk):
    document, _ = document_for_user(request.user, pk)
    ledger = document_ledger(document=document, access=access_for(request.user), window=LightWindow.now())
    return _download(request, ledger)


@require_GET
@login_required
def unit_ledger_download(request, pk):
    unit, _ = unit_for_user(request.user, pk)
    document = None
    if request.GET.get("document"):
        try:
            document_id = int(request.GET["document"])
        except ValueError:
            return HttpResponseBadRequest("document must be a number", content_type="text/plain; charset=utf-8")
        document, _ = document_for_user(request.user, document_id)
    ledger = unit_ledger(unit=unit, document=document, access=access_for(request.user), window=LightWindow.now())
    return _download(request, ledger)


@require_GET
@login_required
def list_ledger_download(request):
    scope = list_export_scope(request.user, request.GET)
    if not scope.ok:
        errors = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in scope.errors.items())
        return HttpResponseBadRequest(errors, content_type="text/plain; charset=utf-8")
    return _download(request, list_ledger(scope=scope))


@require_GET
@login_required
def document_report_download(request, pk):
    document, _ = document_for_user(request.user, pk)
    report = DocumentReport(document=document, access=access_for(request.user), window=LightWindow.now())
    return _file_response(write_to_tempfile(report.write), report.filename, "application/pdf")


def _bad_request(message: str) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


@require_GET
@login_required
def overview_download(request):
    """The overview as a PDF: one jurisdiction and year (``?jurisdiction=&year=``, the year defaulting
    to its latest as on its overview page), or without ``jurisdiction`` every jurisdiction the user oversees."""
    window = LightWindow.now()
    if not request.GET.get("jurisdiction"):
        access = require_staff(request.user)
        qs = Assignment.objects.filter(access.staff_jurisdiction_filter("task__document__"))
        report = OverviewReport(assignments=qs, window=window, title="政务公开工作总览")
        return _file_response(write_to_tempfile(report.write), report.filename, "application/pdf")
    try:
        jurisdiction_id = int(request.GET["jurisdiction"])
        year = int(request.GET["year"]) if request.GET.get("year") else None
    except ValueError:
        return _bad_request("jurisdiction and year must be numbers")
    if year is not None and year not in SUPPORTED_YEARS:
        return _bad_request(f"year must be between {SUPPORTED_YEARS.start} and {SUPPORTED_YEARS.stop - 1}")
    jurisdiction, _ = jurisdiction_for_user(request.user, jurisdiction_id)
    if year is None:
        year = Document.objects.filter(jurisdiction=jurisdiction, year__isnull=False).order_by("-year").values_list(
            "year", flat=True).first()
    qs = Assignment.objects.filter(task__document__jurisdiction=jurisdiction)
    if year:
        qs = qs.filter(task__document__year=year)
    name = jurisdiction.name + (f"{year}年" if year else "")
    report = OverviewReport(assignments=qs, window=window, title=f"{name}政务公开工作总览")
    return _file_response(write_to_tempfile(report.write), report.filename, "application/pdf")
