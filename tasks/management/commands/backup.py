"""``backup [-o FILE]``: a consistent .tar.gz of all application data and uploaded files
(pg_dump on PostgreSQL; see tasks.services.backup)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tasks.management.output import output_path_check
from tasks.services.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write a backup archive: the data (pg_dump -Fc on PostgreSQL, the dumpdata format with natural keys on "
        "SQLite; read in one snapshot), every file "
        "under MEDIA_ROOT and a manifest with counts and checksums. It holds password hashes: store it safely."
    )

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="Archive to write (default: opensched-backup-<time>.tar.gz).")

    def handle(self, *args, output=None, **options):
        path = output_path_check(output or f"opensched-backup-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz")
        try:
            result = backup_create(output=path)
        except BackupError as exc:
            raise CommandError(f"backup failed: {exc}") from None
        rows = sum(result.counts.values())
        self.stdout.write(f"{rows} rows of {len(result.counts)} models, {result.media_files} media files")
        for name in result.missing_media:
            self.stderr.write(f"warning: {name} is referenced by a row but missing under MEDIA_ROOT")
        self.stdout.write(self.style.SUCCESS(f"wrote {result.path} ({result.size / 1024:.0f} KiB)"))
