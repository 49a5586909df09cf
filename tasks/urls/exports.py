from django.urls import path

from tasks.views import exports as views

app_name = "exports"

urlpatterns = [
    path("ledger/", views.list_ledger_download, name="list_ledger"),
    path("documents/<int:pk>/ledger/", views.document_ledger_download, name="document_ledger"),
    path("documents/<int:pk>/report/", views.document_report_download, name="document_report"),
    path("overview/", views.overview_download, name="overview"),
    path("units/<int:pk>/ledger/", views.unit_ledger_download, name="unit_ledger"),
]
