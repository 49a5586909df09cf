"""Background work a person asked for (tasks/jobs/): an export in the background, with its progress and file."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportJob(models.Model):
    """One export a person asked for, run by a worker (``tasks.jobs.tasks.run_export``).

    ``params`` is what rebuilds the same export in the worker: the source (document ledger, list
    ledger, report, …), the object id, the format and, for a list, the page's filter querystring,
    which goes through the same scope function as the immediate download. The file lives in the
    private export storage (``tasks.jobs.storage``) until ``expires_at``; only ``user`` may see it.
    The primary key is a UUID so that job URLs cannot be counted through.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    class Unit(models.TextChoices):
        ROWS = "rows", _("rows")
        PAGES = "pages", _("pages")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs")
    source = models.CharField(max_length=40)
    export_format = models.CharField(max_length=40)
    params = models.JSONField(default=dict)
    title = models.CharField(max_length=300, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    unit = models.CharField(max_length=10, choices=Unit.choices, default=Unit.ROWS)
    file = models.FileField(blank=True, max_length=300)
    filename = models.CharField(max_length=300, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    error_code = models.CharField(max_length=40, blank=True)
    task_result_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"], name="exportjob_user_created"),
                   models.Index(fields=["expires_at"], name="exportjob_expires")]

    def __str__(self) -> str:
        return f"{self.title or self.source} ({self.get_state_display()})"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def percent(self) -> int | None:
        """Done as a percentage, or None while the total is not known yet."""
        if self.state == self.State.DONE:
            return 100
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))
