from django.urls import path

from tasks.views.placeholder import placeholder

app_name = "notifications"

urlpatterns = [
    path("", placeholder, name="inbox"),
    path("settings/", placeholder, name="settings"),
]
