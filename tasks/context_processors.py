"""Template context every portal page needs: the user's access, the unread-notification count and
the site's name in the header."""

from django.conf import settings

from tasks.access import access_for
from tasks.caching import cached


def site_title(access) -> str:
    """The header's name: for a user of exactly one jurisdiction, that government's own portal title
    (Jurisdiction.display_title); for everyone else (the operator, users of several jurisdictions,
    the public) the ``OPENSCHED_SITE_NAME`` setting."""
    jurisdictions = access.office_jurisdictions | access.supervisor_jurisdictions | access.unit_jurisdictions
    if access.is_superuser or len(jurisdictions) != 1:
        return str(settings.OPENSCHED_SITE_NAME)
    (jurisdiction_id,) = jurisdictions

    def read():
        from units.models import Jurisdiction

        jurisdiction = Jurisdiction.objects.filter(pk=jurisdiction_id).first()
        return jurisdiction.display_title if jurisdiction else ""

    return cached("site-title", (jurisdiction_id,), read) or str(settings.OPENSCHED_SITE_NAME)


def portal(request):
    user = getattr(request, "user", None)
    access = access_for(user)
    unread = 0
    if access.is_authenticated:
        unread = user.notifications.filter(read_at__isnull=True).count()
    return {"access": access, "unread_notifications": unread, "site_name": site_title(access)}
