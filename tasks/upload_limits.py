"""The upload limit as the browser sees it: data attributes for file inputs, read by static/js/upload-limit.js.

The server still refuses on its own (opensched.middleware.UploadSizeMiddleware before the body
is read, the forms and services after); the script only spares people a long, useless upload.
"""

from django.conf import settings
from django.utils.translation import gettext as _


def max_upload_bytes() -> int:
    return settings.OPENSCHED_MAX_UPLOAD_MB * 1024 * 1024


def upload_limit_attrs() -> dict[str, str]:
    """``data-max-bytes`` and the message shown when the chosen files are larger (in the active language)."""
    return {
        "data-max-bytes": str(max_upload_bytes()),
        "data-max-message": _("The chosen files are larger than %(limit)s MB together: they cannot be uploaded.")
        % {"limit": settings.OPENSCHED_MAX_UPLOAD_MB},
    }
