"""Import work-point documents from files: ``import_document PATH... [--jurisdiction NAME] [--dry-run] [--json]``.

A file that cannot be imported (unreadable, beyond an import limit, already imported) is one
line of the CommandError, ``PATH: reason``; the other files are imported all the same.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tasks.parsing import ParseError
from tasks.services.errors import DocumentImportError
from tasks.services.import_limits import import_limits, limit_refusal
from tasks.services.import_messages import CodedImportError, parse_error_text, warning_text
from tasks.services.import_preview import build_preview
from tasks.services.importing import document_import
from units.models import Jurisdiction


class Command(BaseCommand):
    help = (
        "Read work-point documents (.txt/.md in UTF-8 or GBK, .docx, .xlsx) into documents, sections, tasks "
        "and assignments. Each document is saved in one transaction; an existing 文号 is refused unless --replace."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--jurisdiction", help="Name of the issuing jurisdiction (guessed from the file if omitted)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Parse and report; save nothing.")
        parser.add_argument("--json", action="store_true", help="Print the parse result as JSON on stdout.")
        parser.add_argument("--replace", action="store_true", help="Replace a document with the same 文号.")
        parser.add_argument("--publish", action="store_true", help="Publish the imported documents at once.")
        parser.add_argument(
            "--accept-suggestions",
            action="store_true",
            help="Give tasks without a unit annotation the units their sentence names as subject (各镇街、各部门要…).",
        )

    def handle(self, *args, paths, jurisdiction=None, dry_run=False, json=False, replace=False, publish=False,
               accept_suggestions=False, **options):
        target = None
        if jurisdiction:
            target = Jurisdiction.objects.filter(name=jurisdiction).first()
            if target is None:
                raise CommandError(f"unknown jurisdiction {jurisdiction!r}; known: "
                                   + ", ".join(Jurisdiction.objects.values_list("name", flat=True)))
        combined = {"documents": [], "warnings": []}
        failures = []
        for path in paths:
            try:
                data = self._read(Path(path))
                preview = build_preview(filename=Path(path).name, data=data, jurisdiction=target)
                offset = len(combined["documents"])
                combined["documents"].extend(preview["documents"])
                combined["warnings"].extend(
                    {**w, "document": w["document"] + offset} for w in preview["warnings"]
                )
                if not dry_run:
                    saved = document_import(
                        preview=preview,
                        jurisdiction=Jurisdiction.objects.get(pk=preview["jurisdiction_id"]),
                        replace=replace,
                        publish=publish,
                        decisions={"accept_suggestions": accept_suggestions},
                        source=(Path(path).name, data),
                    )
                    if not json:
                        for document in saved:
                            self.stdout.write(
                                f"imported {document.doc_number or '-'} {document.title}: "
                                f"{document.tasks.count()} tasks"
                            )
                elif not json:
                    self._summary(path, preview)
            except ParseError as exc:
                failures.append(f"{path}: {' '.join(parse_error_text(exc).split())}")
            except (DocumentImportError, OSError) as exc:
                failures.append(f"{path}: {' '.join(str(exc).split())}")
        if json:
            self.stdout.write(_dumps(combined))
        if failures:
            if len(paths) > 1:
                failures.append(f"{len(failures)} of {len(paths)} files not imported")
            raise CommandError("\n".join(failures))

    def _read(self, path: Path) -> bytes:
        """The file's bytes, refused by its size before it is read."""
        if not path.is_file():
            raise CodedImportError("no_such_file", path=str(path))
        limits = import_limits()
        limit = max(limits.file_bytes, limits.text_bytes)
        size = path.stat().st_size
        if size > limit:
            raise limit_refusal("file_bytes", limit=limit, found=size)
        return path.read_bytes()

    def _summary(self, path, preview):
        for doc in preview["documents"]:
            with_units = sum(1 for t in doc["tasks"] if t["units"])
            self.stdout.write(
                f"{path}: {doc['doc_number'] or '-'} {doc['title']}: {len(doc['tasks'])} tasks, "
                f"{with_units} with units (dry run, nothing saved)"
            )


def _dumps(data) -> str:
    def public(doc):
        return {
            "doc_number": doc["doc_number"], "title": doc["title"], "issuer": doc["issuer"],
            "issued_on": doc["issued_on"], "year": doc["year"],
            "tasks": [
                {
                    "number": t["number"], "section": t["section"], "text": t["text"],
                    "units": [{"name": u["name"], "role": u["role"], "unit": u["unit"],
                               "collective": u["collective"]} for u in t["units"]],
                    "deadline": t["deadline"], "flags": t["flags"],
                }
                for t in doc["tasks"]
            ],
        }

    warnings = [{"document": w["document"], "task": w["task"], "message": warning_text(w)} for w in data["warnings"]]
    payload = {"documents": [public(d) for d in data["documents"]], "warnings": warnings}
    return json.dumps(payload, ensure_ascii=False, indent=1)


