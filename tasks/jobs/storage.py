"""Where finished exports are kept: ``MEDIA_ROOT/exports/``, a storage with no URL.

Files are served only by ``exports:job_download``, which checks that the job is the asker's.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def export_storage() -> FileSystemStorage:
    # Built on each call: tests change MEDIA_ROOT.
    return FileSystemStorage(location=Path(settings.MEDIA_ROOT) / "exports", base_url=None)
