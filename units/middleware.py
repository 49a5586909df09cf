"""Keep a person with a one-time password on the password change page until they change it.

The flag lives in ``AccountProfile.must_change_password``; it is copied into the session at login
(``units.signals``), so this middleware reads no row per request. Changing the password
(``units.auth_views.PasswordChangeView``) clears both. Resetting a password changes the account's
session hash, which logs every open session out, so a stale session cannot miss a new flag.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

SESSION_KEY = "opensched_must_change_password"
# Pages a person with a one-time password may still open: the change itself, log-out, the
# language switch, static files.
ALLOWED_NAMES = ("password_change", "password_change_done", "logout", "login")
ALLOWED_PREFIXES = ("/static/", "/i18n/")


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._allowed: tuple[str, ...] | None = None

    def allowed_paths(self) -> tuple[str, ...]:
        if self._allowed is None:
            self._allowed = tuple(reverse(name) for name in ALLOWED_NAMES)
        return self._allowed

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated and hasattr(request, "session")
                and request.session.get(SESSION_KEY)):
            path = request.path_info
            if path not in self.allowed_paths() and not path.startswith(ALLOWED_PREFIXES):
                messages.info(request, _("Please choose your own password before you continue."))
                return redirect("password_change")
        return self.get_response(request)
