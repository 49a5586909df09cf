"""The exporter base classes and the registry of exporters.

An exporter writes one file: ``write(out)``, with its ``filename`` and ``content_type``. The
registry holds every exporter under its identifier:

- the ledger formats (``?format=xlsx|csv|pdf``, :class:`LedgerExporter`): each turns a Ledger
  (tasks.exports.rows) into one file format, all reading the same ``iter_table()`` (the header,
  then section and data rows), so the workbook, the CSV and the PDF always hold the same rows;
- the reports: the document's 落实情况报告 (``report``), the overview (``overview``) and the
  year-end review (``yearly_review_xlsx``, ``yearly_review_pdf``).

The download buttons, the background export (tasks/jobs/) and the ``export_ledger`` command all
go through the same exporters. An exporter reports its progress through ``on_progress(done)``
(rows written, or pages rendered) when someone listens, e.g. the background task.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from typing import BinaryIO, ClassVar

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from tasks.exports.rows import HEADER, Ledger, LedgerRow, Row
from tasks.services.errors import ExportTooLarge, UnknownFormat

# How often (in rows) an exporter tells its listener how far it is.
PROGRESS_EVERY = 500

__all__ = [
    "ExportTooLarge", "Exporter", "LedgerExporter", "UnknownFormat", "exporter_class", "export_to_file",
    "export_to_tempfile", "ledger_formats", "register", "registry", "write_to_tempfile",
]


class Exporter:
    """One downloadable file. Subclasses set the class attributes and implement ``write``."""

    identifier: ClassVar[str]
    verbose_name: ClassVar[str]
    extension: ClassVar[str]
    content_type: ClassVar[str]
    progress_unit: ClassVar[str] = "rows"  # or "pages": what ``total`` and ``on_progress`` count

    # ``on_progress(done, total)``: total is None unless the exporter learnt it while writing.
    on_progress: Callable[[int, int | None], None] | None = None

    @property
    def filename(self) -> str:
        raise NotImplementedError

    def job_title(self) -> str:
        """What the "my exports" list calls this export."""
        return self.filename.rpartition(".")[0]

    def total(self) -> int:
        """How many units (rows) the export will write; 0 when it cannot be known cheaply."""
        return 0

    def check(self) -> None:
        """Refuse (ExportTooLarge, …) before any work starts; ``write`` calls it again."""

    def report_progress(self, done: int, total: int | None = None) -> None:
        if self.on_progress is not None:
            self.on_progress(done, total)

    def pages_rendered(self, pages: int) -> None:
        """For ``render_pdf(on_pages=…)``: a PDF's pages are known once laid out."""
        self.report_progress(pages, pages)

    def write(self, out: BinaryIO) -> None:
        raise NotImplementedError


class LedgerExporter(Exporter):
    """One file format for a ledger."""

    def __init__(self, ledger: Ledger):
        self.ledger = ledger

    def iter_table(self) -> Iterator[tuple | Row]:
        """The header, then the ledger's rows (SectionRow and LedgerRow), lazily; every
        PROGRESS_EVERY data rows the listener hears how many have been read."""
        yield HEADER
        done = 0
        for row in self.ledger.rows():
            yield row
            if isinstance(row, LedgerRow):
                done += 1
                if done % PROGRESS_EVERY == 0:
                    self.report_progress(done)
        self.report_progress(done)

    def total(self) -> int:
        if getattr(self, "_total", None) is None:
            self._total = self.ledger.row_count()  # one COUNT, asked by the policy and the job
        return self._total

    def job_title(self) -> str:
        return self.ledger.heading

    @property
    def filename(self) -> str:
        return f"{self.ledger.filename_stem}_{self.ledger.generated_on:%Y%m%d}.{self.extension}"


registry: dict[str, type[Exporter]] = {}


def register(cls: type[Exporter]) -> type[Exporter]:
    registry[cls.identifier] = cls
    return cls


def _load() -> None:
    # Importing the package registers the built-in exporters.
    import tasks.exports  # noqa: F401


def ledger_formats() -> list[str]:
    """The identifiers a ledger can be exported to (``?format=``)."""
    _load()
    return sorted(name for name, cls in registry.items() if issubclass(cls, LedgerExporter))


def exporter_class(identifier: str, kind: type[Exporter] = LedgerExporter) -> type[Exporter]:
    """The registered exporter ``identifier`` of the given kind (by default: a ledger format)."""
    _load()
    cls = registry.get(identifier)
    if cls is None or not issubclass(cls, kind):
        known = ", ".join(name for name in sorted(registry) if issubclass(registry[name], kind))
        raise UnknownFormat(_("Unknown export format “%(format)s”; use one of: %(known)s.")
                            % {"format": Truncator(identifier).chars(20), "known": known})
    return cls


def export_to_file(ledger: Ledger, identifier: str, out: BinaryIO) -> LedgerExporter:
    exporter = exporter_class(identifier)(ledger)
    exporter.write(out)
    return exporter


def write_to_tempfile(write: Callable[[BinaryIO], object]) -> BinaryIO:
    """Call ``write(file)`` on an anonymous temporary file (deleted on close); return it rewound.

    The caller owns the open file: a FileResponse streams it and closes it when the download ends.
    """
    out = tempfile.TemporaryFile(prefix="opensched-export-")  # noqa: SIM115 (returned open, on purpose)
    try:
        write(out)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return out


def export_to_tempfile(ledger: Ledger, identifier: str) -> tuple[BinaryIO, LedgerExporter]:
    exporter = exporter_class(identifier)(ledger)
    return write_to_tempfile(exporter.write), exporter
