from django.urls import path

from tasks.views import calendar as views

app_name = "calendar"

urlpatterns = [
    path("", views.calendar_index, name="index"),
    path("day/", views.calendar_day_save, name="day_save"),
    path("year/", views.calendar_year_save, name="year_save"),
    path("sync/", views.calendar_sync, name="sync"),
]
