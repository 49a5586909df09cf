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

from tasks.access import access_for, document_for_user, unit_for_user
from tasks.exports import ExportTooLarge, UnknownFormat, export_to_tempfile
from tasks.exports.base import write_to_tempfile
from tasks.exports.report import DocumentReport
from tasks.exports.rows import document_ledger, list_ledger, unit_ledger
from tasks.exports.scopes import LedgerFilterForm, list_filters_for_user
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
    form = LedgerFilterForm.from_query(request.GET)
    if not form.is_valid():
        errors = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in form.errors.items())
        return HttpResponseBadRequest(errors, content_type="text/plain; charset=utf-8")
    filters = list_filters_for_user(request.user, form)
    ledger = list_ledger(access=access_for(request.user), filters=filters, window=LightWindow.now())
    return _download(request, ledger)


@require_GET
@login_required
def document_report_download(request, pk):
    document, _ = document_for_user(request.user, pk)
    report = DocumentReport(document=document, access=access_for(request.user), window=LightWindow.now())
    return _file_response(write_to_tempfile(report.write), report.filename, "application/pdf")
