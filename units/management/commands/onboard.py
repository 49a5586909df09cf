"""A new office from its documents: ``onboard FILE... --jurisdiction NAME [--level LEVEL] [--parent NAME]
[--accounts OUT.xlsx] [--json]``.

Creates the jurisdiction if it is missing (its level guessed from the documents' issuer unless
given), imports the documents, creates the units they name (abbreviations linked) and the
collective references, one liaison account per unit with assignments and one office account,
and writes the one-time passwords to OUT.xlsx (用户名, 初始密码, 单位, 角色). All in one
transaction; run again it changes nothing and says so (and leaves OUT.xlsx alone).
"""

import io
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tasks.management.output import output_path_check
from tasks.parsing import ParseError
from tasks.services.errors import ServiceError
from tasks.services.import_limits import import_limits, limit_refusal
from tasks.services.import_messages import parse_error_text
from units.accounts import password_sheet_xlsx
from units.models import Jurisdiction
from units.onboarding import MAX_FILES, onboard

MAX_NAME = 100


class Command(BaseCommand):
    help = ("Onboard a new office from its own documents: jurisdiction, documents, units, collective "
            "references, liaison and office accounts with one-time passwords.")

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="FILE")
        parser.add_argument("--jurisdiction", required=True, help="Name of the issuing jurisdiction (青川市).")
        parser.add_argument("--level", choices=Jurisdiction.Level.values,
                            help="Level of a new jurisdiction (guessed from the documents' issuer if omitted).")
        parser.add_argument("--parent", help="Parent jurisdiction of a new one (created if missing).")
        parser.add_argument("--accounts", metavar="OUT.xlsx", help="Write the new accounts' one-time passwords here.")
        parser.add_argument("--json", action="store_true", help="Print the result as JSON on stdout.")
        parser.add_argument("--accept-suggestions", action="store_true",
                            help="Give tasks without a unit annotation the units their sentence names as subject.")

    def handle(self, *args, paths, jurisdiction, level=None, parent=None, accounts=None, json=False,
               accept_suggestions=False, **options):
        if len(paths) > MAX_FILES:
            raise CommandError(f"at most {MAX_FILES} files at once; {len(paths)} given")
        for value, option in ((jurisdiction, "--jurisdiction"), (parent, "--parent")):
            if value is not None and not 1 <= len(value.strip()) <= MAX_NAME:
                raise CommandError(f"{option} must have 1 to {MAX_NAME} characters")
        out = output_path_check(accounts) if accounts else None
        files = [(Path(p).name, self._read(Path(p))) for p in paths]
        try:
            result = onboard(jurisdiction_name=jurisdiction.strip(), files=files, level=level,
                             parent_name=parent.strip() if parent else None, accept_suggestions=accept_suggestions)
        except ParseError as exc:
            raise CommandError(" ".join(parse_error_text(exc).split())) from None
        except (ServiceError, ValueError) as exc:
            raise CommandError(" ".join(str(exc).split())) from None
        if out is not None and result.accounts:
            sheet = io.BytesIO()  # written whole, then saved: no partial file is left behind
            password_sheet_xlsx(result.accounts, sheet)
            out.write_bytes(sheet.getvalue())
        if json:
            self.stdout.write(_dumps(result.as_dict()))
            return
        self._summary(result, out)

    def _read(self, path: Path) -> bytes:
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        limits = import_limits()
        limit = max(limits.file_bytes, limits.text_bytes)
        size = path.stat().st_size
        if size > limit:
            raise CommandError(str(limit_refusal("file_bytes", limit=limit, found=size, filename=str(path))))
        return path.read_bytes()

    def _summary(self, result, out):
        j = result.jurisdiction
        self.stdout.write(f"{j.name} ({j.level}): {'created' if result.jurisdiction_created else 'exists'}")
        for doc in result.documents:
            state = "imported" if doc["imported"] else "already imported"
            self.stdout.write(f"{doc['doc_number'] or '-'} {doc['title']}: {state}, {doc['tasks']} tasks, "
                              f"{doc['assignments']} assignments, {doc['tasks_without_units']} tasks without units")
        self.stdout.write(f"units created: {result.units_created}, aliases: {result.aliases_created}, "
                          f"collectives created: {result.collectives_created}")
        self.stdout.write(f"accounts created: {len(result.accounts)}")
        if out is not None:
            self.stdout.write(f"one-time passwords written to {out}" if result.accounts
                              else f"no new accounts: {out} not written")
        if not result.changed:
            self.stdout.write("nothing changed: everything was already onboarded")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1)
