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


class BoundedLoginMixin:
    def clean_username(self):
        username = self.cleaned_data.get("username") or ""
        if len(username) > USERNAME_MAX_LENGTH:
            raise forms.ValidationError(
                _("A username has at most %(limit)d characters."), code="username_too_long",
                params={"limit": USERNAME_MAX_LENGTH},
            )
        return username

    def clean_password(self):
        password = self.cleaned_data.get("password") or ""
        if len(password) > PASSWORD_MAX_LENGTH:
            raise forms.ValidationError(
                _("A password has at most %(limit)d characters."), code="password_too_long",
                params={"limit": PASSWORD_MAX_LENGTH},
            )
        return password


class LoginForm(BoundedLoginMixin, AuthenticationForm):
    pass


class AdminLoginForm(BoundedLoginMixin, AdminAuthenticationForm):
    pass
