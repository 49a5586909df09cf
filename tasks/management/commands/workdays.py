from datetime import date

from django.core.management.base import BaseCommand, CommandError

from tasks.selectors.calendar import work_calendar
from tasks.workdays import MAX_WORKDAYS, MAX_YEAR, MIN_YEAR, WorkdayRangeError, year_in_range
from units.models import Jurisdiction


class Command(BaseCommand):
    help = "Working-day arithmetic on the database calendar: `workdays add DATE N` prints DATE plus N working days."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="DATE plus N working days (the start day is not counted).")
        add.add_argument("date")
        add.add_argument("n", type=int)
        add.add_argument("--jurisdiction", help="Use this jurisdiction's calendar (national plus its local days).")

    def handle(self, *args, action, **options):
        try:
            start = date.fromisoformat(options["date"])
        except ValueError:
            raise CommandError(f"{options['date']!r} is not a date: use YYYY-MM-DD") from None
        if not year_in_range(start.year):
            raise CommandError(f"{start.isoformat()} is outside the supported years {MIN_YEAR}–{MAX_YEAR}")
        n = options["n"]
        if n < 0:
            raise CommandError("N must be zero or more")
        if n > MAX_WORKDAYS:
            raise CommandError(f"N must be at most {MAX_WORKDAYS} working days")
        jurisdiction = None
        if options.get("jurisdiction"):
            jurisdiction = Jurisdiction.objects.filter(name=options["jurisdiction"]).first()
            if jurisdiction is None:
                raise CommandError(f"no jurisdiction named {options['jurisdiction']!r}")
        calendar = work_calendar(jurisdiction=jurisdiction)
        try:
            due, provisional = calendar.add_working_days_checked(start, n)
        except WorkdayRangeError as exc:
            raise CommandError(str(exc)) from None
        suffix = " (provisional: no official holiday schedule for that year)" if provisional else ""
        self.stdout.write(f"{due.isoformat()}{suffix}")
