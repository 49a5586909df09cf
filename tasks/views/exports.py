"""Download views for the ledger (xlsx / csv / pdf via ?format=), the PDF 落实情况报告 and the overview.

Thin: each view names its export (tasks.exports.sources.ExportSpec) and hands it to
:func:`deliver`, which builds the exporter (access through tasks.access: 404 to outsiders;
exports are reads, so supervisors and liaisons may export what they may read) and then either
sends the file at once or, for a PDF or a ledger above the background threshold
(tasks.jobs.policy), starts a background job and sends the person to its progress page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils import translation
from django.views.decorators.http import require_GET

from tasks.exports.download import exporter_download
from tasks.exports.sources import DEFAULT_FORMAT, ExportSpec, build_exporter
from tasks.jobs.policy import runs_in_background
from tasks.services.errors import ExportError
from tasks.services.export_jobs import TooManyExportJobs, export_job_start


def _bad_request(message: str) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def deliver(request, spec: ExportSpec):
    """The file now, or a background job and its progress page (see the module docstring)."""
    try:
        exporter = build_exporter(request.user, spec)
        exporter.check()
    except ExportError as exc:
        return _bad_request(str(exc))
    if runs_in_background(exporter):
        try:
            job = export_job_start(user=request.user, spec=spec, exporter=exporter,
                                   language=translation.get_language())
        except TooManyExportJobs as exc:
            messages.error(request, exc.message)
            return redirect("exports:jobs")
        return redirect("exports:job", pk=job.pk)
    return exporter_download(exporter)


def _query(request, *, without=("format", "page", "sort")) -> str:
    query = request.GET.copy()
    for name in without:
        query.pop(name, None)
    return query.urlencode()


def _format(request) -> str:
    return request.GET.get("format") or DEFAULT_FORMAT


@require_GET
@login_required
def document_ledger_download(request, pk):
    return deliver(request, ExportSpec(source="document_ledger", export_format=_format(request), pk=pk))


@require_GET
@login_required
def unit_ledger_download(request, pk):
    return deliver(request, ExportSpec(source="unit_ledger", export_format=_format(request), pk=pk,
                                       query=_query(request)))


@require_GET
@login_required
def list_ledger_download(request):
    return deliver(request, ExportSpec(source="list_ledger", export_format=_format(request), query=_query(request)))


@require_GET
@login_required
def document_report_download(request, pk):
    return deliver(request, ExportSpec(source="document_report", export_format="pdf", pk=pk))


@require_GET
@login_required
def overview_download(request):
    """The overview as a PDF: one jurisdiction and year (``?jurisdiction=&year=``, the year defaulting
    to its latest as on its overview page), or without ``jurisdiction`` every jurisdiction the user oversees."""
    return deliver(request, ExportSpec(source="overview", export_format="pdf", query=_query(request)))
