"""Template context every portal page needs: the user's access, the unread-notification count,
for office staff how many reports wait for review (the 审核 menu's badge), and the site's name in the header."""

from django.conf import settings

from tasks.access import access_for


def site_title(access) -> str:
    """The header's name: for a user of exactly one jurisdiction, that government's own portal title
    (Jurisdiction.display_title, read by access_for with the user's roles); for everyone else (the
    operator, users of several jurisdictions, the public) the ``OPENSCHED_SITE_NAME`` setting."""
    return access.site_title or str(settings.OPENSCHED_SITE_NAME)


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
            "site_name": site_title(access)}
