import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from tasks import deadlines
from tasks.bounds import (
    FIRST_SUPPORTED_DATE,
    LAST_SUPPORTED_DATE,
    MAX_DEADLINE_PHRASE_CHARS,
    SUPPORTED_YEARS,
    date_supported,
)
from tasks.selectors.calendar import work_calendar


def _date_arg(value: str) -> date:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date: use YYYY-MM-DD") from None
    if not date_supported(day):
        raise CommandError(f"{value} is outside the supported dates ({FIRST_SUPPORTED_DATE} to {LAST_SUPPORTED_DATE})")
    return day


class Command(BaseCommand):
    help = "Resolve a deadline phrase such as 本要点发布20个工作日内 against an issue date, in Chinese working days."

    def add_arguments(self, parser):
        parser.add_argument("phrase")
        parser.add_argument("--issued", required=True, help="Issue date of the document, YYYY-MM-DD.")
        parser.add_argument("--year", type=int, help="Document year when it differs from the issue date's year.")
        parser.add_argument("--event", help="Date of the event for 'N working days after …' phrases, YYYY-MM-DD.")
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args, phrase, issued, year=None, event=None, json=False, **options):
        if len(phrase) > MAX_DEADLINE_PHRASE_CHARS:
            raise CommandError(
                f"the phrase has {len(phrase)} characters; at most {MAX_DEADLINE_PHRASE_CHARS} are resolved")
        if year is not None and year not in SUPPORTED_YEARS:
            raise CommandError(f"--year {year} is outside {SUPPORTED_YEARS.start}..{SUPPORTED_YEARS.stop - 1}")
        issued_on = _date_arg(issued)
        deadline = deadlines.resolve(
            phrase,
            issued_on=issued_on,
            year=year or issued_on.year,
            calendar=work_calendar(),
            event_on=_date_arg(event) if event else None,
        )
        dues = [d.isoformat() for d in deadline.dues]
        payload = {
            "kind": deadline.kind,
            "due": deadline.due.isoformat() if deadline.due else None,
            "dues": dues,
            "provisional": deadline.provisional,
            "phrase": phrase,
        }
        if deadline.warnings:
            payload["warnings"] = list(deadline.warnings)
        if json:
            self.stdout.write(_json_dumps(payload))
            return
        self.stdout.write(f"kind: {payload['kind']}")
        self.stdout.write(f"due: {payload['due'] or '-'}{' (provisional)' if deadline.provisional else ''}")
        for code in deadline.warnings:
            self.stdout.write(f"warning: {code}")
        if deadline.kind == "recurring":
            for period in deadline.periods:
                self.stdout.write(f"  {period.label}: {period.due.isoformat()}")


def _json_dumps(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=False)
