"""The import limits as configured, and their refusals turned into translated service errors.

``settings.OPENSCHED_IMPORT_LIMITS`` may replace any default of
:class:`tasks.parsing.limits.ImportLimits`, e.g. ``{"tasks": 3000}``; unknown names are refused.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext

from tasks.parsing.limits import MESSAGES, ImportLimitExceeded, ImportLimits
from tasks.services.errors import ImportLimitError


def import_limits() -> ImportLimits:
    return ImportLimits.from_overrides(getattr(settings, "OPENSCHED_IMPORT_LIMITS", None))


def limit_error(exc: ImportLimitExceeded, *, filename: str = "") -> ImportLimitError:
    """The parser's refusal as a service error, its message in the active language."""
    message = gettext(MESSAGES[exc.limit_name]) % exc.message_params()
    if filename:
        message = f"{filename}: {message}"
    return ImportLimitError(message, limit_name=exc.limit_name, params=exc.message_params())


def limit_refusal(limit_name: str, *, limit: int, found=None, filename: str = "") -> ImportLimitError:
    """A refusal decided by a service (file size before reading it, the stored draft's size)."""
    return limit_error(ImportLimitExceeded(limit_name, limit, found), filename=filename)
