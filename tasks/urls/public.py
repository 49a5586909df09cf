from django.urls import path

from tasks.views.placeholder import public_placeholder

app_name = "public"

urlpatterns = [
    path("", public_placeholder, name="index"),
]
