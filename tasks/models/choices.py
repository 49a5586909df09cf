"""Choices shared by several models and by the pure parsers' string values.

Their labels are the one home of the words for statuses and lights: pages show them in the
reader's language, the Chinese exports through ``ChineseLabels``.
"""

from collections.abc import Iterator, Mapping

from django.db import models
from django.utils import translation
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


def light_words(light: str) -> str:
    """A light's words in the reader's language; anything unknown reads as no deadline (grey)."""
    try:
        return str(Light(light).label)
    except ValueError:
        return str(Light.GREY.label)


class ChineseLabels(Mapping):
    """value → label of a choices class in Chinese whatever the reader's language: the 工作台账
    exports are written in the ledger's own words. Built on first use (translations need the app
    registry), then kept."""

    def __init__(self, choices: type[models.Choices]):
        self._choices = choices
        self._labels: dict[str, str] | None = None

    def _built(self) -> dict[str, str]:
        if self._labels is None:
            with translation.override("zh-hans"):
                self._labels = {value: str(label) for value, label in self._choices.choices}
        return self._labels

    def __getitem__(self, value: str) -> str:
        return self._built()[value]

    def __iter__(self) -> Iterator[str]:
        return iter(self._built())

    def __len__(self) -> int:
        return len(self._built())
