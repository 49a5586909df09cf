"""The inbox: a user's own notifications, newest first."""

from django.db.models import QuerySet

from tasks.models import Notification, NotificationSetting


def inbox_for_user(*, user, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")
    return qs.filter(read_at__isnull=True) if unread_only else qs


def unread_count(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def digest_choice(*, user) -> str:
    """The user's reminder-email choice; daily when they never chose."""
    value = NotificationSetting.objects.filter(user=user).values_list("digest", flat=True).first()
    return value or NotificationSetting.Digest.DAILY
