"""Documents, their numbered sections and the tasks they contain."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tasks.models.choices import DeadlineKind
from units.models import Jurisdiction


class Document(models.Model):
    """One issued document: 2021年薛城区政务公开工作要点 (薛政办发〔2021〕14号)."""

    class Kind(models.TextChoices):
        WORK_POINTS = "work_points", _("Work points (工作要点)")
        IMPLEMENTATION_PLAN = "implementation_plan", _("Implementation plan (实施方案)")
        TASK_TABLE = "task_table", _("Task table (任务分解表)")
        PROCEDURE = "procedure", _("Procedure (办法)")
        OTHER = "other", _("Other")

    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=300)
    doc_number = models.CharField(_("document number (文号)"), max_length=100, blank=True)
    issuer = models.CharField(_("issuer"), max_length=200, blank=True)
    issued_on = models.DateField(_("issue date"), null=True, blank=True)
    year = models.PositiveIntegerField(_("year"), null=True, blank=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.WORK_POINTS)
    addressees = models.TextField(_("addressees"), blank=True, help_text=_("Who receives it; not task units."))
    source_file = models.FileField(_("source file"), upload_to="sources/%Y/", blank=True)
    source_name = models.CharField(_("source file name"), max_length=255, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # Bumped by every service that changes what the public page shows; cache key for it.
    content_changed_at = models.DateTimeField(_("content changed at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-issued_on", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "doc_number"],
                condition=~Q(doc_number=""),
                name="document_unique_number_per_jurisdiction",
            ),
        ]
        indexes = [
            models.Index(fields=["jurisdiction", "year"]),
            # Serves the Meta ordering within a jurisdiction (lists and exports in default order).
            models.Index(fields=["jurisdiction", "-year", "-issued_on", "id"], name="document_jurisdiction_order"),
        ]

    def __str__(self):
        return self.label_of(self.title, self.doc_number)

    def get_absolute_url(self):
        return reverse("portal:document_detail", args=[self.pk])

    @staticmethod
    def label_of(title: str, doc_number: str) -> str:
        """How a document is named in lists and choices: its title, and its 文号 in brackets."""
        return f"{title}（{doc_number}）" if doc_number else title


class Section(models.Model):
    """A numbered heading: 一、 → （一） → 1． → 一是."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="sections"
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("parent section"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="children",
    )
    label = models.CharField(_("label"), max_length=30, blank=True, help_text=_("As numbered: 一, （一）, 1"))
    title = models.CharField(_("title"), max_length=500, blank=True)
    level = models.PositiveSmallIntegerField(_("level"), default=1)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["document", "order"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return f"{self.label}{self.title}" if self.label else self.title


class Task(models.Model):
    """One requirement with its own responsible units and deadline."""

    document = models.ForeignKey(Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="tasks")
    section = models.ForeignKey(
        Section, verbose_name=_("section"), null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    number = models.CharField(_("number"), max_length=50, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    heading = models.CharField(_("heading"), max_length=300, blank=True)
    text = models.TextField(_("requirement"))
    # Section titles from the top, e.g. ["一、深化重点领域政府信息公开", "（一）推进…"], kept for exports.
    section_path = models.JSONField(_("section path"), default=list, blank=True)
    deadline_phrase = models.CharField(_("deadline phrase"), max_length=200, blank=True)
    deadline_kind = models.CharField(
        _("deadline kind"), max_length=30, choices=DeadlineKind.choices, default=DeadlineKind.NONE
    )
    # The resolver's structured form (tasks.deadlines.Deadline.to_dict()).
    deadline_data = models.JSONField(_("deadline data"), default=dict, blank=True)
    due_on = models.DateField(_("due date"), null=True, blank=True, db_index=True)
    due_provisional = models.BooleanField(
        _("provisional due date"), default=False,
        help_text=_("Computed without an official holiday schedule for the year."),
    )
    event_on = models.DateField(_("event date"), null=True, blank=True, help_text=_("For deadlines after an event."))
    flags = models.JSONField(_("flags"), default=list, blank=True)
    suggestions = models.JSONField(_("suggested units"), default=list, blank=True)
    origin = models.ForeignKey(
        "self", verbose_name=_("carried over from"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="carried_into",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["document", "order"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self):
        text = self.heading or self.text
        return f"{self.number} {text[:40]}".strip()

    def get_absolute_url(self):
        return reverse("portal:task_detail", args=[self.pk])


class ImportDraft(models.Model):
    """An uploaded file waiting for office staff to check the preview and confirm.

    Only the upload and the parse result are kept here; no document, section or task row is
    written before confirmation.
    """

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.CASCADE, related_name="+"
    )
    jurisdiction = models.ForeignKey(Jurisdiction, verbose_name=_("jurisdiction"), on_delete=models.CASCADE)
    filename = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"))
    parsed = models.JSONField(_("parse result"), default=dict)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import draft")
        verbose_name_plural = _("import drafts")

    def __str__(self):
        return self.filename
