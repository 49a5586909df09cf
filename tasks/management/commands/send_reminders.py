"""Daily reminder digests; run once a day from cron or a systemd timer (see docs/reminders.md).

Safe to run again: what was sent is recorded and never sent twice. The last line of the output is
always ``sent N messages`` (followed by the dry-run count with --dry-run).
"""

import argparse
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from tasks.bounds import FIRST_SUPPORTED_DATE, LAST_SUPPORTED_DATE, date_supported
from tasks.selectors.calendar import today as local_today
from tasks.services.reminders import Outcome, reminders_send


def _iso_date(value: str) -> date:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {value!r}")
    if not date_supported(day):
        raise argparse.ArgumentTypeError(
            f"{value} is outside the supported dates ({FIRST_SUPPORTED_DATE} to {LAST_SUPPORTED_DATE})")
    return day


class Command(BaseCommand):
    help = (
        "Email each liaison a digest of their units' tasks that are overdue, due today or due within "
        "OPENSCHED_REMINDER_WORKDAYS working days, and each office staff member a digest of reports "
        "waiting for review and overdue units. Sends nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", type=_iso_date, metavar="YYYY-MM-DD",
                            help="The day to write the digests for (default: today in TIME_ZONE).")
        parser.add_argument("--dry-run", action="store_true",
                            help="Print recipients and subjects; send and record nothing.")
        parser.add_argument("--all-days", action="store_true",
                            help="Send even on a weekend or holiday (skipped by default).")

    def handle(self, *args, today=None, dry_run=False, all_days=False, **options):
        on = today or local_today()
        run = reminders_send(on=on, dry_run=dry_run, all_days=all_days)
        window = run.window
        if run.skipped_day:
            self.stdout.write(f"{on} is not a working day: no digests (use --all-days to send anyway)")
        else:
            self.stdout.write(
                f"{on}: overdue, due today, and due by {window.soon_until} ({window.workdays} working days)"
            )
        for outcome in run.outcomes:
            user = outcome.planned.user
            who = f"{user.get_username()} <{user.email}>" if user.email else user.get_username()
            line = f"{outcome.status}: {outcome.planned.key} to {who}"
            if outcome.subject:
                line += f": {outcome.subject}"
            if outcome.status == Outcome.FAILED:
                self.stderr.write(f"{line} ({outcome.error})")
            else:
                self.stdout.write(line)
        last = f"sent {run.sent} messages"
        if dry_run:
            last += f" (dry run: {run.count(Outcome.WOULD_SEND)} would be sent)"
        self.stdout.write(last)
        if run.failed:
            raise CommandError(f"{run.failed} messages could not be sent; the next run will retry them")
