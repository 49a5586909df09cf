from django.core.management.base import BaseCommand, CommandError

from tasks.services.calendar import calendar_sync_from_package
from tasks.services.errors import ServiceError


class Command(BaseCommand):
    help = (
        "Load official national holiday schedules (statutory holidays and make-up working days) from the "
        "chinese-calendar package into the database and recompute the due dates that depend on them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append", help="Only these years (repeatable).")

    def handle(self, *args, year=None, **options):
        try:
            result = calendar_sync_from_package(years=year)
        except ServiceError as exc:
            raise CommandError(str(exc)) from None
        if result.years:
            span = f"{result.years[0]}–{result.years[-1]}"
        else:
            span = "none (the package knows none of the requested years)"
        self.stdout.write(
            f"official years: {span}; days written: {result.days_written}; "
            f"due dates recomputed: {result.tasks_recomputed}"
        )
