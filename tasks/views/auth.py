"""Login view: Django's, styled, with bounded input and the lockout message from django-axes."""

from django.contrib.auth import views as auth_views

from tasks.forms.auth import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True
