from django.urls import path

from tasks.views import importing as views

app_name = "importing"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("<int:draft_id>/", views.preview, name="preview"),
    path("<int:draft_id>/status/", views.draft_status, name="draft_status"),
    path("<int:draft_id>/columns/", views.columns, name="columns"),
    path("<int:draft_id>/discard/", views.discard, name="discard"),
    path("<int:draft_id>/units/", views.units_create, name="units_create"),
]
