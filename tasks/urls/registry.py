"""The unit registry pages (namespace ``registry``): office staff keep it, supervisors read it."""

from django.urls import path

from tasks.views import accounts
from tasks.views import registry as views

app_name = "registry"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.unit_list, name="unit_list"),
    path("<int:pk>/units/new/", views.unit_create, name="unit_create"),
    path("<int:pk>/collectives/", views.collective_list, name="collective_list"),
    path("<int:pk>/collectives/new/", views.collective_create, name="collective_create"),
    path("units/<int:pk>/", views.unit_edit, name="unit_edit"),
    path("units/<int:pk>/aliases/", views.alias_add, name="alias_add"),
    path("units/<int:pk>/active/", views.unit_set_active, name="unit_set_active"),
    path("units/<int:pk>/merge/", views.unit_merge, name="unit_merge"),
    path("aliases/<int:pk>/remove/", views.alias_remove, name="alias_remove"),
    path("collectives/<int:pk>/", views.collective_edit, name="collective_edit"),
    # liaison accounts: the jurisdiction's office staff
    path("<int:pk>/accounts/", accounts.accounts, name="accounts"),
    path("<int:pk>/accounts/generate/", accounts.accounts_generate, name="accounts_generate"),
    path("<int:pk>/accounts/upload/", accounts.accounts_upload, name="accounts_upload"),
    path("<int:pk>/accounts/sheet.xlsx", accounts.accounts_sheet_xlsx, name="accounts_sheet_xlsx"),
    path("<int:pk>/accounts/sheet.pdf", accounts.accounts_sheet_pdf, name="accounts_sheet_pdf"),
    path("liaisons/<int:pk>/reset/", accounts.account_reset, name="account_reset"),
    # a fresh install: the operator's
    path("first-run/", accounts.first_run, name="first_run"),
    path("first-run/<int:pk>/", accounts.first_run_done, name="first_run_done"),
]
