"""Per-unit assignments and what each unit reports on them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tasks.models.choices import Role, Status
from tasks.models.documents import Document, Task
from units.models import Jurisdiction, Unit


class Assignment(models.Model):
    """One task × one unit: each unit has its own status and reports separately."""

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="assignments")
    # The task's document and that document's jurisdiction, copied so that the jurisdiction-wide
    # aggregates read one table (bench/README.md). Kept right by the database: triggers on insert,
    # on a change of task, of a task's document and of a document's jurisdiction (migration 0009);
    # set in Python on save too, so that an instance is right without a refresh.
    document = models.ForeignKey(Document, verbose_name=_("document"), on_delete=models.DO_NOTHING, related_name="+",
                                 null=True, blank=True, editable=False, db_index=False)
    jurisdiction = models.ForeignKey(Jurisdiction, verbose_name=_("jurisdiction"), on_delete=models.DO_NOTHING,
                                     related_name="+", null=True, blank=True, editable=False, db_index=False)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.RESPONSIBLE)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    percent = models.PositiveSmallIntegerField(_("percent complete"), default=0)
    # Effective due date for this unit: the task's due date, the granted extension, or the next open
    # reporting period of a recurring task. Kept up to date by tasks.services (see assignment_refresh_due).
    due_on = models.DateField(_("due date"), null=True, blank=True)
    due_provisional = models.BooleanField(_("provisional due date"), default=False)
    # The office's own date for this unit (set on the assignment page): it replaces the task's date
    # and the periods' dates in effective_due until cleared, or until an extension is granted later.
    due_override = models.DateField(_("own due date"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("acknowledged by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    last_reported_at = models.DateTimeField(_("last report"), null=True, blank=True)
    # Optimistic locking: every write service checks and bumps it.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["document", "jurisdiction"])

    class Meta:
        ordering = ["task__document", "task__order", "role", "unit__order"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["task", "unit"], name="assignment_unique_task_unit"),
            models.CheckConstraint(condition=Q(percent__gte=0, percent__lte=100), name="assignment_percent_0_100"),
        ]
        indexes = [
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["unit", "due_on"]),
            models.Index(fields=["status", "due_on"]),
            # Everything a light needs, reached through the task: the dashboards' tallies of a
            # jurisdiction or a document read this index alone (see bench/README.md).
            models.Index(fields=["task", "unit", "status", "due_on", "completed_on"], name="assignment_light_cover"),
            # The same by jurisdiction, without the join: the ledger's light counts and the
            # overviews' grouped tally (unit, document, light, status, percent) read this index alone.
            models.Index(fields=["jurisdiction", "unit", "document", "status", "due_on", "completed_on", "percent"],
                         name="assignment_jurisdiction_cover"),
            # A jurisdiction's oldest overdue (open, due before today, by due date): read in due-date
            # order and stopped at the limit, instead of sorting every overdue row of the scope.
            models.Index(fields=["jurisdiction", "due_on", "status"], name="assignment_jurisdiction_due"),
        ]

    def __str__(self):
        return f"{self.task} · {self.unit}"

    def save(self, *args, **kwargs):
        self.set_scope()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("portal:assignment_detail", args=[self.pk])

    def set_scope(self) -> None:
        """Copy the task's document and jurisdiction when they are loaded (no query); the
        database's triggers set them in any case."""
        if self.task_id is None or not Assignment.task.is_cached(self):
            return
        task = self.task
        self.document_id = task.document_id
        if Task.document.is_cached(task) and task.document is not None:
            self.jurisdiction_id = task.document.jurisdiction_id


class ReportingPeriod(models.Model):
    """One period of a recurring task (按季度 → four quarters), reported separately."""

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="periods")
    index = models.PositiveSmallIntegerField(_("index"))
    label = models.CharField(_("label"), max_length=50)
    starts_on = models.DateField(_("starts on"))
    due_on = models.DateField(_("due date"))
    due_provisional = models.BooleanField(_("provisional due date"), default=False)

    class Meta:
        ordering = ["task", "index"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [models.UniqueConstraint(fields=["task", "index"], name="period_unique_task_index")]

    def __str__(self):
        return self.display_label

    @property
    def display_label(self) -> str:
        """The label in the reader's language (tasks.period_labels); ``label`` stays as stored."""
        from tasks.period_labels import period_label_display

        return period_label_display(self.label)


class AssignmentPeriod(models.Model):
    """A unit's state for one reporting period of a recurring task."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="period_states"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("reporting period"), on_delete=models.CASCADE, related_name="states"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    # The accepted progress of this period; the assignment's percent is the mean over its periods.
    percent = models.PositiveSmallIntegerField(_("percent complete"), default=0)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta:
        ordering = ["assignment", "period__index"]
        verbose_name = _("period status")
        verbose_name_plural = _("period statuses")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "period"], name="assignment_period_unique"),
            models.CheckConstraint(condition=Q(percent__gte=0, percent__lte=100),
                                   name="assignment_period_percent_0_100"),
        ]

    def __str__(self):
        return f"{self.assignment} · {self.period}"


class ProgressReport(models.Model):
    """What a unit reports: dated text, percent, evidence links and files; reviewed by office staff."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for review")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned")

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="reports"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("reporting period"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="reports",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("progress"))
    percent = models.PositiveSmallIntegerField(_("percent complete"))
    evidence_urls = models.JSONField(_("evidence links"), default=list, blank=True)
    state = models.CharField(_("review state"), max_length=20, choices=State.choices, default=State.SUBMITTED)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    review_note = models.TextField(_("review comment"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.CheckConstraint(condition=Q(percent__gte=0, percent__lte=100), name="report_percent_0_100"),
        ]
        indexes = [
            models.Index(fields=["state", "created_at"]),
            models.Index(fields=["assignment", "-created_at"]),
            # The review badge counts the reports waiting in some jurisdictions: this index alone
            # gives their assignments, where the one above reads every waiting report's row.
            models.Index(fields=["state", "assignment"], name="report_state_assignment"),
        ]

    def __str__(self):
        return f"{self.assignment} · {self.created_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("portal:assignment_detail", args=[self.assignment_id]) + f"#report-{self.pk}"


class Attachment(models.Model):
    """An evidence file on a report; downloaded only through a view that checks access."""

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to="attachments/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    is_public = models.BooleanField(_("public"), default=False, help_text=_("Shown on the public progress page."))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("portal:attachment_download", args=[self.pk])


class ExtensionRequest(models.Model):
    """延期申请: a unit asks for a new due date; office staff approve or refuse."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="extension_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    original_due = models.DateField(_("original due date"), null=True, blank=True)
    requested_due = models.DateField(_("requested due date"))
    reason = models.TextField(_("reason"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"], condition=Q(state="pending"), name="extension_one_pending_per_assignment"
            ),
        ]

    def __str__(self):
        return f"{self.assignment} → {self.requested_due}"


class Urge(models.Model):
    """催办: office staff press a unit about one of its assignments."""

    assignment = models.ForeignKey(Assignment, verbose_name=_("assignment"), on_delete=models.CASCADE,
                                   related_name="urges")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("urge")
        verbose_name_plural = _("urges")

    def __str__(self):
        return f"{self.assignment} · {self.created_at:%Y-%m-%d}"
