"""Year-over-year review (回头看) for office staff and supervisors."""

from django.urls import path

from tasks.views import yearly_review as views

app_name = "yearly_review"

urlpatterns = [
    path("", views.index, name="index"),
    path("jurisdictions/<int:pk>/", views.jurisdiction, name="jurisdiction"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("documents/<int:pk>/carry-over/", views.carry_over, name="carry_over"),
    path("documents/<int:pk>/report/", views.report, name="report"),
    path("documents/<int:pk>/report.xlsx", views.report_xlsx, name="report_xlsx"),
    path("documents/<int:pk>/report.pdf", views.report_pdf, name="report_pdf"),
]
