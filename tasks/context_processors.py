"""Template context every portal page needs: the user's access, the unread-notification count and,
for office staff, how many reports wait for review (the 审核 menu's badge)."""

from django.conf import settings

from tasks.access import access_for
from tasks.caching import cached


def _reports_waiting(access) -> int:
    """Reports waiting in the user's review queue: one COUNT per data version and scope."""
    from tasks.models import ProgressReport

    scope = access.staff_jurisdiction_filter("assignment__task__document__")
    return cached("reports-waiting", (access.read_scope,), lambda: ProgressReport.objects.filter(
        scope, state=ProgressReport.State.SUBMITTED).count())


def portal(request):
    user = getattr(request, "user", None)
    access = access_for(user)
    unread = 0
    waiting = 0
    if access.is_authenticated:
        unread = user.notifications.filter(read_at__isnull=True).count()
        if access.is_office:
            waiting = _reports_waiting(access)
    return {"access": access, "unread_notifications": unread, "reports_waiting": waiting,
            "site_name": settings.OPENSCHED_SITE_NAME}
