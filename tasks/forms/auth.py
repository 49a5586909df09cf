"""Log-in forms with bounded input.

Django's ``AuthenticationForm`` sets ``max_length`` on the username field after it is built, which
adds no validator: a 300-character username reaches ``authenticate()`` and django-axes, whose
attempt log holds 255 characters (a 500 on PostgreSQL). Both log-in pages use these forms.
"""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

USERNAME_MAX_LENGTH = 150  # django.contrib.auth.models.User.username
PASSWORD_MAX_LENGTH = 4096


def _bounded(value: str | None, limit: int, message, code: str) -> str:
    value = value or ""
    if len(value) > limit:
        raise forms.ValidationError(message, code=code, params={"limit": limit})
    return value


class BoundedLoginMixin:
    def clean_username(self):
        return _bounded(self.cleaned_data.get("username"), USERNAME_MAX_LENGTH,
                        _("A username has at most %(limit)d characters."), "username_too_long")

    def clean_password(self):
        return _bounded(self.cleaned_data.get("password"), PASSWORD_MAX_LENGTH,
                        _("A password has at most %(limit)d characters."), "password_too_long")


class LoginForm(BoundedLoginMixin, AuthenticationForm):
    pass


class AdminLoginForm(BoundedLoginMixin, AdminAuthenticationForm):
    pass
