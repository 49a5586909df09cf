"""The Django admin is the system operator's tool, not the office's.

Office staff, supervisors and liaisons work in the portal's own pages, which scope every object to
their jurisdiction or unit (``tasks.access``). The admin has no such scoping, so only operators
(active superusers) may use it; everybody else is sent to the admin's login page, as Django does for
users without admin access.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


def is_operator(user) -> bool:
    """The one rule for who operates the system (admin, national calendar, first jurisdiction)."""
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


class OperatorAdminSite(admin.AdminSite):
    site_header = _("OpenSched administration")
    site_title = _("OpenSched administration")
    index_title = _("Work points, units and calendar")

    @property
    def login_form(self):
        # Imported late: the form module imports the auth models, which need the app registry.
        from tasks.forms.auth import AdminLoginForm

        return AdminLoginForm

    def has_permission(self, request):
        return is_operator(request.user)
