"""The portal (namespace ``portal``): liaison home, assignments, documents, review, overviews.

POST-only routes are the writes; each view checks access through tasks.access.
"""

from django.urls import path

from tasks.views import (
    portal_assignment,
    portal_batch,
    portal_documents,
    portal_lists,
    portal_office,
    portal_overview,
    portal_print,
)

app_name = "portal"

urlpatterns = [
    path("", portal_lists.home, name="home"),
    path("review/queue/", portal_office.review_queue, name="review_queue"),
    path("review/bulk/", portal_batch.reports_review, name="reports_review"),
    path("tasks/deadline/", portal_batch.tasks_deadline, name="tasks_deadline"),
    path("tasks/<int:pk>/deadline/", portal_batch.task_deadline, name="task_deadline"),
    path("assignments/urge/", portal_batch.assignments_urge, name="assignments_urge"),
    path("assignments/<int:pk>/due/", portal_batch.assignment_due, name="assignment_due"),
    path("documents/", portal_documents.document_list, name="document_list"),
    path("documents/<int:pk>/", portal_documents.document_detail, name="document_detail"),
    path("documents/<int:pk>/publish/", portal_office.document_publish_view, name="document_publish"),
    path("tasks/<int:pk>/", portal_documents.task_detail, name="task_detail"),
    path("tasks/<int:pk>/history/", portal_documents.task_history_page, name="task_history"),
    path("tasks/<int:pk>/assign/", portal_office.task_assign, name="task_assign"),
    path("tasks/<int:pk>/pick-units/", portal_office.task_pick_units, name="task_pick_units"),
    path("assignments/", portal_lists.assignment_list, name="assignment_list"),
    path("assignments/print/", portal_print.assignment_print, name="assignment_print"),
    path("assignments/<int:pk>/", portal_assignment.assignment_detail, name="assignment_detail"),
    path("assignments/<int:pk>/history/", portal_assignment.assignment_history_page, name="assignment_history"),
    path("assignments/<int:pk>/report/", portal_assignment.report_submit, name="report_submit"),
    path("assignments/<int:pk>/acknowledge/", portal_assignment.assignment_acknowledge_view,
         name="assignment_acknowledge"),
    path("assignments/<int:pk>/extension/", portal_assignment.extension_request_create, name="extension_request"),
    path("assignments/<int:pk>/event-date/", portal_assignment.assignment_event_date, name="assignment_event_date"),
    path("assignments/<int:pk>/urge/", portal_office.assignment_urge, name="assignment_urge"),
    path("assignments/<int:pk>/role/", portal_office.assignment_role, name="assignment_role"),
    path("assignments/<int:pk>/remove/", portal_office.assignment_remove_view, name="assignment_remove"),
    path("reports/<int:pk>/review/", portal_office.report_review, name="report_review"),
    path("extensions/<int:pk>/decide/", portal_office.extension_decide_view, name="extension_decide"),
    path("attachments/<int:pk>/", portal_assignment.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/view/", portal_assignment.attachment_view, name="attachment_view"),
    path("units/<int:pk>/", portal_lists.unit_detail, name="unit_detail"),
    path("overview/", portal_overview.overview, name="overview"),
    path("jurisdictions/<int:pk>/", portal_overview.jurisdiction_overview, name="jurisdiction_overview"),
]
