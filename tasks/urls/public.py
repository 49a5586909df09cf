"""Public progress pages (no login) and the office's publish / withdraw page."""

from django.urls import path

from tasks.views import public

app_name = "public"

urlpatterns = [
    path("", public.index, name="index"),
    path("feed.json", public.feed, name="feed"),
    path("manage/", public.manage, name="manage"),
    path("<int:pk>/", public.document, name="document"),
    path("<int:pk>/data.json", public.document_data, name="document_data"),
    path("<int:pk>/publish/", public.publish, name="publish"),
    path("attachments/<int:pk>/", public.attachment, name="attachment"),
]
