"""PDF output with WeasyPrint: the ledger, and the shared rendering used by the 落实情况报告.

Every PDF extends templates/tasks/exports/_page.html (A4 landscape, the title in the page header,
"第 N 页 / 共 M 页" and the generation date in the footer) and embeds one CJK font, named by the
``OPENSCHED_PDF_FONT`` setting (default: Debian's fonts-wqy-microhei). WenQuanYi Micro Hei is
used rather than Noto Sans CJK: WeasyPrint subsets the font at every render, and with the smaller
font that step took 1.2–2.5 s instead of 3.4–5.2 s for a 1,000-row (109-page) ledger, and the file
was 568 KB instead of 870 KB (63 KB instead of 344 KB for three pages); measured for issue 6.

WeasyPrint may fetch nothing but that font file: text from reports is autoescaped by the
template, and the URL fetcher refuses every other URL, so no report can make the server read a
local file or call the network while rendering.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from tasks.exports.base import ExportTooLarge, LedgerExporter, register
from tasks.exports.rows import LedgerRow, SectionRow
from tasks.exports.safe import clean_text

DEFAULT_FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
FONT_FAMILY_FALLBACK = "WenQuanYi Micro Hei"
# Above this many rows a PDF takes minutes; the workbook has no such limit.
PDF_MAX_ROWS = 5000


def font_path() -> Path:
    return Path(getattr(settings, "OPENSCHED_PDF_FONT", DEFAULT_FONT))


def font_context() -> dict:
    path = font_path()
    return {
        "font_url": path.as_uri() if path.is_file() else "",
        "font_fallback": FONT_FAMILY_FALLBACK,
    }


def _url_fetcher(allowed: set[str]):
    from weasyprint.urls import URLFetcher

    class OnlyTheFont(URLFetcher):
        def fetch(self, url, headers=None):
            if url not in allowed:
                raise ValueError(f"PDF rendering may not fetch {url!r}")
            return super().fetch(url, headers)

    return OnlyTheFont()


def render_pdf(template: str, context: dict, out: BinaryIO, *, on_pages: Callable[[int], None] | None = None) -> None:
    """Render a template under templates/tasks/exports/ to PDF into ``out``; ``on_pages(n)`` hears
    how many pages the layout made, before they are written."""
    _quiet_progress_log()
    from weasyprint import HTML  # imported here: it is slow to import and only PDFs need it

    fonts = font_context()
    html = render_to_string(template, {**context, **fonts})
    allowed = {fonts["font_url"]} if fonts["font_url"] else set()
    document = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=_url_fetcher(allowed)).render()
    if on_pages is not None:
        on_pages(len(document.pages))
    document.write_pdf(out)


def _quiet_progress_log() -> None:
    """WeasyPrint logs every page it lays out at INFO; keep that out of the server log unless configured."""
    progress = logging.getLogger("weasyprint.progress")
    if progress.level == logging.NOTSET:
        progress.setLevel(logging.WARNING)


def _clean_row(item):
    if isinstance(item, SectionRow):
        return SectionRow(clean_text(item.title))
    if isinstance(item, LedgerRow):
        cells = tuple(clean_text(v) if isinstance(v, str) else v for v in item.cells)
        return LedgerRow(cells=cells, light=item.light)
    return item


@register
class PdfLedger(LedgerExporter):
    identifier = "pdf"
    verbose_name = _("PDF")
    extension = "pdf"
    content_type = "application/pdf"

    def check(self) -> None:
        count = self.ledger.assignments.count()
        if count > PDF_MAX_ROWS:
            raise ExportTooLarge(
                _("The ledger has %(count)s rows; a PDF is limited to %(limit)s. Export it to Excel instead.")
                % {"count": count, "limit": PDF_MAX_ROWS}
            )

    def write(self, out: BinaryIO) -> None:
        self.check()
        table = self.iter_table()
        header = next(table)
        context = {
            "ledger": self.ledger,
            "page_title": self.ledger.heading,
            "header_title": self.ledger.heading,
            "generated_on": self.ledger.generated_on,
            "header": header,
            "rows": [_clean_row(item) for item in table],
        }
        render_pdf("tasks/exports/ledger.html", context, out)
