from django.urls import path

from tasks.views.placeholder import placeholder

app_name = "portal"

urlpatterns = [
    path("", placeholder, name="home"),
    path("review/queue/", placeholder, name="review_queue"),
    path("documents/", placeholder, name="document_list"),
    path("documents/<int:pk>/", placeholder, name="document_detail"),
    path("tasks/<int:pk>/", placeholder, name="task_detail"),
    path("assignments/", placeholder, name="assignment_list"),
    path("assignments/<int:pk>/", placeholder, name="assignment_detail"),
    path("attachments/<int:pk>/", placeholder, name="attachment_download"),
    path("units/<int:pk>/", placeholder, name="unit_detail"),
    path("overview/", placeholder, name="overview"),
    path("jurisdictions/<int:pk>/", placeholder, name="jurisdiction_overview"),
]
