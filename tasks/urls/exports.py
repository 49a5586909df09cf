from django.urls import path

from tasks.views import export_jobs as jobs
from tasks.views import exports as views

app_name = "exports"

urlpatterns = [
    path("ledger/", views.list_ledger_download, name="list_ledger"),
    path("documents/<int:pk>/ledger/", views.document_ledger_download, name="document_ledger"),
    path("documents/<int:pk>/report/", views.document_report_download, name="document_report"),
    path("overview/", views.overview_download, name="overview"),
    path("units/<int:pk>/ledger/", views.unit_ledger_download, name="unit_ledger"),
    path("jobs/", jobs.job_list, name="jobs"),
    path("jobs/<uuid:pk>/", jobs.job_detail, name="job"),
    path("jobs/<uuid:pk>/status/", jobs.job_status, name="job_status"),
    path("jobs/<uuid:pk>/download/", jobs.job_download, name="job_download"),
]
