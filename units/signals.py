"""At login, copy the account's must-change-password flag into the session (units.middleware)."""

from django.contrib.auth.signals import user_logged_in

from units.middleware import SESSION_KEY


def _remember_password_change(sender, request, user, **kwargs) -> None:
    from units.accounts import must_change_password

    if request is not None and hasattr(request, "session"):
        if must_change_password(user):
            request.session[SESSION_KEY] = True
        else:
            request.session.pop(SESSION_KEY, None)


def connect() -> None:
    user_logged_in.connect(_remember_password_change, dispatch_uid="opensched-must-change-password")
