"""Pure parser for 政务公开工作要点 and similar documents (no Django here).

    from tasks.parsing import parse_bytes, parse_text
    documents = parse_text(text)          # -> list[ParsedDocument]
"""

from .api import parse_bytes, parse_rows, parse_text
from .model import (
    FLAGS,
    KINDS,
    ROLES,
    ParsedDocument,
    ParsedSection,
    ParsedTask,
    ParseError,
    UnitRef,
)

__all__ = [
    "FLAGS",
    "KINDS",
    "ROLES",
    "ParseError",
    "ParsedDocument",
    "ParsedSection",
    "ParsedTask",
    "UnitRef",
    "parse_bytes",
    "parse_rows",
    "parse_text",
]
