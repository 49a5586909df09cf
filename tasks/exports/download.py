"""The one way a file leaves the server as a download: ``FileResponse(as_attachment=True, filename=…)``.

Django writes the Content-Disposition (an ASCII ``filename=`` and, for the Chinese names, the
RFC 6266 ``filename*=utf-8''…``), the length and the type.
"""

from __future__ import annotations

from typing import BinaryIO

from django.http import FileResponse

from tasks.exports.base import Exporter, write_to_tempfile


def file_download(out: BinaryIO, *, filename: str, content_type: str, no_store: bool = False) -> FileResponse:
    """Stream the open file ``out`` as an attachment; the response closes it when done.

    ``no_store``: a file that holds secrets (the one-time password sheets) is kept by no browser
    or proxy cache (``Cache-Control: no-store``)."""
    response = FileResponse(out, as_attachment=True, filename=filename, content_type=content_type)
    if no_store:
        response["Cache-Control"] = "no-store"
    return response


def exporter_download(exporter: Exporter) -> FileResponse:
    """Write the exporter's file now (to a temporary file) and send it."""
    out = write_to_tempfile(exporter.write)
    return file_download(out, filename=exporter.filename, content_type=exporter.content_type)
