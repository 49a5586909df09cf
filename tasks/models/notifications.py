"""In-app notifications, what reminder emails were sent, and each user's digest choice."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One message in a user's inbox (the bell)."""

    class Kind(models.TextChoices):
        REPORT_SUBMITTED = "report_submitted", _("Report submitted")
        REPORT_ACCEPTED = "report_accepted", _("Report accepted")
        REPORT_RETURNED = "report_returned", _("Report returned")
        URGE = "urge", _("Urge")
        EXTENSION_REQUESTED = "extension_requested", _("Extension requested")
        EXTENSION_DECIDED = "extension_decided", _("Extension decided")
        ASSIGNED = "assigned", _("New assignment")
        DIGEST = "digest", _("Daily digest")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.title


class ReminderLog(models.Model):
    """What was sent, so that a second run of send_reminders sends nothing twice.

    ``key`` is unique (e.g. ``digest:liaison:<user id>:2021-07-12``): a run inserts the row before
    sending, so two overlapping runs cannot both send the same message.
    """

    key = models.CharField(_("key"), max_length=200, unique=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("reminder log entry")
        verbose_name_plural = _("reminder log")

    def __str__(self):
        return self.key


class NotificationSetting(models.Model):
    """A user's choice of reminder emails."""

    class Digest(models.TextChoices):
        DAILY = "daily", _("Daily digest")
        NONE = "none", _("No digest emails")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="notification_setting"
    )
    digest = models.CharField(_("reminder emails"), max_length=10, choices=Digest.choices, default=Digest.DAILY)

    class Meta:
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")

    def __str__(self):
        return f"{self.user}: {self.get_digest_display()}"
