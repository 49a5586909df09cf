"""Which exports and imports run in the background, and how long export files are kept.

The threshold is one setting, ``OPENSCHED_BACKGROUND_EXPORT_ROWS`` (default 5,000 rows, environment
``BACKGROUND_EXPORT_ROWS``): an Excel or CSV ledger of more rows is written by a worker while the
person watches a progress page; a smaller one is sent at once. A PDF is always written by a
worker (WeasyPrint needs seconds for a few pages and minutes for hundreds).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from tasks.exports.base import Exporter

ALWAYS_IN_BACKGROUND = frozenset({"pdf"})  # by file extension


def background_rows() -> int:
    return settings.OPENSCHED_BACKGROUND_EXPORT_ROWS


def runs_in_background(exporter: Exporter) -> bool:
    """True for a PDF, and for any other export of more than ``background_rows()`` rows."""
    if exporter.extension in ALWAYS_IN_BACKGROUND:
        return True
    return exporter.total() > background_rows()


def import_in_background(size: int) -> bool:
    """True for an upload of more than ``OPENSCHED_BACKGROUND_IMPORT_BYTES`` (512 KB): a typical
    .txt is parsed in the request, a large .docx / .xlsx by a worker."""
    return size > settings.OPENSCHED_BACKGROUND_IMPORT_BYTES


def result_expiry(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) + timedelta(days=settings.OPENSCHED_EXPORT_RESULT_DAYS)
