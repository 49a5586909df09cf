"""Choices shared by several models and by the pure parsers' string values."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeadlineKind(models.TextChoices):
    FIXED = "fixed", _("Fixed date")
    WORKDAYS_AFTER_ISSUE = "workdays_after_issue", _("Working days after issue")
    DAYS_AFTER_ISSUE = "days_after_issue", _("Days after issue")
    EVENT = "event", _("After an event")
    PERIOD = "period", _("Period")
    RECURRING = "recurring", _("Recurring")
    CONTINUOUS = "continuous", _("Continuous")
    NONE = "none", _("No deadline")


class Role(models.TextChoices):
    LEAD = "lead", _("Lead")
    RESPONSIBLE = "responsible", _("Responsible")
    COOPERATING = "cooperating", _("Cooperating")


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    COMPLETED = "completed", _("Completed")
    RETURNED = "returned", _("Returned")


class Light(models.TextChoices):
    GREEN = "green", _("On track")
    YELLOW = "yellow", _("Due soon")
    RED = "red", _("Overdue")
    GREY = "grey", _("No deadline")
    DONE = "done", _("Completed on time")
    DONE_LATE = "done_late", _("Completed late")
