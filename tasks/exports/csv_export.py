"""The ledger as CSV: the same header and rows as the workbook, UTF-8 with a BOM.

The BOM (``utf-8-sig``) is what makes Excel on Windows read the file as UTF-8 instead of the
local code page, so Chinese text opens correctly by double-click. CSV has no cell types, so the
formula guard is the quote prefix of tasks.exports.safe alone. A section row is a row with the
section title in the first column and the other columns empty, as the workbook shows it (the
workbook's own title and date rows are left out so that the header is the first line).
"""

import csv
import io
from typing import BinaryIO

from django.utils.translation import gettext_lazy as _

from tasks.exports.base import LedgerExporter, register
from tasks.exports.rows import HEADER, LedgerRow, SectionRow
from tasks.exports.safe import safe_cell


@register
class CsvLedger(LedgerExporter):
    identifier = "csv"
    verbose_name = _("CSV (UTF-8)")
    extension = "csv"
    content_type = "text/csv; charset=utf-8"

    def write(self, out: BinaryIO) -> None:
        text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
        writer = csv.writer(text)
        padding = [""] * (len(HEADER) - 1)
        for item in self.iter_table():
            if isinstance(item, SectionRow):
                writer.writerow([safe_cell(item.title), *padding])
            elif isinstance(item, LedgerRow):
                writer.writerow(["" if v is None else safe_cell(v) for v in item.cells])
            else:
                writer.writerow(item)
        text.flush()
        text.detach()  # leave ``out`` open for the caller
