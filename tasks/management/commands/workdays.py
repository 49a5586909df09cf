from datetime import date

from django.core.management.base import BaseCommand, CommandError

from tasks.selectors.calendar import work_calendar


class Command(BaseCommand):
    help = "Working-day arithmetic on the database calendar: `workdays add DATE N` prints DATE plus N working days."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="DATE plus N working days (the start day is not counted).")
        add.add_argument("date")
        add.add_argument("n", type=int)

    def handle(self, *args, action, **options):
        try:
            start = date.fromisoformat(options["date"])
        except ValueError:
            raise CommandError(f"{options['date']!r} is not a date: use YYYY-MM-DD") from None
        n = options["n"]
        if n < 0:
            raise CommandError("N must be zero or more")
        calendar = work_calendar()
        due, provisional = calendar.add_working_days_checked(start, n)
        suffix = " (provisional: no official holiday schedule for that year)" if provisional else ""
        self.stdout.write(f"{due.isoformat()}{suffix}")
