"""Public progress pages (no login) and the office's list of what is public."""

from django.urls import path

from tasks.views import public

app_name = "public"

urlpatterns = [
    path("", public.index, name="index"),
    path("feed.json", public.feed, name="feed"),
    path("manage/", public.manage, name="manage"),
    path("<int:pk>/", public.document, name="document"),
    path("<int:pk>/data.json", public.document_data, name="document_data"),
    path("attachments/<int:pk>/", public.attachment, name="attachment"),
]
