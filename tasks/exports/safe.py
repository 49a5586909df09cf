"""Cell sanitising shared by every export format.

Two dangers, one function:

- *Formula injection*: a spreadsheet reads a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and
  some readers also after a leading tab, CR or LF) as a formula, so a progress report reading
  ``=cmd|' /C calc'!A0`` could run a command on the reviewer's machine. Such strings get a leading
  single quote (OWASP's advice). The quote is visible, which is the point: the value stays text
  even when the file is re-saved as CSV or opened by a reader that ignores cell types (WPS,
  LibreOffice imports). The XLSX writer also stores every string with the string cell type, so
  neither defence depends on the other.
- *Characters Excel rejects*: control characters other than tab, LF and CR make the workbook
  unreadable (openpyxl refuses them); they are removed, in every format, so that the CSV and PDF
  show exactly what the workbook shows.
"""

from functools import lru_cache

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
# Excel's limit for one cell; longer text is cut with an ellipsis rather than failing the export.
MAX_CELL_CHARS = 32_000


def clean_text(value: str) -> str:
    """Remove characters Excel rejects and cut text to what one cell holds."""
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if len(value) > MAX_CELL_CHARS:
        value = value[: MAX_CELL_CHARS - 1] + "…"
    return value


def safe_cell(value):
    """A value that no spreadsheet reads as a formula; non-strings pass through unchanged."""
    if not isinstance(value, str):
        return value
    return safe_text(value)


@lru_cache(maxsize=4096)
def safe_text(value: str) -> str:
    """Cached: a ledger repeats the same texts (a task's text on each unit's row, unit names, statuses)."""
    value = clean_text(value)
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
