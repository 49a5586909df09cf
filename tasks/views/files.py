"""How an evidence file is served: as a download, or — for PDFs and images only — in the page.

Inline is decided by the file's extension, from a fixed table: the type sent is the table's, never
one guessed from the content or given by the uploader. Everything else (HTML, SVG, office files,
unknown types) is always a download as ``application/octet-stream``. Every response carries
``X-Content-Type-Options: nosniff``; an inline one also carries a policy of its own that lets the
file load nothing and run nothing: images are sandboxed; PDFs are not (Chromium refuses to show a
PDF in a sandboxed document) but may load no script, style, frame or connection either.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from django.http import FileResponse, Http404

INLINE_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
IMAGE_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox"
PDF_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'none'"
DOWNLOAD_TYPE = "application/octet-stream"


def inline_type(name: str) -> str | None:
    """The content type a file of this name is shown in the page with, or None (download only)."""
    return INLINE_TYPES.get(PurePosixPath(name or "").suffix.lower())


def can_view_inline(name: str) -> bool:
    return inline_type(name) is not None


def file_response(field_file, *, name: str, inline: bool = False) -> FileResponse:
    """Stream ``field_file`` under ``name``; inline only when asked and the type allows it, else a download."""
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError, OSError):
        raise Http404
    content_type = inline_type(name) if inline else None
    if content_type is None:
        response = FileResponse(handle, as_attachment=True, filename=name, content_type=DOWNLOAD_TYPE)
    else:
        response = FileResponse(handle, as_attachment=False, filename=name, content_type=content_type)
        response["Content-Security-Policy"] = PDF_POLICY if content_type == "application/pdf" else IMAGE_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    return response
