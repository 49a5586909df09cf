"""The password change page, which also ends the forced change of a one-time password."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.utils.translation import gettext_lazy as _

from units.accounts import password_change_completed
from units.middleware import SESSION_KEY


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("new_password1")
        if password and not self.errors and self.user.check_password(password):
            self.add_error("new_password2", forms.ValidationError(
                _("Choose a password different from the one you have now."), code="password_unchanged"))
        return cleaned


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm

    def form_valid(self, form):
        response = super().form_valid(form)
        password_change_completed(user=form.user)
        self.request.session.pop(SESSION_KEY, None)
        return response
