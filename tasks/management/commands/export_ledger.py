"""Export a document's ledger (or one unit's part of it, or its 落实情况报告) to a file.

    python manage.py export_ledger --document 薛政办发〔2021〕14号 --format xlsx -o ledger.xlsx
    python manage.py export_ledger --document 12 --unit 区财政局 --format csv -o caizheng.csv
    python manage.py export_ledger --document 12 --report -o report.pdf

Uses the same exporters as the download buttons; the command reads everything (no user).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from tasks.exports import ExportTooLarge, export_to_file
from tasks.exports.base import ledger_formats
from tasks.exports.report import DocumentReport
from tasks.exports.rows import document_ledger, unit_ledger
from tasks.exports.scopes import FULL_ACCESS
from tasks.management.output import output_path_check
from tasks.models import Document
from tasks.selectors.assignments import LightWindow
from units.models import Unit


class Command(BaseCommand):
    help = "Export a document's ledger (工作台账) as xlsx, csv or pdf, or its 落实情况报告 as pdf."

    def add_arguments(self, parser):
        parser.add_argument("--document", required=True, help="Document id or exact document number (文号).")
        parser.add_argument("--jurisdiction", help="Jurisdiction name, when several share the document number.")
        parser.add_argument("--unit", help="Only this unit's assignments (full name, short name or alias).")
        parser.add_argument("--format", default="xlsx", choices=ledger_formats(), help="Default: xlsx.")
        parser.add_argument("--report", action="store_true", help="Write the 落实情况报告 (PDF) instead.")
        parser.add_argument("-o", "--output", required=True, help="File to write.")

    def handle(self, *args, document, jurisdiction=None, unit=None, format="xlsx", report=False, output, **options):
        if report and unit:
            raise CommandError("--report covers the whole document; leave out --unit.")
        path = output_path_check(output)
        doc = self._document(document, jurisdiction)
        window = LightWindow.now()
        if report:
            self._write(path, lambda out: DocumentReport(document=doc, access=FULL_ACCESS, window=window).write(out))
            self.stdout.write(f"wrote {path} (落实情况报告 of {doc})")
            return
        if unit:
            ledger = unit_ledger(unit=self._unit(doc, unit), document=doc, access=FULL_ACCESS, window=window)
        else:
            ledger = document_ledger(document=doc, access=FULL_ACCESS, window=window)
        self._write(path, lambda out: export_to_file(ledger, format, out))
        self.stdout.write(f"wrote {path} ({format}, {ledger.heading})")

    def _write(self, path: Path, write) -> None:
        """Run ``write(handle)`` on the output file; on any failure no partial file is left."""
        try:
            with path.open("wb") as out:
                write(out)
        except ExportTooLarge as exc:
            path.unlink(missing_ok=True)
            raise CommandError(str(exc)) from None
        except OSError as exc:
            path.unlink(missing_ok=True)
            raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from None
        except BaseException:
            path.unlink(missing_ok=True)
            raise

    def _document(self, value: str, jurisdiction: str | None) -> Document:
        value = value.strip()
        candidates = Document.objects.select_related("jurisdiction")
        if jurisdiction:
            candidates = candidates.filter(jurisdiction__name=jurisdiction)
        lookup = Q(doc_number=value)
        if value.isdigit():
            lookup |= Q(pk=int(value))
        matches = list(candidates.filter(lookup))
        if not matches:
            raise CommandError(f"No document with id or document number {value!r}.")
        if len(matches) > 1:
            names = ", ".join(f"{d.pk} ({d.jurisdiction})" for d in matches)
            raise CommandError(f"{value!r} matches several documents: {names}. Use the id or --jurisdiction.")
        return matches[0]

    def _unit(self, document: Document, name: str) -> Unit:
        units = Unit.objects.filter(jurisdiction=document.jurisdiction_id)
        match = (
            units.filter(name=name).first()
            or units.filter(short_name=name).first()
            or units.filter(aliases__name=name).first()
        )
        if match is None:
            raise CommandError(f"No unit named {name!r} in {document.jurisdiction}.")
        return match
