"""Pure parser for 政务公开工作要点 and similar documents (no Django here).

    from tasks.parsing import parse_bytes, parse_text
    documents = parse_text(text)          # -> list[ParsedDocument]
"""

from .api import check_limits, parse_bytes, parse_rows, parse_text
from .model import (
    COLUMN_ROLES,
    FLAGS,
    KINDS,
    ROLES,
    Notice,
    ParsedDocument,
    ParsedSection,
    ParsedTable,
    ParsedTask,
    ParseError,
    UnitRef,
)

__all__ = [
    "COLUMN_ROLES",
    "FLAGS",
    "KINDS",
    "ROLES",
    "Notice",
    "ParseError",
    "ParsedDocument",
    "ParsedSection",
    "ParsedTable",
    "ParsedTask",
    "UnitRef",
    "check_limits",
    "parse_bytes",
    "parse_rows",
    "parse_text",
]
