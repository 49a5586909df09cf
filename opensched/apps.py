from django.contrib.admin.apps import AdminConfig


class OperatorAdminConfig(AdminConfig):
    """``django.contrib.admin`` with the operator-only site as ``admin.site``."""

    default_site = "opensched.admin_site.OperatorAdminSite"
