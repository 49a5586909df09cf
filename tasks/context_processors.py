"""Template context every portal page needs: the user's access and the unread-notification count."""

from django.conf import settings

from tasks.access import access_for


def portal(request):
    user = getattr(request, "user", None)
    access = access_for(user)
    unread = 0
    if access.is_authenticated:
        unread = user.notifications.filter(read_at__isnull=True).count()
    return {"access": access, "unread_notifications": unread, "site_name": settings.OPENSCHED_SITE_NAME}
