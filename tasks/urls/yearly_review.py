from django.urls import path  # noqa: F401

app_name = "yearly_review"

urlpatterns: list = []
