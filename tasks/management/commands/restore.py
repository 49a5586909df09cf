"""``restore FILE``: bring a backup archive back into an empty database and MEDIA_ROOT."""

from django.core.management.base import BaseCommand, CommandError

from tasks.services.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore an archive written by `backup` into an EMPTY, migrated database (refused otherwise) and put "
        "its files under MEDIA_ROOT. The archive is verified first; on any error nothing is changed. "
        "Archives written from PostgreSQL are read with pg_restore and restore only into PostgreSQL."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar.gz written by `manage.py backup`.")

    def handle(self, *args, archive, **options):
        try:
            counts = backup_restore(archive=archive)
        except BackupError as exc:
            raise CommandError(f"restore refused: {exc}") from None
        self.stdout.write(self.style.SUCCESS(
            f"restored {sum(counts.values())} rows of {len(counts)} models from {archive}"))
