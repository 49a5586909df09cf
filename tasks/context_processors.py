"""Template context every portal page needs: the user's access, the unread-notification count and,
for office staff, how many reports wait for review (the 审核 menu's badge)."""

from django.conf import settings

from tasks.access import access_for


def portal(request):
    user = getattr(request, "user", None)
    access = access_for(user)
    unread = 0
    waiting = 0
    if access.is_authenticated:
        unread = user.notifications.filter(read_at__isnull=True).count()
        if access.is_office:
            from tasks.selectors.portal import reports_waiting_count

            waiting = reports_waiting_count(access)
    return {"access": access, "unread_notifications": unread, "reports_waiting": waiting,
            "site_name": settings.OPENSCHED_SITE_NAME}
