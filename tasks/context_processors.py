"""Template context every portal page needs: the user's access, the unread-notification count and
the site's name in the header."""

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
    if access.is_authenticated:
        unread = user.notifications.filter(read_at__isnull=True).count()
    return {"access": access, "unread_notifications": unread, "site_name": site_title(access)}
