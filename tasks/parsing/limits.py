"""Named bounds on what one import may cost, checked before a file is parsed (no Django here).

Every limit has a name (the field of :class:`ImportLimits`) and a message (:data:`MESSAGES`,
English msgids marked for translation; the import service translates them). The readers raise
:class:`ImportLimitExceeded` with the name, the limit and, when known, the value found.

Why these defaults: the five seed documents and the real 工作要点 / 任务分解表 seen so far are
below 100 KB of text, 1,000 lines, 300 paragraphs, 5 tables, 2,000 cells, 200 tasks and a few
hundred merged cells. Each default is at least ten times that, so no real document comes near,
while the worst file that passes every check still parses in seconds and in well under 200 MB:

- text: 2 MB / 50,000 lines — a 10 MB text took minutes and gigabytes in the parser;
- .docx / .xlsx: 20 MB on disk (the upload limit), 60 MB unpacked (images included), 16 MB of
  XML unpacked (what python-docx holds as an lxml tree, and openpyxl reads cell by cell), a
  compression ratio above 100 for a member over 1 MB (zip bombs; Office XML compresses 5–20×),
  at most 2,000 zip members, and no DTD (entity expansion) in any XML part;
- .docx: 20,000 paragraphs, 200 tables, 100,000 table cells, 1,000,000 XML elements in the body;
- .xlsx: 20 sheets, 5,000 rows × 100 columns per sheet (dimension, each cell's address and each
  merged range must fit), 200,000 cells and shared strings, 5,000 merged ranges covering at most
  200,000 cells in all (openpyxl creates one object per merged cell: ``A1:XFD1048576`` is 17
  billion of them);
- 2,000 tasks per file, and a stored preview (the draft's parse result) of at most 8 MB of JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from .model import ParseError

MB = 1024 * 1024


def gettext_noop(message: str) -> str:
    """Mark a msgid for makemessages without importing Django; translated by the import service."""
    return message


@dataclass(frozen=True)
class ImportLimits:
    text_bytes: int = 2 * MB
    text_lines: int = 50_000
    file_bytes: int = 20 * MB
    zip_members: int = 2_000
    unzipped_bytes: int = 60 * MB
    xml_bytes: int = 16 * MB
    compression_ratio: int = 100
    xml_elements: int = 1_000_000
    paragraphs: int = 20_000
    tables: int = 200
    table_cells: int = 100_000
    sheets: int = 20
    sheet_rows: int = 5_000
    sheet_columns: int = 100
    sheet_cells: int = 200_000
    merged_ranges: int = 5_000
    merged_cells: int = 200_000
    tasks: int = 2_000
    draft_bytes: int = 8 * MB

    @classmethod
    def from_overrides(cls, overrides: dict[str, Any] | None) -> ImportLimits:
        """Defaults with some limits replaced (``settings.OPENSCHED_IMPORT_LIMITS``); unknown names are refused."""
        overrides = dict(overrides or {})
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(overrides) - known)
        if unknown:
            raise ValueError(f"unknown import limits: {', '.join(unknown)} (known: {', '.join(sorted(known))})")
        bad = sorted(name for name, value in overrides.items() if not isinstance(value, int) or value <= 0)
        if bad:
            raise ValueError(f"import limits must be positive integers: {', '.join(bad)}")
        return replace(cls(), **overrides)


DEFAULT_LIMITS = ImportLimits()

# Placeholders: %(limit)s (the bound, in MB for sizes) and %(found)s (what the file has, may be "?").
MESSAGES: dict[str, str] = {
    "text_bytes": gettext_noop("The text is larger than %(limit)s MB; import limit: text size."),
    "text_lines": gettext_noop("The text has more than %(limit)s lines (%(found)s); import limit: text lines."),
    "file_bytes": gettext_noop("The file is larger than %(limit)s MB; import limit: file size."),
    "zip_members": gettext_noop("The file holds more than %(limit)s parts; import limit: parts in the file."),
    "unzipped_bytes": gettext_noop(
        "The file unpacks to more than %(limit)s MB; import limit: unpacked size."),
    "xml_bytes": gettext_noop("The file's text parts unpack to more than %(limit)s MB; import limit: XML size."),
    "compression_ratio": gettext_noop(
        "The file is compressed more than %(limit)s times (a zip bomb?); import limit: compression ratio."),
    "xml_dtd": gettext_noop("The file contains an XML document type declaration, which Office files never have."),
    "xml_elements": gettext_noop(
        "The document has more than %(limit)s XML elements; import limit: document elements."),
    "paragraphs": gettext_noop("The document has more than %(limit)s paragraphs; import limit: paragraphs."),
    "tables": gettext_noop("The document has more than %(limit)s tables; import limit: tables."),
    "table_cells": gettext_noop("The document's tables have more than %(limit)s cells; import limit: table cells."),
    "sheets": gettext_noop("The workbook has more than %(limit)s sheets; import limit: sheets."),
    "sheet_rows": gettext_noop("A sheet reaches beyond row %(limit)s (%(found)s); import limit: sheet rows."),
    "sheet_columns": gettext_noop(
        "A sheet reaches beyond column %(limit)s (%(found)s); import limit: sheet columns."),
    "sheet_cells": gettext_noop("The workbook has more than %(limit)s cells; import limit: cells."),
    "merged_ranges": gettext_noop("The workbook has more than %(limit)s merged ranges; import limit: merged ranges."),
    "merged_cells": gettext_noop(
        "The workbook's merged ranges cover more than %(limit)s cells (%(found)s); import limit: merged cells."),
    "tasks": gettext_noop("The file holds more than %(limit)s tasks (%(found)s); import limit: tasks."),
    "draft_bytes": gettext_noop(
        "The import preview would take more than %(limit)s MB; import limit: draft size."),
}
SIZE_LIMITS = frozenset({"text_bytes", "file_bytes", "unzipped_bytes", "xml_bytes", "draft_bytes"})


class ImportLimitExceeded(ParseError):
    """A file goes beyond a named import limit; nothing has been parsed.

    ``limit_name`` names the limit (a field of ImportLimits, or ``xml_dtd``), ``limit`` is its
    value and ``found`` what the file has when it was counted (None when counting stopped early).
    """

    def __init__(self, limit_name: str, limit: int | None = None, found: int | str | None = None) -> None:
        self.limit_name = limit_name
        self.limit = limit
        self.found = found
        values = self.message_params()
        message = MESSAGES[limit_name] % values
        super().__init__("limit", {"limit_name": limit_name, **values})
        self.args = (message,)

    def message_params(self) -> dict[str, Any]:
        """The message's placeholders: sizes in MB, counts as they are."""
        limit = self.limit
        if limit is not None and self.limit_name in SIZE_LIMITS:
            limit = round(limit / MB) if limit >= MB else round(limit / MB, 2)
        return {"limit": limit if limit is not None else "?", "found": self.found if self.found is not None else "?"}

    def __str__(self) -> str:
        return self.args[0]
