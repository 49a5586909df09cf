from django.urls import path

from tasks.views.placeholder import placeholder

app_name = "calendar"

urlpatterns = [
    path("", placeholder, name="index"),
]
