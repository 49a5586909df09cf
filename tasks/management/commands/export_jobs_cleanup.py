"""Delete background exports whose results expired (``OPENSCHED_EXPORT_RESULT_DAYS``), with their files.

    python manage.py export_jobs_cleanup

Run it daily from cron or a systemd timer, beside ``send_reminders``.
"""

from django.core.management.base import BaseCommand

from tasks.services.export_jobs import export_jobs_expired_delete


class Command(BaseCommand):
    help = "Delete expired background exports and their files."

    def handle(self, *args, **options):
        deleted = export_jobs_expired_delete()
        self.stdout.write(f"deleted {deleted} expired exports")
