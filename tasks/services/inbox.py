"""Writes on the inbox and on reminder preferences; each one transaction."""

from django.db import transaction
from django.utils import timezone

from tasks.models import Notification, NotificationSetting


@transaction.atomic
def notification_mark_read(*, notification: Notification) -> Notification:
    """Mark one notification read (keeps the first time it was read)."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user) -> int:
    """Mark every unread notification of ``user`` read; returns how many changed."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def notification_setting_update(*, user, digest: str) -> NotificationSetting:
    """Store the user's choice of reminder emails (daily digest and event emails, or none)."""
    setting = NotificationSetting.objects.select_for_update().filter(user=user).first()
    if setting is None:
        setting = NotificationSetting(user=user)
    setting.digest = digest
    setting.full_clean()
    setting.save()
    return setting
