"""Root URLs. Each part of the portal has its own URL module and namespace under tasks/urls/."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from tasks.views.auth import LoginView
from units.auth_views import PasswordChangeView

urlpatterns = [
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("public/", include("tasks.urls.public")),
    path("import/", include("tasks.urls.importing")),
    path("exports/", include("tasks.urls.exports")),
    path("calendar/", include("tasks.urls.calendar")),
    path("inbox/", include("tasks.urls.notifications")),
    path("review/", include("tasks.urls.yearly_review")),
    path("registry/", include("tasks.urls.registry")),
    path("", include("tasks.urls.portal")),
]
