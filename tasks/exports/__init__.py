"""Exports of the ledger (工作台账) to Excel, CSV and PDF, and the PDF 落实情况报告.

- ``rows``: ledger rows from the shared selectors (one header, section and data rows);
- ``scopes``: which assignments a document, unit or filtered-list export covers;
- ``base``: the exporter base class and the registry of formats;
- ``xlsx``, ``csv_export``, ``pdf``: one exporter per format; ``report``: the document report;
  ``overview``: the overview's PDF; ``yearly_review``: the year-end review (回头看), Excel and PDF;
- ``download``: the one helper that sends an exporter's file as an attachment;
- ``safe``: formula-injection and illegal-character sanitising for every cell.

Importing this package registers the formats.
"""

from tasks.exports import csv_export, overview, pdf, report, xlsx, yearly_review  # noqa: F401  (registration)
from tasks.exports.base import ExportTooLarge, UnknownFormat, export_to_file, export_to_tempfile, registry

__all__ = ["ExportTooLarge", "UnknownFormat", "export_to_file", "export_to_tempfile", "registry"]
