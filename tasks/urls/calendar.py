from django.urls import path

from tasks.views import calendar as views

app_name = "calendar"

urlpatterns = [
    path("", views.calendar_index, name="index"),
    # the national calendar: the operator's
    path("day/", views.calendar_day_save, name="day_save"),
    path("year/", views.calendar_year_save, name="year_save"),
    path("sync/", views.calendar_sync, name="sync"),
    # a jurisdiction's local days: its office staff's
    path("local/<int:pk>/day/", views.local_day_save, name="local_day_save"),
    path("local/<int:pk>/remove/", views.local_day_remove, name="local_day_remove"),
]
