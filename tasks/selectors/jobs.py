"""Reads of the background exports (tasks.models.ExportJob)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from tasks.models import ExportJob

# "My exports" shows at most this many (newest first); results expire after a few days anyway.
MY_EXPORTS_LIMIT = 50


def my_export_jobs(user) -> QuerySet[ExportJob]:
    """The user's unexpired exports, newest first (one query)."""
    return ExportJob.objects.filter(user=user, expires_at__gt=timezone.now()).order_by("-created_at")[
        :MY_EXPORTS_LIMIT]
