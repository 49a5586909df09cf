"""Split one file into documents, and a document into its body and its annexes.

A file may hold several issued documents one after another (seed 004 holds three); each starts
at its 文号 line (or at the masthead ``…文件`` just above it). Annexes (附件：… and the tables
or forms after it) belong to the document before them.
"""

from __future__ import annotations

import re

from .cleanup import Line
from .header import is_doc_number_line, is_masthead, normalize_doc_number

_ANNEX_RE = re.compile(r"^附件\s*\d*\s*(?:[:：]|$)")
_LOOKAHEAD = 8


def _starts_document(lines: list[Line], index: int) -> bool:
    """A 文号 line starts a document when a title (关于…) or a masthead is next to it."""
    if index > 0 and is_masthead(lines[index - 1].text):
        return True
    return any("关于" in line.text for line in lines[index + 1:index + 1 + _LOOKAHEAD])


def split_documents(lines: list[Line]) -> list[list[Line]]:
    """Cut ``lines`` at every 文号 line after the first one that starts a new document."""
    numbered = [i for i, line in enumerate(lines) if is_doc_number_line(line.text)]
    cuts = []
    for index in numbered[1:]:
        if index - (cuts[-1] if cuts else numbered[0]) < 3 or not _starts_document(lines, index):
            continue
        previous_number = normalize_doc_number(lines[max(i for i in numbered if i < index)].text)
        if normalize_doc_number(lines[index].text) == previous_number:
            continue  # the same 文号 printed again (a site's metadata, then the notice): one document
        start = index - 1 if index > 0 and is_masthead(lines[index - 1].text) else index
        cuts.append(start)
    documents = []
    previous = 0
    for cut in cuts:
        documents.append(lines[previous:cut])
        previous = cut
    documents.append(lines[previous:])
    return [doc for doc in documents if doc]


def is_annex_start(text: str) -> bool:
    return bool(_ANNEX_RE.match(text))


def split_annex(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """(body, annex): the annex starts at the first ``附件`` / ``附件：…`` / ``附件1：`` line."""
    for index, line in enumerate(lines):
        if is_annex_start(line.text):
            return lines[:index], lines[index:]
    return lines, []
