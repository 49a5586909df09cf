"""The working-day calendar: statutory holidays off, announced make-up weekends (调休) on."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class CalendarYear(models.Model):
    """Whether a year's official holiday schedule is known.

    Due dates that depend on a year whose schedule is not official are computed with weekends only
    and shown as provisional.
    """

    class Source(models.TextChoices):
        PACKAGE = "package", _("chinese-calendar package")
        MANUAL = "manual", _("Entered by office staff")

    year = models.PositiveIntegerField(_("year"), unique=True)
    is_official = models.BooleanField(_("official schedule entered"), default=False)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.PACKAGE)
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["year"]
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")

    def __str__(self):
        return str(self.year)


class CalendarDay(models.Model):
    """A day that differs from the rule: a weekday off, or a weekend day worked.

    A row without a jurisdiction is national (statutory; kept by the operator) and differs from the
    weekend rule. A row with a jurisdiction is one of that jurisdiction's local days (an extra
    holiday of an autonomous region, a day worked locally): it differs from the national calendar
    and counts for that jurisdiction's due dates only.
    """

    Source = CalendarYear.Source

    jurisdiction = models.ForeignKey(
        "units.Jurisdiction", verbose_name=_("jurisdiction"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="calendar_days", help_text=_("Empty for the national calendar."),
    )
    date = models.DateField(_("date"))
    is_working = models.BooleanField(_("working day"))
    name = models.CharField(_("name"), max_length=100, blank=True, help_text=_("e.g. 国庆节, 国庆节调休"))
    source = models.CharField(_("source"), max_length=20, choices=CalendarYear.Source.choices,
                              default=CalendarYear.Source.PACKAGE)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["date"], condition=models.Q(jurisdiction__isnull=True), name="calendarday_national_date_unique"
            ),
            models.UniqueConstraint(fields=["jurisdiction", "date"], name="calendarday_jurisdiction_date_unique"),
        ]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self):
        return f"{self.date} {self.name}"

    @property
    def is_national(self) -> bool:
        return self.jurisdiction_id is None
