"""Office staff, supervisors and liaisons leave the Django admin: it is for the system's operators.

Earlier releases made office staff ``is_staff`` with every model permission (through the "office
staff" group), and the admin does not scope objects by jurisdiction. Every account that is not a
superuser loses ``is_staff``; the group and any direct model permissions on our apps are removed.
"""

from django.db import migrations

OFFICE_GROUP = "office staff"


def leave_admin(apps, schema_editor):
    User = apps.get_model("auth", "User")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    User.objects.filter(is_staff=True, is_superuser=False).update(is_staff=False)
    Group.objects.filter(name=OFFICE_GROUP).delete()
    ours = Permission.objects.filter(content_type__app_label__in=["units", "tasks"])
    User.user_permissions.through.objects.filter(permission__in=ours).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("units", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(leave_admin, migrations.RunPython.noop)]
