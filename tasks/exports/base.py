"""The exporter base class and the registry of formats (``?format=xlsx|csv|pdf``).

An exporter turns a Ledger (tasks.exports.rows) into one file format. Every exporter reads the
same ``iter_table()`` (the header, then section and data rows), so the workbook, the CSV and the
PDF always hold the same rows. Page buttons and the ``export_ledger`` command both go through
``export_to_file``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from typing import BinaryIO, ClassVar

from tasks.exports.rows import HEADER, Ledger, Row


class UnknownFormat(ValueError):
    """The requested export format is not registered."""


class ExportTooLarge(ValueError):
    """The ledger has more rows than the format handles in reasonable time (PDF)."""


class LedgerExporter:
    """One file format for a ledger. Subclasses set the class attributes and implement ``write``."""

    identifier: ClassVar[str]
    verbose_name: ClassVar[str]
    extension: ClassVar[str]
    content_type: ClassVar[str]

    def __init__(self, ledger: Ledger):
        self.ledger = ledger

    def iter_table(self) -> Iterator[tuple | Row]:
        """The header, then the ledger's rows (SectionRow and LedgerRow), lazily."""
        yield HEADER
        yield from self.ledger.rows()

    @property
    def filename(self) -> str:
        return f"{self.ledger.filename_stem}_{self.ledger.generated_on:%Y%m%d}.{self.extension}"

    def write(self, out: BinaryIO) -> None:
        raise NotImplementedError


registry: dict[str, type[LedgerExporter]] = {}


def register(cls: type[LedgerExporter]) -> type[LedgerExporter]:
    registry[cls.identifier] = cls
    return cls


def exporter_class(identifier: str) -> type[LedgerExporter]:
    # Importing the package registers the built-in formats.
    import tasks.exports  # noqa: F401

    try:
        return registry[identifier]
    except KeyError:
        known = ", ".join(sorted(registry))
        raise UnknownFormat(f"Unknown export format {identifier!r}; use one of: {known}.") from None


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
